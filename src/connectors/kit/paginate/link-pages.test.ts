import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../../../adapters/shared-state/memory/shared-state.js';
import { ContractViolationError } from '../../../errors/index.js';
import { silentLogger } from '../../../log/logger.js';
import { createFakeClock } from '../clock.js';
import { createHttpClient, errorFromStatus } from '../http.js';
import { linkPages } from './link-pages.js';

// A real server with three routes: /items (3 pages, the last one empty), /loop (always the same
// next link), /reversed (previous before next, as Shopify writes middle pages).
let server: Server;
let base = '';
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    seen.push(`${url.pathname}${url.search}`);
    const page = Number(url.searchParams.get('page') ?? '1');
    if (url.pathname === '/loop') {
      res.setHeader('Link', `<${base}/loop?page=2>; rel="next"`);
      res.end(JSON.stringify({ items: [page] }));
      return;
    }
    if (url.pathname === '/reversed') {
      if (page < 3)
        res.setHeader(
          'Link',
          `<${base}/reversed?page=${page - 1}>; rel="previous", <${base}/reversed?page=${page + 1}>; rel="next"`,
        );
      res.end(JSON.stringify({ items: [page] }));
      return;
    }
    if (page < 3) res.setHeader('Link', `<${base}/items?page=${page + 1}&limit=2>; rel="next"`);
    res.end(JSON.stringify({ items: page === 3 ? [] : [page * 2 - 1, page * 2] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client() {
  const clock = createFakeClock();
  return createHttpClient({
    platform: 'test',
    connectionId: 'c',
    logger: silentLogger(),
    clock,
    shared: createMemorySharedState(clock),
    toError: (res) => errorFromStatus(res, clock.now(), {}),
  });
}

async function collect(first: string, opts: Parameters<typeof linkPages>[2]) {
  const bodies: unknown[] = [];
  for await (const res of linkPages(client(), { url: first }, opts)) bodies.push(JSON.parse(res.body).items);
  return bodies;
}

describe('linkPages', () => {
  it('follows rel="next" over several pages and yields the empty last page', async () => {
    seen.length = 0;
    expect(await collect(`${base}/items?page=1&limit=2&status=any`, { what: 'items' })).toEqual([[1, 2], [3, 4], []]);
    expect(seen).toEqual(['/items?page=1&limit=2&status=any', '/items?page=2&limit=2', '/items?page=3&limit=2']);
  });

  it('finds next by rel when previous comes first', async () => {
    expect(await collect(`${base}/reversed?page=1`, { what: 'reversed' })).toEqual([[1], [2], [3]]);
  });

  it('stops a server that repeats its next link with LP_CONTRACT_PAGINATION_LOOP', async () => {
    let caught: unknown;
    try {
      await collect(`${base}/loop?page=1`, { what: 'loop' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ContractViolationError);
    expect((caught as ContractViolationError).code).toBe('LP_CONTRACT_PAGINATION_LOOP');
  });

  it('lets the platform rebuild the follow-up request', async () => {
    seen.length = 0;
    await collect(`${base}/items?page=1`, {
      what: 'items',
      nextRequest: (next, first) => ({ ...first, url: `${next}&extra=1` }),
    });
    expect(seen.slice(1)).toEqual(['/items?page=2&limit=2&extra=1', '/items?page=3&limit=2&extra=1']);
  });
});
