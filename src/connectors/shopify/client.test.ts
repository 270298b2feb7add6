import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../../adapters/shared-state/memory/shared-state.js';
import { AuthError, ContractViolationError } from '../../errors/index.js';
import { silentLogger } from '../../log/logger.js';
import { createFakeClock } from '../kit/clock.js';
import type { Page, StreamContext } from '../kit/define.js';
import { createShopifyClient } from './client.js';
import { createShopifyConnector } from './index.js';

// A scripted Shopify: each test sets `answer`, the server records what it was asked.
interface Asked {
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}
let server: Server;
let base = '';
const asked: Asked[] = [];
let answer: (a: Asked, n: number) => { status?: number; body: string; headers?: Record<string, string> };

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const a = { path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers };
    asked.push(a);
    const out = answer(a, asked.length);
    res.writeHead(out.status ?? 200, { 'Content-Type': 'application/json', ...out.headers });
    res.end(out.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shops/demo.myshopify.com`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  asked.length = 0;
});

function context(credentials: Record<string, string> = { access_token: 'shpat_1' }, reloaded = credentials) {
  const clock = createFakeClock(Date.UTC(2026, 5, 1));
  const ctx: StreamContext = {
    connection: { id: 'conn-1', account: 'demo.myshopify.com', baseUrl: `${base}/`, credentials },
    logger: silentLogger(),
    clock,
    shared: createMemorySharedState(clock),
    signal: new AbortController().signal,
    loadCredentials: async () => reloaded,
    saveCredentials: async () => {},
  };
  return { ctx, clock };
}

const link = (rel: string, pageInfo: string, extra = '') =>
  `<${base}/admin/api/2026-07/orders.json?limit=2&page_info=${pageInfo}${extra}>; rel="${rel}"`;

describe('createShopifyClient', () => {
  it('sends the token header to the versioned path and follows next with only page_info and limit', async () => {
    answer = (_a, n) =>
      n === 1
        ? { body: '{"orders":[{"id":1},{"id":2}]}', headers: { Link: link('next', 'p2', '&status=any') } }
        : { body: '{"orders":[{"id":3}]}', headers: { Link: link('previous', 'p1') } };
    const { ctx } = context();
    const client = createShopifyClient(ctx);
    const pages = [];
    for await (const p of client.list('orders', 'orders', { status: 'any', limit: '2' })) pages.push(p.items);
    expect(pages).toEqual([[{ id: 1 }, { id: 2 }], [{ id: 3 }]]);
    expect(asked.map((a) => a.path)).toEqual([
      '/shops/demo.myshopify.com/admin/api/2026-07/orders.json',
      '/shops/demo.myshopify.com/admin/api/2026-07/orders.json',
    ]);
    expect(asked[0]?.headers['x-shopify-access-token']).toBe('shpat_1');
    expect(asked[0]?.query).toEqual({ status: 'any', limit: '2' });
    expect(asked[1]?.query).toEqual({ limit: '2', page_info: 'p2' });
  });

  it('stops a repeated page_info with LP_CONTRACT_PAGINATION_LOOP', async () => {
    answer = () => ({ body: '{"orders":[{"id":1}]}', headers: { Link: link('next', 'same') } });
    const client = createShopifyClient(context().ctx);
    const run = async () => {
      for await (const _ of client.list('orders', 'orders', {})) {
        /* drain */
      }
    };
    await expect(run()).rejects.toMatchObject({ code: 'LP_CONTRACT_PAGINATION_LOOP' });
    expect(asked).toHaveLength(2);
  });

  it('fetches a page whose JSON is cut again, and gives up with LP_CONTRACT_PAGE_SHAPE', async () => {
    answer = (_a, n) => ({ body: n === 1 ? '{"orders":[{"id":1},{"i' : '{"orders":[{"id":1}]}' });
    const client = createShopifyClient(context().ctx);
    for await (const p of client.list('orders', 'orders', {})) expect(p.items).toEqual([{ id: 1 }]);
    expect(asked).toHaveLength(2);

    asked.length = 0;
    answer = () => ({ body: '{"products":[]}' });
    const run = async () => {
      for await (const _ of client.list('orders', 'orders', {})) {
        /* drain */
      }
    };
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContractViolationError);
    expect((err as ContractViolationError).code).toBe('LP_CONTRACT_PAGE_SHAPE');
    expect(asked).toHaveLength(3);
  });

  it('re-reads stored credentials once on 401, then gives up with AuthError', async () => {
    answer = (a) =>
      a.headers['x-shopify-access-token'] === 'shpat_new'
        ? { body: '{"orders":[]}' }
        : { status: 401, body: '{"errors":"[API] Invalid API key or access token"}' };
    const ok = createShopifyClient(context({ access_token: 'shpat_old' }, { access_token: 'shpat_new' }).ctx);
    for await (const p of ok.list('orders', 'orders', {})) expect(p.items).toEqual([]);
    expect(asked).toHaveLength(2);

    const bad = createShopifyClient(context({ access_token: 'shpat_old' }).ctx);
    const err = await (async () => {
      for await (const _ of bad.list('orders', 'orders', {})) {
        /* drain */
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
  });

  it('refuses a connection without an access token', async () => {
    answer = () => ({ body: '{"orders":[]}' });
    const client = createShopifyClient(context({}).ctx);
    const err = await client.http.send({ url: client.urlFor('orders', {}) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LP_AUTH_MISSING_CREDENTIALS' });
    expect(asked).toHaveLength(0);
  });

  it('paces on the call-limit header: a full bucket waits on the clock before the next call', async () => {
    answer = () => ({ body: '{"orders":[]}', headers: { 'X-Shopify-Shop-Api-Call-Limit': '40/40' } });
    const { ctx, clock } = context();
    const client = createShopifyClient(ctx);
    await client.http.send({ url: client.urlFor('orders', {}) });
    await client.http.send({ url: client.urlFor('orders', {}) });
    expect(clock.sleeps).toEqual([1500]);
  });
});

describe('Shopify streams', () => {
  async function readAll(stream: string, cursor: string | null): Promise<Page[]> {
    const s = createShopifyConnector({ pageSize: 2 }).streams.find((x) => x.name === stream);
    const pages: Page[] = [];
    for await (const p of s?.read(context().ctx, cursor) ?? []) pages.push(p);
    return pages;
  }

  it('orders: status=any, updated_at asc, limit, updated_at_min = cursor − 5 min; checkpoints per page', async () => {
    answer = (_a, n) =>
      n === 1
        ? {
            body: JSON.stringify({
              orders: [
                { id: 1, updated_at: '2026-05-01T09:00:00-04:00' },
                { id: 2, updated_at: '2026-05-01T10:00:00-04:00' },
              ],
            }),
            headers: { Link: link('next', 'p2') },
          }
        : { body: JSON.stringify({ orders: [{ id: 3, updated_at: '2026-05-02T10:00:00-04:00' }, { name: 'no id' }] }) };
    const pages = await readAll('orders', '2026-05-01T12:00:00.000Z');
    expect(asked[0]?.query).toEqual({
      status: 'any',
      order: 'updated_at asc',
      limit: '2',
      updated_at_min: '2026-05-01T11:55:00.000Z',
    });
    expect(pages.map((p) => p.checkpoint)).toEqual(['2026-05-01T14:00:00.000Z', '2026-05-02T14:00:00.000Z']);
    const first = pages[0]?.records[0];
    expect(first).toMatchObject({
      externalId: '1',
      sourceVersion: '2026-05-01T13:00:00.000Z',
      sourceUpdatedAt: '2026-05-01T13:00:00.000Z',
    });
    expect(JSON.parse(first?.payload ?? '')).toEqual({ id: 1, updated_at: '2026-05-01T09:00:00-04:00' });
    // A record without id or updated_at is kept, named by its hash, for the mapper to send to review.
    const broken = pages[1]?.records[1];
    expect(broken?.externalId).toMatch(/^unidentified:sha256:[0-9a-f]{32}$/);
    expect(broken?.sourceUpdatedAt).toBeNull();
  });

  it('orders: no checkpoint while the pages are still inside the overlap window', async () => {
    answer = () => ({ body: JSON.stringify({ orders: [{ id: 1, updated_at: '2026-05-01T07:58:00-04:00' }] }) });
    const pages = await readAll('orders', '2026-05-01T12:00:00.000Z');
    expect(pages.map((p) => p.checkpoint)).toEqual([null]);
  });

  it('products: only the last page checkpoints, capped at the server clock when the read began', async () => {
    answer = (_a, n) =>
      n === 1
        ? {
            body: JSON.stringify({ products: [{ id: 9, updated_at: '2026-05-03T00:00:00Z' }] }),
            headers: { Link: link('next', 'p2'), Date: 'Sat, 02 May 2026 00:00:00 GMT' },
          }
        : { body: JSON.stringify({ products: [{ id: 8, updated_at: '2026-04-01T00:00:00Z' }] }) };
    const pages = await readAll('products', null);
    expect(pages.map((p) => p.checkpoint)).toEqual([null, '2026-05-02T00:00:00.000Z']);
    expect(asked[0]?.query).toEqual({ limit: '2' });
  });

  it('inventory levels: locations first, then levels by location_ids, compound external ids', async () => {
    answer = (a) =>
      a.path.endsWith('/locations.json')
        ? { body: JSON.stringify({ locations: [{ id: 11 }, { id: 12 }] }) }
        : {
            body: JSON.stringify({
              inventory_levels: [
                { inventory_item_id: 5, location_id: 11, available: 3, updated_at: '2026-05-01T00:00:00Z' },
              ],
            }),
          };
    const pages = await readAll('inventory_levels', null);
    expect(asked.map((a) => a.path.split('/').at(-1))).toEqual(['locations.json', 'inventory_levels.json']);
    expect(asked[1]?.query).toEqual({ location_ids: '11,12', limit: '2' });
    expect(pages[0]?.records[0]?.externalId).toBe('5:11');
    expect(pages[0]?.checkpoint).toBe('2026-05-01T00:00:00.000Z');
  });
});
