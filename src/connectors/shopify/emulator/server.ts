import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Economy, FaultInjector } from '../../../emulation/economy/index.js';
import type { LiveRecord } from '../../../emulation/live-record.js';
import { createLeakyBucket, type LeakyBucket } from './leaky-bucket.js';
import { type ListAnswer, listPage, type Refusal, type Row, type Selection } from './listing.js';
import { shopifyLiveRecords } from './live-records.js';
import { selectInventoryLevels } from './routes/inventory-levels.js';
import { selectOrders } from './routes/orders.js';
import { selectProducts } from './routes/products.js';
import { createShopDataCache, type ShopData } from './shop-data.js';

/**
 * A Shopify REST Admin emulator (contract: shared/platforms/shopify.md) serving the shops of a
 * synthetic economy: GET /admin/api/{version}/{orders|products|locations|inventory_levels}.json.
 *
 * Choosing the shop: Shopify picks it from the host ({shop}.myshopify.com). Everything here runs on
 * 127.0.0.1, so a path prefix does the same: a connection's baseUrl is
 * `http://127.0.0.1:PORT/shops/{shop-domain}` and the client appends `/admin/api/2026-07/orders.json`.
 * A request without the prefix is routed by its Host header instead (e.g. a proxy or /etc/hosts).
 *
 * Faithful parts: X-Shopify-Access-Token auth (401 body as documented), Link-header cursor
 * pagination with opaque page_info tokens holding the filters (400 if filters are repeated beside
 * page_info, 400 for limit outside 1..250), orders' status defaulting to `open`, deleted orders
 * vanishing, the leaky bucket (40 deep, 2/s, per shop) with X-Shopify-Shop-Api-Call-Limit and 429 +
 * Retry-After: 2.0, X-Shopify-API-Version, X-Request-Id. The Date header is the emulator's clock.
 * Faults come from the FaultInjector: transport (429 storms, 500s, slow answers, bodies cut
 * mid-way, 401 "expired" tokens), response (truncated JSON, a record repeated on the next page)
 * and record faults (malformed orders, see record-faults.ts).
 */
export interface EmulatorOptions {
  readonly economy: Economy;
  readonly faults?: FaultInjector;
  readonly port?: number;
  readonly host?: '127.0.0.1';
  /** The emulator's clock (UTC instant); default economy.endAt. */
  readonly now?: string;
}

export interface ShopifyEmulatorOptions extends EmulatorOptions {
  /** Per-shop REST bucket; Standard plan by default (tests shrink it to run fast). */
  readonly bucket?: { readonly size: number; readonly leakPerSecond: number };
  /** Retry-After on 429 (Shopify sends 2.0). */
  readonly retryAfterSeconds?: number;
  /** How long a 'slow' fault holds the answer. */
  readonly slowMs?: number;
}

export interface RunningEmulator {
  readonly baseUrl: string;
  /** Connection base URL of one shop (`{baseUrl}/shops/{shop}`). */
  shopUrl(account: string): string;
  credentialsFor(account: string): Record<string, string>;
  setNow(at: string): void;
  stats(): { requests: number; rateLimitViolations: number; faultsInjected: number };
  /** The shop's live records at the emulator's `now`, as the connector stores them (reconciliation truth). */
  liveRecords(account: string): LiveRecord[];
  close(): Promise<void>;
}

const SUPPORTED_VERSIONS = ['2025-07', '2025-10', '2026-01', '2026-04', '2026-07'] as const;
const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';
const THROTTLED = 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.';
const RESOURCE_PATH = /^\/admin\/api\/([^/]+)\/(orders|products|locations|inventory_levels)\.json$/;

type Resource = 'orders' | 'products' | 'locations' | 'inventory_levels';

const SELECTORS: Record<
  Exclude<Resource, 'locations'>,
  (f: Readonly<Record<string, string>>) => Selection | Refusal
> = {
  orders: selectOrders,
  products: selectProducts,
  inventory_levels: selectInventoryLevels,
};

/** A version no longer supported is served by the oldest supported one (contract §1). */
function servedVersion(asked: string): string | null {
  if ((SUPPORTED_VERSIONS as readonly string[]).includes(asked) || asked === 'unstable') return asked;
  if (!/^\d{4}-(01|04|07|10)$/.test(asked)) return null;
  const oldest = SUPPORTED_VERSIONS[0];
  const newest = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1] ?? asked;
  return asked < oldest ? oldest : newest;
}

export async function startShopifyEmulator(opts: ShopifyEmulatorOptions): Promise<RunningEmulator> {
  const { economy, faults } = opts;
  const bucketSpec = opts.bucket ?? { size: 40, leakPerSecond: 2 };
  const retryAfter = (opts.retryAfterSeconds ?? 2).toFixed(1);
  const slowMs = opts.slowMs ?? 1000;
  let now = new Date(opts.now ?? economy.endAt).toISOString();
  const counters = { requests: 0, rateLimitViolations: 0, faultsInjected: 0 };
  const buckets = new Map<string, LeakyBucket>();
  const shops = createShopDataCache(economy, faults, () => {
    counters.faultsInjected += 1;
  });
  const tokenFor = (account: string) =>
    `shpat_${createHash('sha256').update(`${economy.config.seed}|shopify|${account}`).digest('hex').slice(0, 32)}`;

  let baseUrl = '';

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.requests += 1;
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=utf-8',
      'X-Request-Id': randomUUID(),
      Date: new Date(now).toUTCString(),
    };
    const prefixed = /^\/shops\/([^/]+)(\/.*)$/.exec(url.pathname);
    const shop = prefixed ? decodeURIComponent(prefixed[1] ?? '') : (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = prefixed ? (prefixed[2] ?? '') : url.pathname;
    const publicBase = prefixed ? `${baseUrl}/shops/${encodeURIComponent(shop)}` : `http://${req.headers.host ?? ''}`;
    const spec = economy.byAccount('shopify', shop);
    const route = RESOURCE_PATH.exec(path);
    const version = route ? servedVersion(route[1] ?? '') : null;
    if (!spec || !route || !version || req.method !== 'GET') {
      reply(res, 404, { errors: 'Not Found' }, headers);
      return;
    }
    headers['X-Shopify-API-Version'] = version;
    if (req.headers['x-shopify-access-token'] !== tokenFor(shop)) {
      reply(res, 401, { errors: INVALID_TOKEN }, headers);
      return;
    }

    let bucket = buckets.get(shop);
    if (!bucket) {
      bucket = createLeakyBucket(bucketSpec.size, bucketSpec.leakPerSecond, () => performance.now());
      buckets.set(shop, bucket);
    }
    const admitted = bucket.admit();
    headers['X-Shopify-Shop-Api-Call-Limit'] = `${admitted.used}/${admitted.size}`;
    if (!admitted.admitted) {
      counters.rateLimitViolations += 1;
      reply(res, 429, { errors: THROTTLED }, { ...headers, 'Retry-After': retryAfter });
      return;
    }

    const resource = route[2] as Resource;
    const sorted = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const requestKey = `${resource}?${new URLSearchParams(sorted).toString()}`;
    const transport = faults?.transport('shopify', shop, requestKey) ?? null;
    if (transport) counters.faultsInjected += 1;
    switch (transport) {
      case 'rate_limit':
        reply(res, 429, { errors: THROTTLED }, { ...headers, 'Retry-After': retryAfter });
        return;
      case 'server_error':
        reply(res, 500, { errors: 'Internal Server Error' }, headers);
        return;
      case 'expired_token':
        reply(res, 401, { errors: INVALID_TOKEN }, headers);
        return;
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, slowMs));
        break;
      default:
        break;
    }

    const response = faults?.response('shopify', shop, requestKey) ?? null;
    const data = shops.at(spec, now);
    const answer = answerFor(resource, data, url.searchParams, `${publicBase}/admin/api/${route[1]}/${resource}.json`, {
      repeatLast: response === 'repeated_across_pages' || response === 'updated_between_pages',
    });
    if ('status' in answer) {
      reply(res, answer.status, { errors: answer.errors }, headers);
      return;
    }
    if (answer.link) headers['Link'] = answer.link;
    let text = JSON.stringify({ [resource]: answer.items });
    if (response) counters.faultsInjected += 1;
    if (response === 'truncated_json') text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));

    if (transport === 'drop_mid_body') {
      // Promise the whole body, send half, hang up: the client sees the connection cut mid-body.
      res.writeHead(200, { ...headers, 'Content-Length': Buffer.byteLength(text) });
      res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent)
        reply(res, 500, { errors: `emulator error: ${e instanceof Error ? e.message : String(e)}` });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    baseUrl,
    shopUrl: (account) => `${baseUrl}/shops/${encodeURIComponent(account)}`,
    credentialsFor: (account) => ({ access_token: tokenFor(account) }),
    setNow(at: string) {
      const ms = Date.parse(at);
      if (Number.isNaN(ms)) throw new RangeError(`setNow: not an instant: ${JSON.stringify(at)}`);
      now = new Date(ms).toISOString();
    },
    stats: () => ({ ...counters }),
    liveRecords(account: string) {
      const spec = economy.byAccount('shopify', account);
      if (!spec) throw new RangeError(`no Shopify shop ${account} in this economy`);
      return shopifyLiveRecords(economy.company(spec.id), now);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

function answerFor(
  resource: Resource,
  data: ShopData,
  query: URLSearchParams,
  selfUrl: string,
  faults: { repeatLast: boolean },
): ListAnswer | Refusal {
  // locations.json is not paginated: the whole (short) list in one answer.
  if (resource === 'locations') return { items: data.locations().map((r) => r.json), link: null };
  const rows: readonly Row[] =
    resource === 'orders' ? data.orders() : resource === 'products' ? data.products() : data.inventoryLevels();
  return listPage({ resource, query, selfUrl, select: SELECTORS[resource], rows, repeatLast: faults.repeatLast });
}
