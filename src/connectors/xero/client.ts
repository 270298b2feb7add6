import { ContractViolationError } from '../../errors/index.js';
import type { StreamContext } from '../kit/define.js';
import { createHttpClient, type HttpClient, type HttpResponse, withoutQuery } from '../kit/http.js';
import {
  appMinuteRule,
  tenantDayRule,
  tenantMinuteRule,
  XERO_API_PATH,
  XERO_APP_LIMIT_KEY,
  XERO_LIMITS,
  type XeroLimits,
} from './api.js';
import { createXeroAuth } from './auth.js';
import { toLedgerpulseError } from './errors.js';
import { arrayElementSlices } from './json-slices.js';
import { createRemainingPacer } from './limit-headers.js';

export interface XeroClientOptions {
  /** Xero's allowances; the defaults are the documented ones (tests against an emulator may lower them). */
  readonly limits?: XeroLimits;
  readonly maxAttempts?: number;
  readonly retryBaseMs?: number;
  readonly timeoutMs?: number;
  readonly breaker?: { readonly failureThreshold?: number; readonly resetMs?: number };
  readonly random?: () => number;
  /** For the token refresh call (tests); defaults to global fetch. */
  readonly fetchImpl?: typeof fetch;
}

export interface XeroListResponse {
  readonly response: HttpResponse;
  /** The records under the collection key, parsed. */
  readonly items: readonly unknown[];
  /** Each record's raw text as received (same order as items). */
  readonly texts: readonly string[];
}

export interface XeroClient {
  readonly http: HttpClient;
  urlFor(resource: string, query: Readonly<Record<string, string>>): string;
  /** GETs a collection and returns its records; a body that is not the documented envelope is fetched again, then refused. */
  getList(
    resource: string,
    itemsKey: string,
    query: Readonly<Record<string, string>>,
    headers?: Readonly<Record<string, string>>,
  ): Promise<XeroListResponse>;
}

/** A 2xx body that is not the documented JSON (cut mid-way by a proxy, say) is fetched again this often. */
const BAD_BODY_REFETCHES = 2;

/** Keys of the shared buckets and slots: per tenant (Xero's limits are per tenant per app) and app-wide. */
export function xeroLimitKeys(tenantId: string) {
  return {
    minute: `xero:tenant:${tenantId}:minute`,
    day: `xero:tenant:${tenantId}:day`,
    concurrent: `xero:tenant:${tenantId}:concurrent`,
    app: XERO_APP_LIMIT_KEY,
  };
}

/**
 * The Accounting API client of one connection. `connection.account` is the tenant id (sent as
 * `xero-tenant-id`); `connection.baseUrl` is `https://api.xero.com` or an emulator's base URL.
 * Every request takes a token from the tenant's minute and day buckets and from the app-wide
 * minute bucket (shared by all connections through SharedState) and holds one of the tenant's
 * five concurrency slots while in flight.
 */
export function createXeroClient(ctx: StreamContext, opts: XeroClientOptions = {}): XeroClient {
  const { connection } = ctx;
  const limits = opts.limits ?? XERO_LIMITS;
  const keys = xeroLimitKeys(connection.account);
  const context = { platform: 'xero', connectionId: connection.id };
  const base = connection.baseUrl.replace(/\/+$/, '');
  const auth = createXeroAuth(ctx, opts.fetchImpl);
  const pacer = createRemainingPacer(ctx.clock);

  const http = createHttpClient({
    platform: 'xero',
    connectionId: connection.id,
    logger: ctx.logger,
    clock: ctx.clock,
    shared: ctx.shared,
    signal: ctx.signal,
    limits: [
      { key: keys.minute, rule: tenantMinuteRule(limits) },
      { key: keys.day, rule: tenantDayRule(limits) },
      { key: keys.app, rule: appMinuteRule(limits) },
    ],
    concurrency: { key: keys.concurrent, max: limits.concurrent },
    toError: (res) => toLedgerpulseError(res, ctx.clock.now(), context),
    authorize: async (req) => {
      await pacer.wait(ctx.signal);
      return auth.authorize(req);
    },
    onAuthError: (res) => auth.onAuthError(res),
    onResponse: (res) => pacer.observe(res.headers),
    ...(opts.maxAttempts === undefined ? {} : { maxAttempts: opts.maxAttempts }),
    ...(opts.retryBaseMs === undefined ? {} : { retryBaseMs: opts.retryBaseMs }),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.breaker === undefined ? {} : { breaker: opts.breaker }),
    ...(opts.random === undefined ? {} : { random: opts.random }),
  });

  function urlFor(resource: string, query: Readonly<Record<string, string>>): string {
    const qs = new URLSearchParams(query).toString();
    return `${base}${XERO_API_PATH}/${resource}${qs ? `?${qs}` : ''}`;
  }

  async function getList(
    resource: string,
    itemsKey: string,
    query: Readonly<Record<string, string>>,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<XeroListResponse> {
    const url = urlFor(resource, query);
    let problem = '';
    for (let i = 0; i <= BAD_BODY_REFETCHES; i++) {
      const response = await http.send({ url, headers });
      let parsed: unknown;
      try {
        parsed = JSON.parse(response.body);
      } catch (e) {
        problem = `body is not JSON (${e instanceof Error ? e.message : String(e)})`;
        ctx.logger.warn({ url: withoutQuery(url), attempt: i + 1 }, 'Xero body is not JSON; fetching again');
        continue;
      }
      const items = (parsed as Record<string, unknown> | null)?.[itemsKey];
      if (!Array.isArray(items)) {
        problem = `body has no "${itemsKey}" array`;
        continue;
      }
      const slices = arrayElementSlices(response.body, itemsKey);
      const texts = slices && slices.length === items.length ? slices : items.map((it) => JSON.stringify(it));
      return { response, items, texts };
    }
    throw new ContractViolationError('LP_CONTRACT_PAGE_SHAPE', `Xero ${resource}: ${problem}`, {
      ...context,
      url: withoutQuery(url),
    });
  }

  return { http, urlFor, getList };
}
