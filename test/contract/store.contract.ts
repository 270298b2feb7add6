import { describe, expect, it } from 'vitest';
import type { CanonicalRecord, RawEnvelope, SalesOrder } from '../../src/canonical/index.js';
import { CANONICAL_MODEL_VERSION, canonicalId } from '../../src/canonical/index.js';
import type { Store } from '../../src/ports/store.js';

export function envelope(n: number, over: Partial<RawEnvelope> = {}): RawEnvelope {
  return {
    id: `env_${String(n).padStart(6, '0')}`,
    platform: 'shopify',
    connectionId: 'conn-a',
    object: 'orders',
    externalId: String(n),
    sourceVersion: '2026-01-01T00:00:00.000Z',
    sourceUpdatedAt: '2026-01-01T00:00:00.000Z',
    fetchedAt: '2026-01-02T00:00:00.000Z',
    contentType: 'application/json',
    payload: JSON.stringify({ id: n, total_price: '10.00' }),
    payloadHash: `h${n}`,
    pageHash: null,
    runId: 'run-1',
    ...over,
  };
}

export function order(sourceId: string, updatedAt: string, total: string, over: Partial<SalesOrder> = {}): SalesOrder {
  return {
    id: canonicalId('sales_order', 'conn-a', sourceId),
    kind: 'sales_order',
    companyId: 'conn-a',
    source: {
      platform: 'shopify',
      connectionId: 'conn-a',
      sourceId,
      sourceUpdatedAt: updatedAt,
      sourceOffset: '-05:00',
    },
    provenance: {
      envelopeId: `env-${sourceId}-${updatedAt}`,
      mappingVersion: 'm1',
      modelVersion: CANONICAL_MODEL_VERSION,
    },
    deleted: false,
    number: `#${sourceId}`,
    orderDate: '2026-01-01',
    orderedAt: '2026-01-01T15:00:00.000Z',
    customer: { sourceId: null, name: null },
    lines: [],
    currency: 'USD',
    subtotal: total,
    discountTotal: '0',
    taxTotal: '0',
    total,
    presentmentCurrency: null,
    presentmentTotal: null,
    currentTotal: total,
    refunds: [],
    refundedTotal: '0',
    cancelledAt: null,
    cancelReason: null,
    test: false,
    status: { value: 'open', original: 'open' },
    financialStatus: { value: 'paid', original: 'paid' },
    ...over,
  };
}

/** One suite every store adapter runs (SQLite, PostgreSQL, MariaDB). */
export function describeStoreContract(name: string, open: () => Promise<Store>) {
  describe(`Store contract: ${name}`, () => {
    it('stores raw envelopes append-only and idempotently, byte for byte', async () => {
      const store = await open();
      try {
        const payload = '{"id": 1,  "total_price":"10.00", "note":"ünïcode ✓"}';
        const envs = [envelope(1, { payload }), envelope(2), envelope(3)];
        expect(
          await store.raw.put(envs, [
            {
              hash: 'p1',
              connectionId: 'conn-a',
              contentType: 'application/json',
              body: '[1,2,3]',
              source: 'u',
              fetchedAt: '2026-01-02T00:00:00.000Z',
            },
          ]),
        ).toBe(3);
        expect(await store.raw.put(envs)).toBe(0);
        const [got] = await store.raw.get(['env_000001']);
        expect(got?.payload).toBe(payload);
        expect(got).toEqual(envs[0]);
        expect((await store.raw.getPage('p1'))?.body).toBe('[1,2,3]');
        expect(await store.raw.count({ connectionId: 'conn-a' })).toBe(3);
        const batches: string[][] = [];
        for await (const b of store.raw.scan({ object: 'orders' }, 2)) batches.push(b.map((e) => e.id));
        expect(batches).toEqual([['env_000001', 'env_000002'], ['env_000003']]);
      } finally {
        await store.close();
      }
    });

    it('bulk-writes many envelopes in one call', async () => {
      const store = await open();
      try {
        const envs = Array.from({ length: 2500 }, (_, i) => envelope(1000 + i));
        expect(await store.raw.put(envs)).toBe(2500);
        expect(await store.raw.count()).toBe(2500);
      } finally {
        await store.close();
      }
    });

    it('upserts canonical records idempotently and never lets an older version win', async () => {
      const store = await open();
      try {
        const v1 = order('1', '2026-01-01T00:00:00.000Z', '10.00');
        const v2 = order('1', '2026-01-02T00:00:00.000Z', '12.50');
        expect(await store.canonical.upsert([v1, order('2', '2026-01-01T00:00:00.000Z', '5.00')])).toEqual({
          written: 2,
          skippedOlder: 0,
        });
        expect(await store.canonical.upsert([v2])).toEqual({ written: 1, skippedOlder: 0 });
        expect(await store.canonical.upsert([v1])).toEqual({ written: 0, skippedOlder: 1 });
        // An equal version is rewritten: replay under a new mapping version replaces the row.
        const v2b = { ...v2, provenance: { ...v2.provenance, mappingVersion: 'm2' } };
        expect(await store.canonical.upsert([v2b])).toEqual({ written: 1, skippedOlder: 0 });
        const [got] = (await store.canonical.get([v1.id])) as SalesOrder[];
        expect(got?.total).toBe('12.50');
        expect(got?.provenance.mappingVersion).toBe('m2');
        // Within one batch, the newest wins whatever the order.
        const a = order('3', '2026-01-05T00:00:00.000Z', '7.00');
        const b = order('3', '2026-01-04T00:00:00.000Z', '6.00');
        expect(await store.canonical.upsert([a, b])).toEqual({ written: 1, skippedOlder: 1 });
        expect(((await store.canonical.get([a.id])) as SalesOrder[])[0]?.total).toBe('7.00');
        expect(await store.canonical.counts()).toEqual({ sales_order: { live: 3, deleted: 0 } });
        await store.canonical.upsert([order('2', '2026-01-03T00:00:00.000Z', '5.00', { deleted: true })]);
        expect(await store.canonical.counts()).toEqual({ sales_order: { live: 2, deleted: 1 } });
        const live: CanonicalRecord[] = [];
        for await (const batch of store.canonical.scan({ kind: 'sales_order' }, 1)) live.push(...batch);
        expect(live.map((r) => r.source.sourceId)).toEqual(['1', '3']);
      } finally {
        await store.close();
      }
    });

    it('keeps exact decimal strings through a round trip', async () => {
      const store = await open();
      try {
        const r = order('9', '2026-01-01T00:00:00.000Z', '123456789012345.6789');
        await store.canonical.upsert([r]);
        expect(((await store.canonical.get([r.id])) as SalesOrder[])[0]?.total).toBe('123456789012345.6789');
      } finally {
        await store.close();
      }
    });

    it('groups review items, counts repeats and tracks status', async () => {
      const store = await open();
      try {
        const item = {
          reason: 'LP_INPUT_SCHEMA',
          message: 'total_price: expected decimal',
          platform: 'shopify',
          connectionId: 'conn-a',
          object: 'orders',
          envelopeId: 'env_1',
          field: 'total_price',
        };
        await store.review.add([item, { ...item, envelopeId: 'env_2' }], '2026-01-01T00:00:00.000Z');
        await store.review.add([item], '2026-01-02T00:00:00.000Z');
        const open = await store.review.list({ status: 'open' });
        expect(open).toHaveLength(2);
        const first = open.find((i) => i.envelopeId === 'env_1');
        expect(first?.occurrences).toBe(2);
        expect(first?.firstSeen).toBe('2026-01-01T00:00:00.000Z');
        expect(first?.lastSeen).toBe('2026-01-02T00:00:00.000Z');
        expect(await store.review.groups()).toEqual([
          { reason: 'LP_INPUT_SCHEMA', platform: 'shopify', object: 'orders', field: 'total_price', open: 2, total: 2 },
        ]);
        expect(
          await store.review.setStatus(
            [first?.id ?? ''],
            'resolved',
            'ops@example.com',
            'fixed',
            '2026-01-03T00:00:00.000Z',
          ),
        ).toBe(1);
        expect(await store.review.list({ status: 'open' })).toHaveLength(1);
        expect((await store.review.list({ status: 'resolved' }))[0]?.resolvedBy).toBe('ops@example.com');
      } finally {
        await store.close();
      }
    });

    it('stores connections and per-stream sync state', async () => {
      const store = await open();
      try {
        const conn = {
          id: 'conn-a',
          platform: 'shopify' as const,
          account: 'shop-a.myshopify.com',
          baseUrl: 'http://127.0.0.1:1/shops/shop-a.myshopify.com',
          company: {
            legalName: 'A Ltd',
            naics: '44',
            country: 'US',
            baseCurrency: 'USD',
            timeZone: 'America/New_York',
            sizeBand: 'small' as const,
          },
          sealedCredentials: 'sealed',
          schedule: null,
          createdAt: '2026-01-01T00:00:00.000Z',
        };
        await store.connections.upsert(conn);
        await store.connections.upsert({ ...conn, schedule: 'hourly' });
        expect(await store.connections.get('conn-a')).toEqual({ ...conn, schedule: 'hourly' });
        const state = {
          connectionId: 'conn-a',
          stream: 'orders',
          cursor: 'c1',
          lastSyncAt: null,
          lastError: null,
          failures: 0,
        };
        await store.connections.saveState(state);
        await store.connections.saveState({ ...state, cursor: 'c2' });
        expect(await store.connections.getState('conn-a')).toEqual([{ ...state, cursor: 'c2' }]);
        expect(await store.connections.list()).toHaveLength(1);
        expect(await store.connections.remove('conn-a')).toBe(true);
        expect(await store.connections.get('conn-a')).toBeUndefined();
      } finally {
        await store.close();
      }
    });
  });
}
