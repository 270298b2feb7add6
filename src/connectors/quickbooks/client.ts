import { ContractViolationError } from '../../errors/index.js';
import type { StreamContext } from '../kit/define.js';
import type { LimitSpec } from '../kit/http.js';
import { createHttpClient, type HttpClient, type HttpResponse, withoutQuery } from '../kit/http.js';
import type { TokenProvider } from '../kit/oauth2.js';
import { QBO_LIMITS, QBO_MINOR_VERSION, QBO_THROTTLE_BACKOFF_MS, type QboLimits } from './api.js';
import { createQuickbooksTokens, withBearer } from './auth.js';
import { toLedgerpulseError } from './errors.js';

export interface QuickbooksClientOptions {
  /** The realm's allowance (default 500/min, 10/s, 10 concurrent); the client paces under it. */
  readonly limits?: Partial<QboLimits>;
  /** Wait after a throttle without Retry-After (default Intuit's 60 s). */
  readonly throttleBackoffMs?: number;
  readonly refreshAheadMs?: number;
  readonly maxAttempts?: number;
  readonly retryBaseMs?: number;
  readonly timeoutMs?: number;
  readonly breaker?: { readonly failureThreshold?: number; readonly resetMs?: number };
  readonly random?: () => number;
}

export interface QueryPage {
  readonly response: HttpResponse;
  /** The entity array (empty when the QueryResponse has no entity key: nothing matched). */
  readonly items: readonly unknown[];
  /** The response `time` (server clock) as a UTC instant, or null if absent. */
  readonly serverTime: string | null;
}

export interface CdcPage {
  readonly response: HttpResponse;
  readonly items: ReadonlyMap<string, readonly unknown[]>;
  readonly serverTime: string | null;
}

export interface QuickbooksClient {
  readonly http: HttpClient;
  readonly tokens: TokenProvider;
  /** `SELECT …` through GET /query (URL-encoded), minorversion included. */
  query(entity: string, statement: string): Promise<QueryPage>;
  /** GET /cdc?entities=…&changedSince=… */
  cdc(entities: readonly string[], changedSinceIso: string): Promise<CdcPage>;
}

/** A 2xx body that is not the documented JSON (cut by a proxy, say) is fetched again this often. */
const BAD_BODY_REFETCHES = 2;

/**
 * Token buckets that keep every sliding window of the contract under its ceiling: a bucket of
 * capacity C refilled at r/s lets through at most C + r·w in any window of w seconds.
 */
export function pacingBuckets(account: string, limits: QboLimits): LimitSpec[] {
  const minuteCapacity = Math.max(1, Math.min(20, Math.floor(limits.perMinute / 10)));
  const secondCapacity = Math.max(1, Math.floor(limits.perSecond / 5));
  return [
    {
      key: `quickbooks:${account}:minute`,
      rule: { capacity: minuteCapacity, refillPerSecond: ((limits.perMinute - minuteCapacity) / 60) * 0.95 },
    },
    {
      key: `quickbooks:${account}:second`,
      rule: { capacity: secondCapacity, refillPerSecond: Math.max(0.1, (limits.perSecond - secondCapacity) * 0.9) },
    },
  ];
}

/**
 * The QBO client of one connection: `{baseUrl}/v3/company/{realmId}/…` with `Accept:
 * application/json` and `minorversion` on every call, Bearer tokens from the rotating-refresh token
 * provider (401 → one refresh and retry), and pacing under the realm's allowance shared by every
 * worker through SharedState (buckets and concurrency leases keyed by realm).
 */
export function createQuickbooksClient(ctx: StreamContext, opts: QuickbooksClientOptions = {}): QuickbooksClient {
  const { connection } = ctx;
  const limits: QboLimits = { ...QBO_LIMITS, ...opts.limits };
  const base = `${connection.baseUrl.replace(/\/+$/, '')}/v3/company/${encodeURIComponent(connection.account)}`;
  const context = { platform: 'quickbooks', connectionId: connection.id };
  const tokens = createQuickbooksTokens(ctx, opts.refreshAheadMs);
  let lastToken = '';

  const http = createHttpClient({
    platform: 'quickbooks',
    connectionId: connection.id,
    logger: ctx.logger,
    clock: ctx.clock,
    shared: ctx.shared,
    signal: ctx.signal,
    limits: pacingBuckets(connection.account, limits),
    concurrency: { key: `quickbooks:${connection.account}:inflight`, max: limits.concurrent },
    toError: (res) =>
      toLedgerpulseError(res, ctx.clock.now(), context, opts.throttleBackoffMs ?? QBO_THROTTLE_BACKOFF_MS),
    authorize: async (req) => {
      lastToken = await tokens.accessToken();
      return withBearer(req, lastToken);
    },
    // 401 only: a refresh cannot cure a 403 (the app is not authorized for the realm).
    onAuthError: async (res) => {
      if (res.status !== 401) return false;
      await tokens.forceRefresh(lastToken);
      return true;
    },
    ...(opts.maxAttempts === undefined ? {} : { maxAttempts: opts.maxAttempts }),
    ...(opts.retryBaseMs === undefined ? {} : { retryBaseMs: opts.retryBaseMs }),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.breaker === undefined ? {} : { breaker: opts.breaker }),
    ...(opts.random === undefined ? {} : { random: opts.random }),
  });

  async function getJson(url: string, what: string, check: (doc: unknown) => string | null) {
    let problem = '';
    for (let i = 0; i <= BAD_BODY_REFETCHES; i++) {
      const response = await http.send({ url, headers: { Accept: 'application/json' } });
      let doc: unknown;
      try {
        doc = JSON.parse(response.body);
      } catch (e) {
        problem = `body is not JSON (${e instanceof Error ? e.message : String(e)})`;
        ctx.logger.warn({ ...context, url: withoutQuery(url), attempt: i + 1 }, `QuickBooks ${what}: ${problem}`);
        continue;
      }
      const shape = check(doc);
      if (shape === null) return { response, doc: doc as Record<string, unknown> };
      problem = shape;
    }
    throw new ContractViolationError('LP_CONTRACT_PAGE_SHAPE', `QuickBooks ${what}: ${problem}`, {
      ...context,
      url: withoutQuery(url),
    });
  }

  return {
    http,
    tokens,
    async query(entity, statement) {
      const url = `${base}/query?query=${encodeURIComponent(statement)}&minorversion=${QBO_MINOR_VERSION}`;
      const { response, doc } = await getJson(url, `${entity} query`, (d) => {
        const qr = (d as { QueryResponse?: unknown } | null)?.QueryResponse;
        if (typeof qr !== 'object' || qr === null || Array.isArray(qr)) return 'no QueryResponse object';
        const items = (qr as Record<string, unknown>)[entity];
        return items === undefined || Array.isArray(items) ? null : `QueryResponse.${entity} is not an array`;
      });
      const { QueryResponse: qr, time } = doc as { QueryResponse: Record<string, unknown>; time?: unknown };
      return { response, items: (qr[entity] as unknown[] | undefined) ?? [], serverTime: instantOf(time) };
    },
    async cdc(entities, changedSinceIso) {
      const qs = new URLSearchParams({
        entities: entities.join(','),
        changedSince: changedSinceIso,
        minorversion: String(QBO_MINOR_VERSION),
      });
      const url = `${base}/cdc?${qs.toString()}`;
      const { response, doc } = await getJson(url, 'CDC', (d) => {
        const cdc = (d as { CDCResponse?: unknown } | null)?.CDCResponse;
        return Array.isArray(cdc) ? null : 'no CDCResponse array';
      });
      const items = new Map<string, unknown[]>();
      const { CDCResponse: blocks, time } = doc as { CDCResponse: unknown[]; time?: unknown };
      for (const block of blocks) {
        const responses = (block as { QueryResponse?: unknown } | null)?.QueryResponse;
        for (const qr of Array.isArray(responses) ? responses : []) {
          for (const entity of entities) {
            const list = (qr as Record<string, unknown> | null)?.[entity];
            if (Array.isArray(list)) items.set(entity, [...(items.get(entity) ?? []), ...list]);
          }
        }
      }
      return { response, items, serverTime: instantOf(time) };
    },
  };
}

function instantOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
