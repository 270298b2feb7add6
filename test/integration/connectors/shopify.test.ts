import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../../../src/adapters/shared-state/memory/shared-state.js';
import { add, CanonicalRecord, cmp, type SalesOrder } from '../../../src/canonical/index.js';
import { systemClock } from '../../../src/connectors/kit/clock.js';
import type { Page, StreamContext, StreamDefinition } from '../../../src/connectors/kit/define.js';
import { envelopeId } from '../../../src/connectors/kit/envelope.js';
import type { MapContext, MapResult } from '../../../src/connectors/kit/mapper.js';
import { type RunningEmulator, startShopifyEmulator } from '../../../src/connectors/shopify/emulator/server.js';
import { createShopifyConnector, type ShopifyConnectorOptions } from '../../../src/connectors/shopify/index.js';
import {
  type CompanySpec,
  createEconomy,
  createFaultInjector,
  documentAt,
  type Economy,
} from '../../../src/emulation/economy/index.js';
import { silentLogger } from '../../../src/log/logger.js';

const economy: Economy = createEconomy({ seed: 42, companies: 8, platforms: ['shopify'], volumeScale: 0.05 });
// The shop with the most orders, so small pages give many of them.
const spec: CompanySpec = [...economy.companiesOn('shopify')].sort(
  (a, b) => salesOrders(b).length - salesOrders(a).length,
)[0] as CompanySpec;

function salesOrders(c: CompanySpec) {
  return economy.company(c.id).documents.filter((d) => d.kind === 'sales_order');
}

function liveAt(at: string) {
  const live = new Map<string, NonNullable<ReturnType<typeof documentAt>>>();
  for (const doc of salesOrders(spec)) {
    const state = documentAt(doc, at);
    if (state && state.status !== 'deleted') live.set(doc.id, state);
  }
  return live;
}

function contextFor(emulator: RunningEmulator): StreamContext {
  const credentials = emulator.credentialsFor(spec.account);
  return {
    connection: {
      id: `conn-${spec.id}`,
      account: spec.account,
      baseUrl: emulator.shopUrl(spec.account),
      credentials,
    },
    logger: silentLogger(),
    clock: systemClock,
    shared: createMemorySharedState(),
    signal: new AbortController().signal,
    loadCredentials: async () => credentials,
    saveCredentials: async () => {},
  };
}

async function read(stream: StreamDefinition, ctx: StreamContext, cursor: string | null = null): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of stream.read(ctx, cursor)) pages.push(page);
  return pages;
}

function streamsOf(options: ShopifyConnectorOptions) {
  const connector = createShopifyConnector(options);
  const by = (name: string) => connector.streams.find((s) => s.name === name) as StreamDefinition;
  return {
    connector,
    orders: by('orders'),
    products: by('products'),
    locations: by('locations'),
    inventory: by('inventory_levels'),
  };
}

function mapAll(connector: ReturnType<typeof createShopifyConnector>, object: string, pages: readonly Page[]) {
  const mapper = connector.mappers[object];
  if (!mapper) throw new Error(`no mapper for ${object}`);
  const results: { externalId: string; result: MapResult }[] = [];
  for (const page of pages) {
    for (const r of page.records) {
      const ctx: MapContext = {
        platform: 'shopify',
        connectionId: `conn-${spec.id}`,
        envelopeId: envelopeId('shopify', spec.account, object, r.externalId, r.sourceVersion),
        mappingVersion: connector.mappingVersion,
        timeZone: spec.timeZone,
        baseCurrency: spec.currency,
      };
      results.push({ externalId: r.externalId, result: mapper(JSON.parse(r.payload), ctx) });
    }
  }
  return results;
}

const okRecords = (results: readonly { result: MapResult }[]) =>
  results.flatMap(({ result }) => {
    if (!('ok' in result)) throw new Error(`review: ${JSON.stringify(result.review)}`);
    return result.ok.map((r) => CanonicalRecord.parse(r));
  });

describe('Shopify connector against the emulator (no faults)', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startShopifyEmulator({ economy, faults: createFaultInjector(42, 'none') });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('reads every live order over several pages, and every record maps to its true values', async () => {
    const { connector, orders } = streamsOf({ pageSize: 25 });
    const pages = await read(orders, contextFor(emulator));
    const live = liveAt(economy.endAt);
    expect(live.size).toBeGreaterThan(50);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.length).toBe(Math.ceil(live.size / 25));
    const ids = pages.flatMap((p) => p.records.map((r) => r.externalId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(live.keys()));

    // The checkpoint only moves forward and ends at the latest updated_at read.
    const checkpoints = pages.map((p) => p.checkpoint ?? '');
    expect([...checkpoints].sort()).toEqual(checkpoints);
    const latest = pages
      .flatMap((p) => p.records.map((r) => r.sourceUpdatedAt ?? ''))
      .sort()
      .at(-1);
    expect(checkpoints.at(-1)).toBe(latest);

    const records = okRecords(mapAll(connector, 'orders', pages)) as SalesOrder[];
    expect(records).toHaveLength(live.size);
    for (const o of records) {
      const state = live.get(o.source.sourceId);
      if (!state) throw new Error(`order ${o.source.sourceId} is not live`);
      expect(o.currency).toBe(spec.currency);
      expect(o.total).toBe(state.doc.total);
      expect(o.subtotal).toBe(state.doc.subtotal);
      expect(o.taxTotal).toBe(state.doc.taxTotal);
      // current_total_price is after edits and refunds; adding refunds back gives the edited total.
      expect(cmp(add(o.currentTotal, o.refundedTotal), state.total)).toBe(0);
      expect(o.refunds.map((r) => r.amount)).toEqual(state.refunds.map((r) => r.amount));
      expect(o.orderDate).toBe(state.doc.date);
      expect(o.status.value === 'cancelled').toBe(state.status === 'cancelled');
      expect(o.number).toBe(state.doc.number);
    }
  });

  it('reads products, locations and inventory levels, all mapping ok', async () => {
    const { connector, products, locations, inventory } = streamsOf({ pageSize: 7 });
    const ctx = contextFor(emulator);
    const book = economy.company(spec.id);

    const productPages = await read(products, ctx);
    expect(productPages.length).toBe(Math.ceil(book.products.length / 7));
    const mappedProducts = okRecords(mapAll(connector, 'products', productPages));
    expect(mappedProducts.map((p) => p.source.sourceId).sort()).toEqual(book.products.map((p) => p.id).sort());
    // Unordered list: only the last page checkpoints.
    expect(productPages.slice(0, -1).every((p) => p.checkpoint === null)).toBe(true);
    expect(productPages.at(-1)?.checkpoint).not.toBeNull();

    const locationPages = await read(locations, ctx);
    const locationIds = locationPages.flatMap((p) => p.records.map((r) => r.externalId));
    expect(locationIds.sort()).toEqual(book.locations.map((l) => l.id).sort());
    expect(mapAll(connector, 'locations', locationPages).every(({ result }) => 'ok' in result)).toBe(true);

    const levelPages = await read(inventory, ctx);
    const levels = okRecords(mapAll(connector, 'inventory_levels', levelPages));
    const truth = book.inventoryAt(economy.endAt);
    expect(levels).toHaveLength(truth.length);
    const itemOf = new Map(book.products.map((p) => [p.id, p.inventoryItemId]));
    const expected = truth.map((l) => `${itemOf.get(l.productId)}:${l.locationId}=${l.quantity}`).sort();
    const got = levels.map((l) => (l.kind === 'inventory_level' ? `${l.source.sourceId}=${l.quantity}` : '')).sort();
    expect(got).toEqual(expected);
  });

  it('syncs incrementally from a checkpoint after the emulator clock moves on', async () => {
    const { orders } = streamsOf({ pageSize: 50 });
    const middle = '2026-03-01T00:00:00.000Z';
    emulator.setNow(middle);
    try {
      const first = await read(orders, contextFor(emulator));
      const cursor = first.at(-1)?.checkpoint ?? null;
      expect(cursor).not.toBeNull();
      emulator.setNow(economy.endAt);
      const second = await read(orders, contextFor(emulator), cursor);
      const firstIds = new Set(first.flatMap((p) => p.records.map((r) => r.externalId)));
      const secondIds = new Set(second.flatMap((p) => p.records.map((r) => r.externalId)));
      const live = liveAt(economy.endAt);
      // Everything live now was read by one sync or the other…
      for (const id of live.keys()) expect(firstIds.has(id) || secondIds.has(id)).toBe(true);
      // …everything changed since the cursor (minus the overlap) was read again…
      const since = Date.parse(cursor ?? '') - 5 * 60_000;
      for (const [id, state] of live) {
        if (Math.floor(Date.parse(state.updatedAt) / 1000) * 1000 >= since) expect(secondIds.has(id)).toBe(true);
      }
      // …and the second sync did not re-read the whole shop.
      expect(secondIds.size).toBeLessThan(live.size);
    } finally {
      emulator.setNow(economy.endAt);
    }
  });
});

describe('Shopify connector and the leaky bucket', () => {
  it('paces itself: no rate-limit violation on a small, fast bucket', async () => {
    const emulator = await startShopifyEmulator({ economy, bucket: { size: 8, leakPerSecond: 10 } });
    try {
      const { orders, products } = streamsOf({ pageSize: 5, bucket: { capacity: 8, refillPerSecond: 10 } });
      const ctx = contextFor(emulator);
      const pages = [...(await read(orders, ctx)), ...(await read(products, ctx))];
      expect(pages.length).toBeGreaterThan(16);
      expect(emulator.stats().requests).toBe(pages.length);
      expect(emulator.stats().rateLimitViolations).toBe(0);
    } finally {
      await emulator.close();
    }
  });

  it('honours the 429 and its Retry-After when it does not pace, and still reads everything', async () => {
    const emulator = await startShopifyEmulator({
      economy,
      bucket: { size: 4, leakPerSecond: 5 },
      retryAfterSeconds: 0.2,
    });
    try {
      // A bucket far larger than the shop's: the client bursts and meets the shop's 429s.
      const { orders } = streamsOf({ pageSize: 10, bucket: { capacity: 1000, refillPerSecond: 1000 } });
      const pages = await read(orders, contextFor(emulator));
      const ids = new Set(pages.flatMap((p) => p.records.map((r) => r.externalId)));
      expect(ids).toEqual(new Set(liveAt(economy.endAt).keys()));
      const stats = emulator.stats();
      expect(stats.rateLimitViolations).toBeGreaterThan(0);
      expect(stats.requests).toBe(pages.length + stats.rateLimitViolations);
    } finally {
      await emulator.close();
    }
  });
});

describe('Shopify connector under injected faults', () => {
  it('survives transport and response faults and still reads every order', async () => {
    const faults = createFaultInjector(
      42,
      'serverError=0.08,dropMidBody=0.05,slow=0.02,expiredToken=0.03,rateLimitStorm=0.03,truncatedJson=0.08,repeatedAcrossPages=0.1',
    );
    const emulator = await startShopifyEmulator({ economy, faults, retryAfterSeconds: 0.05, slowMs: 20 });
    try {
      const { connector, orders } = streamsOf({ pageSize: 10, retryBaseMs: 5, breaker: { failureThreshold: 10 } });
      const pages = await read(orders, contextFor(emulator));
      const ids = pages.flatMap((p) => p.records.map((r) => r.externalId));
      expect(new Set(ids)).toEqual(new Set(liveAt(economy.endAt).keys()));
      expect(emulator.stats().faultsInjected).toBeGreaterThan(3);
      const kinds = new Set(faults.log.map((f) => f.kind));
      expect(kinds.size).toBeGreaterThan(2);
      // Repeated records are the same version: the same envelope id, counted once downstream.
      expect(okRecords(mapAll(connector, 'orders', pages)).length).toBe(ids.length);
    } finally {
      await emulator.close();
    }
  });

  it('sends every corrupted order to review with a reason, and maps the rest', async () => {
    const faults = createFaultInjector(42, 'malformedRecord=0.08,schemaDrift=0.15');
    const emulator = await startShopifyEmulator({ economy, faults });
    try {
      const { connector, orders } = streamsOf({ pageSize: 250 });
      const pages = await read(orders, contextFor(emulator));
      const results = mapAll(connector, 'orders', pages);
      const corrupted = new Set(faults.log.filter((f) => f.account === spec.id && f.docId).map((f) => f.docId));
      expect(corrupted.size).toBeGreaterThan(0);
      const reviews = results.filter(({ result }) => 'review' in result);
      expect(reviews.length).toBe(corrupted.size);
      for (const { result } of reviews) {
        if (!('review' in result)) continue;
        expect(result.review.code).toBe('LP_INPUT_SCHEMA');
        expect(['total_price', 'currency', 'line_items.0.price']).toContain(result.review.field);
      }
      const okIds = new Set(results.filter(({ result }) => 'ok' in result).map((r) => r.externalId));
      for (const id of corrupted) expect(okIds.has(id ?? '')).toBe(false);
      expect(okIds.size + corrupted.size).toBe(liveAt(economy.endAt).size);
    } finally {
      await emulator.close();
    }
  });
});
