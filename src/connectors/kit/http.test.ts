import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../../adapters/shared-state/memory/shared-state.js';
import {
  AuthError,
  ContractViolationError,
  type LedgerpulseError,
  RateLimitError,
  TransientError,
} from '../../errors/index.js';
import { silentLogger } from '../../log/logger.js';
import { createFakeClock, type FakeClock } from './clock.js';
import { createHttpClient, errorFromStatus, type HttpClientOptions } from './http.js';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

// One real server per file; each test installs its own handler and counts its hits.
let server: Server;
let base = '';
let handler: Handler = (_req, res) => res.end('{}');
let hits = 0;
const seenHeaders: Record<string, string | string[] | undefined>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1;
    seenHeaders.push(req.headers);
    handler(req, res, hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  hits = 0;
  seenHeaders.length = 0;
});

function client(clock: FakeClock, extra: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    platform: 'shopify',
    connectionId: 'conn-1',
    logger: silentLogger(),
    clock,
    shared: createMemorySharedState(clock),
    toError: (res) => errorFromStatus(res, clock.now(), { platform: 'shopify' }),
    random: () => 0.5,
    ...extra,
  });
}

async function rejection(p: Promise<unknown>): Promise<LedgerpulseError> {
  try {
    await p;
  } catch (e) {
    return e as LedgerpulseError;
  }
  throw new Error('expected a rejection');
}

describe('createHttpClient', () => {
  it('returns a 2xx response with lower-cased headers and the full body', async () => {
    handler = (_req, res) => {
      res.setHeader('X-Shopify-Shop-Api-Call-Limit', '1/40');
      res.setHeader('Link', '<http://x/a>; rel="next"');
      res.end('{"orders":[]}');
    };
    const c = client(createFakeClock());
    const res = await c.send({ url: `${base}/orders.json`, headers: { 'X-Test': 'yes' } });
    expect(res.status).toBe(200);
    expect(res.body).toBe('{"orders":[]}');
    expect(res.headers['x-shopify-shop-api-call-limit']).toBe('1/40');
    expect(res.headers['link']).toBe('<http://x/a>; rel="next"');
    expect(res.url).toBe(`${base}/orders.json`);
    expect(seenHeaders[0]?.['x-test']).toBe('yes');
    expect(c.stats).toEqual({ requests: 1, retries: 0, rateLimitWaitsMs: 0 });
  });

  it('waits the Retry-After time of a 429 on the clock, then retries', async () => {
    handler = (_req, res, hit) => {
      if (hit === 1) {
        res.writeHead(429, { 'Retry-After': '2.0', 'X-Shopify-Shop-Api-Call-Limit': '40/40' });
        res.end('{"errors":"Exceeded 2 calls per second for api client."}');
        return;
      }
      res.end('{"ok":true}');
    };
    const clock = createFakeClock();
    const c = client(clock);
    const res = await c.send({ url: `${base}/orders.json` });
    expect(res.body).toBe('{"ok":true}');
    expect(hits).toBe(2);
    expect(clock.sleeps).toEqual([2000]);
    expect(c.stats).toEqual({ requests: 2, retries: 1, rateLimitWaitsMs: 2000 });
  });

  it('retries 5xx with full-jitter exponential backoff, then succeeds', async () => {
    handler = (_req, res, hit) => {
      res.statusCode = hit <= 3 ? 503 : 200;
      res.end(hit <= 3 ? 'unavailable' : 'fine');
    };
    const clock = createFakeClock();
    const c = client(clock, { retryBaseMs: 100 });
    const res = await c.send({ url: `${base}/x` });
    expect(res.body).toBe('fine');
    // random() = 0.5 → half of 100, 200, 400.
    expect(clock.sleeps).toEqual([50, 100, 200]);
    expect(c.stats.retries).toBe(3);
    expect(c.breakerState()).toBe('closed');
  });

  it('gives up after maxAttempts with the last TransientError', async () => {
    handler = (_req, res) => {
      res.statusCode = 502;
      res.end();
    };
    const c = client(createFakeClock(), { maxAttempts: 3, breaker: { failureThreshold: 10 } });
    const err = await rejection(c.send({ url: `${base}/x` }));
    expect(err).toBeInstanceOf(TransientError);
    expect(err.code).toBe('LP_TRANSIENT_HTTP');
    expect(err.context.httpStatus).toBe(502);
    expect(hits).toBe(3);
  });

  it('opens the breaker after N consecutive failures, fails fast, then half-opens', async () => {
    handler = (_req, res, hit) => {
      res.statusCode = hit <= 3 ? 500 : 200;
      res.end(hit <= 3 ? 'boom' : 'recovered');
    };
    const clock = createFakeClock(0);
    const c = client(clock, { maxAttempts: 10, breaker: { failureThreshold: 3, resetMs: 60_000 } });
    const err = await rejection(c.send({ url: `${base}/x` }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.code).toBe('LP_RATE_CIRCUIT_OPEN');
    expect(hits).toBe(3);
    expect(c.breakerState()).toBe('open');
    const openedAt = clock.now();
    expect((err as RateLimitError).retryAt).toBe(openedAt + 60_000);

    // Fails fast: no request reaches the server while open.
    const again = await rejection(c.send({ url: `${base}/x` }));
    expect(again.code).toBe('LP_RATE_CIRCUIT_OPEN');
    expect(hits).toBe(3);

    clock.advance(60_000);
    expect(c.breakerState()).toBe('half-open');
    const res = await c.send({ url: `${base}/x` });
    expect(res.body).toBe('recovered');
    expect(c.breakerState()).toBe('closed');
  });

  it('counts 429s toward the breaker too', async () => {
    handler = (_req, res) => {
      res.writeHead(429, { 'Retry-After': '1' });
      res.end();
    };
    const c = client(createFakeClock(), { maxAttempts: 10, breaker: { failureThreshold: 4 } });
    const err = await rejection(c.send({ url: `${base}/x` }));
    expect(err.code).toBe('LP_RATE_CIRCUIT_OPEN');
    expect(hits).toBe(4);
  });

  it('turns a body cut mid-way into a TransientError', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
      res.write('{"orders":[{"id":1},');
      setImmediate(() => res.socket?.destroy());
    };
    const c = client(createFakeClock(), { maxAttempts: 1 });
    const err = await rejection(c.send({ url: `${base}/x` }));
    expect(err).toBeInstanceOf(TransientError);
    expect(err.code).toBe('LP_TRANSIENT_NETWORK');
  });

  it('retries a body cut mid-way and returns the complete second answer', async () => {
    handler = (_req, res, hit) => {
      if (hit === 1) {
        res.writeHead(200, { 'Transfer-Encoding': 'chunked' });
        res.write('{"orders":[');
        setImmediate(() => res.socket?.destroy());
        return;
      }
      res.end('{"orders":[]}');
    };
    const c = client(createFakeClock());
    expect((await c.send({ url: `${base}/x` })).body).toBe('{"orders":[]}');
    expect(hits).toBe(2);
  });

  it('turns a refused connection into a TransientError', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const c = client(createFakeClock(), { maxAttempts: 2 });
    const err = await rejection(c.send({ url: `http://127.0.0.1:${port}/x` }));
    expect(err).toBeInstanceOf(TransientError);
    expect(c.stats.requests).toBe(2);
  });

  it('times out a silent server', async () => {
    handler = () => {
      /* never answers */
    };
    const c = client(createFakeClock(), { maxAttempts: 1, timeoutMs: 100 });
    const err = await rejection(c.send({ url: `${base}/x` }));
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toContain('timed out');
  });

  it('throws a contract violation at once, without retrying', async () => {
    handler = (_req, res) => {
      res.statusCode = 400;
      res.end('{"errors":"page_info: cannot be combined with other filters"}');
    };
    const c = client(createFakeClock());
    const err = await rejection(c.send({ url: `${base}/x` }));
    expect(err).toBeInstanceOf(ContractViolationError);
    expect(hits).toBe(1);
    expect(c.breakerState()).toBe('closed');
  });

  it('calls onAuthError once, retries with fresh auth, then throws AuthError if still refused', async () => {
    let token = 'old';
    handler = (req, res) => {
      const ok = req.headers['x-shopify-access-token'] === 'new';
      res.statusCode = ok ? 200 : 401;
      res.end(ok ? 'ok' : '{"errors":"[API] Invalid API key or access token"}');
    };
    const refreshes: number[] = [];
    const c = client(createFakeClock(), {
      authorize: async (req) => ({ ...req, headers: { ...req.headers, 'X-Shopify-Access-Token': token } }),
      onAuthError: async () => {
        refreshes.push(1);
        token = 'new';
        return true;
      },
    });
    expect((await c.send({ url: `${base}/x` })).body).toBe('ok');
    expect(refreshes).toHaveLength(1);

    token = 'revoked';
    const c2 = client(createFakeClock(), {
      authorize: async (req) => ({ ...req, headers: { ...req.headers, 'X-Shopify-Access-Token': token } }),
      onAuthError: async () => true,
    });
    const err = await rejection(c2.send({ url: `${base}/x` }));
    expect(err).toBeInstanceOf(AuthError);
    expect(c2.stats.requests).toBe(2);
  });

  it('waits for every shared rate-limit bucket through clock.sleep', async () => {
    handler = (_req, res) => res.end('ok');
    const clock = createFakeClock(0);
    const c = client(clock, { limits: [{ key: 'shop-a', rule: { capacity: 2, refillPerSecond: 2 } }] });
    for (let i = 0; i < 5; i++) await c.send({ url: `${base}/x` });
    expect(hits).toBe(5);
    expect(clock.sleeps).toEqual([500, 500, 500]);
    expect(c.stats.rateLimitWaitsMs).toBe(1500);
  });

  it('holds a shared concurrency slot per request', async () => {
    const clock = createFakeClock(0);
    const shared = createMemorySharedState(clock);
    const blocker = await shared.acquire('conc:0', 'someone-else', 200);
    expect(blocker).not.toBeNull();
    handler = (_req, res) => res.end('ok');
    const c = client(clock, { shared, concurrency: { key: 'conc', max: 1 } });
    await c.send({ url: `${base}/x` });
    // The other holder's lease expired after 200 ms of fake time (four 50 ms polls).
    expect(clock.sleeps).toEqual([50, 50, 50, 50]);
    // The slot is free again after the request.
    expect(await shared.acquire('conc:0', 'third', 1000)).not.toBeNull();
  });

  it('stops waiting when the caller aborts, with a retryable LP_TRANSIENT_ABORTED', async () => {
    handler = (_req, res) => {
      res.writeHead(429, { 'Retry-After': '5' });
      res.end();
    };
    const abort = new AbortController();
    const c = client(createFakeClock(), { signal: abort.signal, onResponse: () => abort.abort() });
    const err = await rejection(c.send({ url: `${base}/x` }));
    expect(err).toBeInstanceOf(TransientError);
    expect(err.code).toBe('LP_TRANSIENT_ABORTED');
    expect(hits).toBe(1);
  });

  it('hands a far-away Retry-After to the caller instead of sleeping', async () => {
    handler = (_req, res) => {
      res.writeHead(429, { 'Retry-After': '3600' });
      res.end();
    };
    const clock = createFakeClock(0);
    const err = await rejection(client(clock).send({ url: `${base}/x` }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAt).toBe(3_600_000);
    expect(clock.sleeps).toEqual([]);
  });
});
