import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawEnvelope } from '../canonical/index.js';
import type { DriftBaseline, DriftObservation, DriftStore } from '../ports/review-workflow.js';
import { createDriftDetector, fingerprint, judge, learn, shapeKey, stateOf } from './drift.js';
import { driftTree, fitsTree } from './drift-tree.js';

function memoryDriftStore() {
  const baselines = new Map<string, DriftBaseline>();
  const observations: DriftObservation[] = [];
  const store: DriftStore = {
    baseline: async (p, o) => baselines.get(`${p}/${o}`),
    saveBaseline: async (b) => {
      baselines.set(`${b.platform}/${b.object}`, b);
    },
    record: async (obs) => {
      observations.push(...obs);
    },
    alerts: async () => [],
    affected: async () => [],
    acknowledge: async () => undefined,
  };
  return { store, baselines, observations };
}

const env = (id: string, object = 'orders'): RawEnvelope => ({
  id,
  platform: 'shopify',
  connectionId: 'c1',
  object,
  externalId: id,
  sourceVersion: '1',
  sourceUpdatedAt: null,
  fetchedAt: '2026-01-01T00:00:00.000Z',
  contentType: 'application/json',
  payload: '{}',
  payloadHash: 'h',
  pageHash: null,
  runId: null,
});

const order = (i: number, over: Record<string, unknown> = {}) => ({
  id: i,
  total_price: '10.00',
  currency: 'USD',
  customer: i % 3 === 0 ? null : { id: i, first_name: 'A' },
  refunds: [],
  line_items: [{ id: 1, price: '10.00', quantity: 1 }],
  ...over,
});

describe('payload fingerprints', () => {
  it('records top-level and one nested level of paths and types', () => {
    const fp = fingerprint({ a: '1', b: { c: 2, d: { deep: true } }, e: [{ f: null }], g: ['x'], h: [] });
    expect(Object.fromEntries(fp)).toEqual({
      a: 'string',
      b: 'object',
      'b.c': 'number',
      'b.d': 'object',
      e: 'array',
      'e[].f': 'null',
      g: 'array',
      'g[]': 'string',
      h: 'array',
    });
    expect(shapeKey({ a: 1 })).toBe(shapeKey({ a: 2 }));
    expect(shapeKey({ a: 1 })).not.toBe(shapeKey({ a: '1' }));
  });
});

describe('drift detector', () => {
  it('learns a baseline, then alerts on fields added, removed and changing type, naming every envelope', async () => {
    const { store, baselines, observations } = memoryDriftStore();
    const d = createDriftDetector(store, { learnAfter: 10 });
    const envs = Array.from({ length: 30 }, (_, i) => env(`e${i}`));
    await d.prepare(envs);
    for (let i = 0; i < 10; i++) d.observe(order(i), envs[i] as RawEnvelope);
    await d.flush('2026-01-01T00:00:00.000Z');
    expect(baselines.get('shopify/orders')?.learned).toBe(true);
    expect(observations).toHaveLength(0);

    // Clean variety (null customer, refunds now non-empty: children never seen before) is not drift.
    d.observe(order(12, { refunds: [{ id: 1, amount: '1.00' }] }), envs[12] as RawEnvelope);
    const drifted = (i: number) => {
      const o: Record<string, unknown> = order(i);
      o['total_price_amount'] = o['total_price'];
      delete o['total_price'];
      return o;
    };
    d.observe(drifted(20), envs[20] as RawEnvelope);
    d.observe(drifted(21), envs[21] as RawEnvelope);
    d.observe(order(22, { total_price: 10 }), envs[22] as RawEnvelope);
    await d.flush('2026-01-02T00:00:00.000Z');
    const byPath = Object.fromEntries(observations.map((o) => [`${o.change}:${o.path}`, o]));
    expect(Object.keys(byPath).sort()).toEqual([
      'added:total_price_amount',
      'removed:total_price',
      'type_changed:total_price',
    ]);
    expect(byPath['added:total_price_amount']?.envelopeIds).toEqual(['e20', 'e21']);
    expect(byPath['removed:total_price']?.envelopeIds).toEqual(['e20', 'e21']);
    expect(byPath['type_changed:total_price']).toMatchObject({
      fromType: 'string',
      toType: 'number',
      envelopeIds: ['e22'],
    });
  });

  it('learns from the oldest payloads by source time, so drift inside the first batch is still caught', async () => {
    const { store, observations } = memoryDriftStore();
    const d = createDriftDetector(store, { learnAfter: 5 });
    const at = (i: number) => `2026-01-${String(10 + i).padStart(2, '0')}T00:00:00.000Z`;
    const envs = Array.from({ length: 8 }, (_, i) => ({ ...env(`e${i}`), sourceUpdatedAt: at(i) }));
    await d.prepare(envs);
    // One page, newest first; the two newest payloads are drifted.
    for (const i of [7, 6, 5, 4, 3, 2, 1, 0]) {
      d.observe(
        i >= 6 ? { ...order(i), total_price: undefined, total_price_amount: '1.00' } : order(i),
        envs[i] as RawEnvelope,
      );
    }
    await d.flush('2026-02-01T00:00:00.000Z');
    const added = observations.find((o) => o.change === 'added');
    expect(added).toMatchObject({ path: 'total_price_amount', envelopeIds: ['e6', 'e7'] });
  });

  it('reuses a stored baseline in a new process instead of learning the drifted shape', async () => {
    const { store, observations } = memoryDriftStore();
    const first = createDriftDetector(store, { learnAfter: 5 });
    const envs = Array.from({ length: 10 }, (_, i) => env(`e${i}`));
    await first.prepare(envs);
    for (let i = 0; i < 5; i++) first.observe(order(i), envs[i] as RawEnvelope);
    await first.flush('2026-01-01T00:00:00.000Z');

    const second = createDriftDetector(store, { learnAfter: 5 });
    await second.prepare(envs);
    second.observe({ ...order(6), extra: 'x' }, envs[6] as RawEnvelope);
    await second.flush('2026-01-01T00:00:00.000Z');
    expect(observations.map((o) => `${o.change}:${o.path}`)).toEqual(['added:extra']);
  });
});

describe('the hot-path tree', () => {
  it('never passes a payload the exact comparison finds drifted (property)', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    const scalar = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null));
    const inner = fc.dictionary(key, scalar, { maxKeys: 4 });
    const value = fc.oneof(scalar, inner, fc.array(inner, { maxLength: 2 }), fc.array(scalar, { maxLength: 2 }));
    const payload = fc.dictionary(key, value, { maxKeys: 5 });
    fc.assert(
      fc.property(fc.array(payload, { minLength: 1, maxLength: 6 }), payload, (sample, p) => {
        const state = stateOf('p', 'o', undefined);
        for (const s of sample) learn(state, fingerprint(s));
        const tree = driftTree(state.paths, state.payloads);
        if (fitsTree(tree, p)) expect(judge(state, fingerprint(p))).toEqual([]);
        // Every learning payload fits its own baseline's tree unless the sample disagrees with itself.
        const single = stateOf('p', 'o', undefined);
        learn(single, fingerprint(p));
        expect(fitsTree(driftTree(single.paths, single.payloads), p)).toBe(true);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
