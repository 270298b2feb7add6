import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../adapters/shared-state/memory/shared-state.js';
import { createSqliteStore } from '../adapters/store/sqlite/store.js';
import type { Product, RawEnvelope } from '../canonical/index.js';
import { canonicalId } from '../canonical/index.js';
import { systemClock } from '../connectors/kit/clock.js';
import type { ConnectorDefinition } from '../connectors/kit/define.js';
import { type MapContext, provenanceOf, review } from '../connectors/kit/mapper.js';
import { silentLogger } from '../log/logger.js';
import type { Queue } from '../ports/queue.js';
import type { Store } from '../ports/store.js';
import { createSecretBox } from '../security/secret-box.js';
import type { Runtime } from './context.js';
import type { NormalizeEnv } from './normalize.js';
import { diffFields, isEmptyDiff, replay } from './replay.js';

/** A one-object connector: `{id, name, price, at}` → Product; a payload without `name` goes to review. */
function mapItem(raw: unknown, ctx: MapContext) {
  const p = raw as { id: string; name?: string; price: string; at: string };
  if (p.name === undefined) return review('LP_INPUT_SCHEMA', 'item: name is missing', 'name');
  const product: Product = {
    kind: 'product',
    id: canonicalId('product', ctx.connectionId, p.id),
    companyId: ctx.connectionId,
    source: { platform: 'files', connectionId: ctx.connectionId, sourceId: p.id, sourceUpdatedAt: p.at },
    provenance: provenanceOf(ctx),
    deleted: false,
    name: p.name,
    sku: null,
    productType: null,
    currency: 'USD',
    unitPrice: p.price,
    unitCost: null,
    tracked: false,
    quantityOnHand: null,
    variants: [],
    status: { value: 'active', original: 'active' },
  };
  return { ok: [product] };
}

const connector = { platform: 'files', mappingVersion: 'items-1', streams: [], mappers: { items: mapItem } };

function envelope(id: string, payload: Record<string, unknown>): RawEnvelope {
  return {
    id,
    platform: 'files',
    connectionId: 'c1',
    object: 'items',
    externalId: String(payload['id']),
    sourceVersion: String(payload['at']),
    sourceUpdatedAt: String(payload['at']),
    fetchedAt: '2026-02-01T00:00:00.000Z',
    contentType: 'application/json',
    payload: JSON.stringify(payload),
    payloadHash: id,
    pageHash: null,
    runId: id.startsWith('b') ? 'run-b' : 'run-a',
  };
}

let store: Store;
let rt: Runtime;
let mappingVersion = 'items-1';
const env = (): NormalizeEnv => ({
  connector: async () => ({ ...connector, mappingVersion }) as unknown as ConnectorDefinition,
  company: async () => undefined,
});

beforeEach(async () => {
  mappingVersion = 'items-1';
  store = await createSqliteStore(new URL('sqlite::memory:'), { logger: silentLogger(), clock: systemClock });
  rt = {
    store,
    queue: {} as Queue,
    shared: createMemorySharedState(),
    logger: silentLogger(),
    clock: systemClock,
    secrets: createSecretBox(Buffer.alloc(32, 1)),
  };
  await store.raw.put([
    envelope('a1', { id: '1', name: 'One', price: '1.00', at: '2026-01-01T00:00:00.000Z' }),
    envelope('a2', { id: '2', price: '2.00', at: '2026-01-01T00:00:00.000Z' }),
    envelope('b1', { id: '1', name: 'One v2', price: '1.50', at: '2026-01-05T00:00:00.000Z' }),
  ]);
});
afterEach(async () => {
  await store.close();
});

describe('diffFields', () => {
  it('lists leaf changes as dot paths', () => {
    expect(diffFields({ a: 1, b: { c: [1, 2] }, d: 'x' }, { a: 1, b: { c: [1, 3] }, e: 'y' })).toEqual([
      { path: 'b.c.1', before: 2, after: 3 },
      { path: 'd', before: 'x', after: null },
      { path: 'e', before: null, after: 'y' },
    ]);
    expect(diffFields({ a: [1] }, { a: [1] })).toEqual([]);
  });
});

describe('replay', () => {
  it('needs a selection', async () => {
    await expect(replay(rt, {}, { dryRun: true, by: 't', env: env() })).rejects.toThrow(/needs a selection/);
  });

  it('diffs, applies, and is then a no-op; the newest source version wins across batches', async () => {
    const dry = await replay(rt, { connectionId: 'c1' }, { dryRun: true, by: 't', env: env(), batchSize: 1 });
    expect(dry.counts).toEqual({ added: 1, changed: 0, removed: 0, opened: 1, resolved: 0 });
    // a1 (version 1) then b1 (version 2) of the same item: one net addition of version 2.
    expect(dry.superseded).toBe(0);
    expect(dry.added[0]).toMatchObject({ envelopeId: 'b1', mappingVersion: 'items-1' });
    expect(await store.canonical.counts()).toEqual({});

    const applied = await replay(rt, { connectionId: 'c1' }, { dryRun: false, by: 't', env: env(), batchSize: 1 });
    expect(applied.counts).toEqual(dry.counts);
    const [p] = (await store.canonical.get([canonicalId('product', 'c1', '1')])) as Product[];
    expect(p).toMatchObject({ name: 'One v2', unitPrice: '1.50' });
    expect(await store.review.list({ status: 'open' })).toHaveLength(1);

    // The stored version is newer than envelope a1's: the version guard keeps it.
    const old = await replay(rt, { envelopeIds: ['a1'] }, { dryRun: false, by: 't', env: env() });
    expect(old.superseded).toBe(1);
    expect(isEmptyDiff(old)).toBe(true);

    const again = await replay(rt, { connectionId: 'c1' }, { dryRun: false, by: 't', env: env() });
    expect(isEmptyDiff(again)).toBe(true);
    expect(again.unchanged).toBe(1);
    expect((await store.workflow.audit.list({ action: 'replay.apply' })).length).toBe(3);
  });

  it('shows a new mapping version as field-level changes, and selects by run id', async () => {
    await replay(rt, { connectionId: 'c1' }, { dryRun: false, by: 't', env: env() });
    mappingVersion = 'items-2';
    const diff = await replay(rt, { runId: 'run-b' }, { dryRun: true, by: 't', env: env() });
    expect(diff.envelopes).toBe(1);
    expect(diff.changed).toEqual([
      expect.objectContaining({
        id: canonicalId('product', 'c1', '1'),
        fields: [{ path: 'provenance.mappingVersion', before: 'items-1', after: 'items-2' }],
      }),
    ]);
  });

  it('filters envelopes with `where` (mapping-rule previews)', async () => {
    const diff = await replay(
      rt,
      { connectionId: 'c1' },
      { dryRun: true, by: 't', env: env(), where: (e) => e.payload.includes('"name"') },
    );
    expect(diff.envelopes).toBe(2);
    expect(diff.counts.opened).toBe(0);
  });
});
