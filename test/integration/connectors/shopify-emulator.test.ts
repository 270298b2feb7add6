import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLinkHeader } from '../../../src/connectors/kit/paginate/link-header.js';
import { type RunningEmulator, startShopifyEmulator } from '../../../src/connectors/shopify/emulator/server.js';
import { createEconomy, documentAt, type Economy } from '../../../src/emulation/economy/index.js';

// The emulator's own contract (shared/platforms/shopify.md), checked with plain fetch.
let economy: Economy;
let emulator: RunningEmulator;
let shop = '';
let token = '';
const version = '2026-07';

beforeAll(async () => {
  economy = createEconomy({ seed: 7, companies: 4, platforms: ['shopify'], volumeScale: 0.05 });
  emulator = await startShopifyEmulator({ economy, bucket: { size: 1000, leakPerSecond: 1000 } });
  shop = economy.companiesOn('shopify')[0]?.account ?? '';
  token = emulator.credentialsFor(shop)['access_token'] ?? '';
});

afterAll(async () => {
  await emulator.close();
});

async function get(path: string, headers: Record<string, string> = { 'X-Shopify-Access-Token': token }) {
  const url = path.startsWith('http') ? path : `${emulator.shopUrl(shop)}/admin/api/${version}/${path}`;
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

function liveOrders(at: string) {
  const book = economy.company(economy.companiesOn('shopify')[0]?.id ?? '');
  return book.documents
    .filter((d) => d.kind === 'sales_order')
    .map((d) => documentAt(d, at))
    .filter((s) => s !== undefined && s.status !== 'deleted');
}

describe('Shopify emulator contract', () => {
  it('refuses a missing or wrong token with the documented 401 body', async () => {
    for (const headers of [{}, { 'X-Shopify-Access-Token': 'shpat_wrong' }, { Authorization: `Bearer ${token}` }]) {
      const res = await get('orders.json', headers);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
      });
    }
  });

  it('answers 404 for an unknown shop or route', async () => {
    const other = await fetch(`${emulator.baseUrl}/shops/nope.myshopify.com/admin/api/${version}/orders.json`, {
      headers: { 'X-Shopify-Access-Token': token },
    });
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ errors: 'Not Found' });
    expect((await get('widgets.json')).status).toBe(404);
  });

  it('routes by Host header too', async () => {
    // fetch may not set Host (a forbidden header), node:http may.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${emulator.baseUrl}/admin/api/${version}/locations.json`, {
        headers: { 'X-Shopify-Access-Token': token, Host: shop },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it('sends call-limit, API version, request id and Date headers', async () => {
    const res = await get('locations.json');
    expect(res.headers.get('x-shopify-shop-api-call-limit')).toMatch(/^\d+\/1000$/);
    expect(res.headers.get('x-shopify-api-version')).toBe('2026-07');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(res.headers.get('date') ?? '')).toBe(Date.parse(economy.endAt));
  });

  it('serves an unsupported old version with the oldest supported one', async () => {
    const res = await get(`${emulator.shopUrl(shop)}/admin/api/2019-10/locations.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-shopify-api-version')).toBe('2025-07');
  });

  it('defaults orders to status=open and counts every live order with status=any', async () => {
    const live = liveOrders(economy.endAt);
    const any = await get('orders.json?status=any&limit=250');
    expect((any.body['orders'] as unknown[]).length).toBe(live.length);
    const open = await get('orders.json?limit=250');
    const openCount = (open.body['orders'] as { closed_at: unknown; cancelled_at: unknown }[]).length;
    expect(openCount).toBe(live.filter((s) => s?.status !== 'closed' && s?.status !== 'cancelled').length);
    expect(openCount).toBeLessThan(live.length);
  });

  it('paginates by Link rel with opaque page_info and reaches every order once', async () => {
    const ids: number[] = [];
    let url: string | undefined = 'orders.json?status=any&order=updated_at%20asc&limit=7';
    let pages = 0;
    let sawPrevious = false;
    while (url) {
      const res = await get(url);
      expect(res.status).toBe(200);
      const orders = res.body['orders'] as { id: number; updated_at: string }[];
      ids.push(...orders.map((o) => o.id));
      const links = parseLinkHeader(res.headers.get('link') ?? undefined);
      if (links['previous']) sawPrevious = true;
      if (links['next']) {
        const next = new URL(links['next']);
        expect([...next.searchParams.keys()].sort()).toEqual(['limit', 'page_info']);
      }
      url = links['next'];
      pages += 1;
    }
    expect(pages).toBeGreaterThan(2);
    expect(sawPrevious).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(liveOrders(economy.endAt).length);
  });

  it('orders by updated_at asc and filters with updated_at_min (inclusive)', async () => {
    const all = (await get('orders.json?status=any&order=updated_at+asc&limit=250')).body['orders'] as {
      updated_at: string;
    }[];
    const times = all.map((o) => Date.parse(o.updated_at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const pivot = all[Math.floor(all.length / 2)]?.updated_at ?? '';
    const since = (await get(`orders.json?status=any&limit=250&updated_at_min=${encodeURIComponent(pivot)}`)).body[
      'orders'
    ] as { updated_at: string }[];
    expect(since.length).toBe(times.filter((t) => t >= Date.parse(pivot)).length);
  });

  it('refuses filters beside page_info, a bad page_info and limit over 250', async () => {
    const first = await get('orders.json?status=any&limit=5');
    const next = parseLinkHeader(first.headers.get('link') ?? undefined)['next'] ?? '';
    const withFilter = await get(`${next}&status=any`);
    expect(withFilter.status).toBe(400);
    const tampered = await get(`${next.replace(/page_info=([^&]+)/, 'page_info=eyJ4IjoxfQ.abc')}`);
    expect(tampered.status).toBe(400);
    expect((await get('orders.json?limit=251')).status).toBe(400);
    expect((await get('orders.json?limit=0')).status).toBe(400);
    expect((await get('orders.json?limit=250')).status).toBe(200);
  });

  it('requires a filter on inventory_levels and accepts at most 50 ids', async () => {
    expect((await get('inventory_levels.json')).status).toBe(422);
    const many = Array.from({ length: 51 }, (_, i) => i + 1).join(',');
    expect((await get(`inventory_levels.json?location_ids=${many}`)).status).toBe(422);
  });

  it('hides orders not yet created and deleted ones, following setNow', async () => {
    const early = '2025-06-01T00:00:00.000Z';
    emulator.setNow(early);
    try {
      const res = await get('orders.json?status=any&limit=250');
      expect((res.body['orders'] as unknown[]).length).toBe(liveOrders(early).length);
      expect(liveOrders(early).length).toBeLessThan(liveOrders(economy.endAt).length);
    } finally {
      emulator.setNow(economy.endAt);
    }
  });

  it('renders orders with the fixture field shapes', async () => {
    const o = ((await get('orders.json?status=any&limit=1')).body['orders'] as Record<string, unknown>[])[0] ?? {};
    expect(o['total_price']).toMatch(/^\d+\.\d{2}$/);
    expect(o['created_at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(o['total_price_set']).toEqual({
      shop_money: { amount: o['total_price'], currency_code: o['currency'] },
      presentment_money: { amount: o['total_price'], currency_code: o['currency'] },
    });
    expect(o['name']).toMatch(/^#\d+$/);
    expect(Array.isArray(o['line_items'])).toBe(true);
  });
});

describe('Shopify emulator leaky bucket', () => {
  it('answers 429 with Retry-After: 2.0 once the bucket is full and counts the violation', async () => {
    const small = await startShopifyEmulator({ economy, bucket: { size: 3, leakPerSecond: 0.5 } });
    try {
      const url = `${small.shopUrl(shop)}/admin/api/${version}/locations.json`;
      const headers = { 'X-Shopify-Access-Token': small.credentialsFor(shop)['access_token'] ?? '' };
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 5; i++) {
        last = await fetch(url, { headers });
        statuses.push(last.status);
        await last.arrayBuffer();
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(last?.headers.get('retry-after')).toBe('2.0');
      expect(last?.headers.get('x-shopify-shop-api-call-limit')).toBe('3/3');
      expect(small.stats().rateLimitViolations).toBe(2);
      expect(small.stats().requests).toBe(5);
    } finally {
      await small.close();
    }
  });
});
