import { ContractViolationError } from '../../errors/index.js';
import type { RateLimitRule } from '../../ports/shared-state.js';
import type { StreamContext } from '../kit/define.js';
import { createHttpClient, type HttpClient, type HttpRequest, type HttpResponse, withoutQuery } from '../kit/http.js';
import { parseLinkHeader } from '../kit/paginate/link-header.js';
import { createLoopGuard } from '../kit/paginate/loop-guard.js';
import { SHOPIFY_API_VERSION, SHOPIFY_STANDARD_BUCKET } from './api.js';
import { readCredentials, withAccessToken } from './auth.js';
import { createCallLimitPacer } from './call-limit.js';
import { toShopifyError } from './errors.js';

export interface ShopifyClientOptions {
  /** The shop's REST bucket (plan dependent); Standard by default. */
  readonly bucket?: RateLimitRule;
  readonly maxAttempts?: number;
  readonly retryBaseMs?: number;
  readonly timeoutMs?: number;
  readonly breaker?: { readonly failureThreshold?: number; readonly resetMs?: number };
  readonly random?: () => number;
}

export interface ShopifyListPage {
  readonly url: string;
  readonly response: HttpResponse;
  /** The array under the resource key (`orders`, `products`, …), still untyped. */
  readonly items: readonly unknown[];
}

export interface ShopifyClient {
  readonly http: HttpClient;
  /** `{baseUrl}/admin/api/{version}/{resource}.json?{query}`. */
  urlFor(resource: string, query: Readonly<Record<string, string>>): string;
  /** Every page of a REST list, following Link rel="next" until there is none. */
  list(resource: string, itemsKey: string, query: Readonly<Record<string, string>>): AsyncGenerator<ShopifyListPage>;
}

/** Only these may accompany page_info; anything else makes Shopify answer 400 (contract §4). */
const PAGE_INFO_COMPANIONS = new Set(['page_info', 'limit', 'fields']);
/** A 2xx body that is not the documented JSON (a proxy cut it, say) is fetched again this often. */
const BAD_BODY_REFETCHES = 2;

/**
 * The REST Admin client of one connection. Connection.baseUrl is `https://{shop}.myshopify.com`,
 * or for the emulator `http://127.0.0.1:PORT/shops/{shop}`; account is the shop domain.
 */
export function createShopifyClient(ctx: StreamContext, opts: ShopifyClientOptions = {}): ShopifyClient {
  const { connection } = ctx;
  const bucket = opts.bucket ?? SHOPIFY_STANDARD_BUCKET;
  const pacer = createCallLimitPacer(ctx.clock, bucket.refillPerSecond);
  const context = { platform: 'shopify', connectionId: connection.id };
  const base = connection.baseUrl.replace(/\/+$/, '');
  const log = ctx.logger.child({ platform: 'shopify', connectionId: connection.id });
  let credentials = connection.credentials;

  const http = createHttpClient({
    platform: 'shopify',
    connectionId: connection.id,
    logger: ctx.logger,
    clock: ctx.clock,
    shared: ctx.shared,
    signal: ctx.signal,
    limits: [{ key: `shopify:rest:${connection.account}`, rule: bucket }],
    toError: (res) => toShopifyError(res, ctx.clock.now(), context),
    // Called before every attempt, retries included: pace on the shop's own report, then sign.
    authorize: async (req: HttpRequest) => {
      await pacer.wait(ctx.signal);
      return withAccessToken(req, readCredentials(credentials, connection.id));
    },
    // Admin tokens do not expire, but an operator may have re-connected the shop since this run
    // loaded them: read the stored credentials again and retry once before giving up.
    onAuthError: async () => {
      credentials = await ctx.loadCredentials();
      return true;
    },
    onResponse: (res) => {
      pacer.observe(res.headers['x-shopify-shop-api-call-limit']);
      const version = res.headers['x-shopify-api-version'];
      if (version && version !== SHOPIFY_API_VERSION) {
        log.warn({ asked: SHOPIFY_API_VERSION, served: version }, 'Shopify answered with another API version');
      }
    },
    ...(opts.maxAttempts === undefined ? {} : { maxAttempts: opts.maxAttempts }),
    ...(opts.retryBaseMs === undefined ? {} : { retryBaseMs: opts.retryBaseMs }),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.breaker === undefined ? {} : { breaker: opts.breaker }),
    ...(opts.random === undefined ? {} : { random: opts.random }),
  });

  function urlFor(resource: string, query: Readonly<Record<string, string>>): string {
    const qs = new URLSearchParams(query).toString();
    return `${base}/admin/api/${SHOPIFY_API_VERSION}/${resource}.json${qs ? `?${qs}` : ''}`;
  }

  async function fetchItems(url: string, itemsKey: string): Promise<{ response: HttpResponse; items: unknown[] }> {
    let problem = '';
    for (let i = 0; i <= BAD_BODY_REFETCHES; i++) {
      const response = await http.send({ url, headers: { Accept: 'application/json' } });
      let parsed: unknown;
      try {
        parsed = JSON.parse(response.body);
      } catch (e) {
        problem = `body is not JSON (${e instanceof Error ? e.message : String(e)})`;
        continue;
      }
      const items = (parsed as Record<string, unknown> | null)?.[itemsKey];
      if (Array.isArray(items)) return { response, items };
      problem = `body has no "${itemsKey}" array`;
    }
    throw new ContractViolationError('LP_CONTRACT_PAGE_SHAPE', `Shopify ${itemsKey} page: ${problem}`, {
      ...context,
      url: withoutQuery(url),
    });
  }

  async function* list(
    resource: string,
    itemsKey: string,
    query: Readonly<Record<string, string>>,
  ): AsyncGenerator<ShopifyListPage> {
    const guard = createLoopGuard(`shopify ${resource}`);
    let url: string | null = urlFor(resource, query);
    while (url !== null) {
      const { response, items } = await fetchItems(url, itemsKey);
      yield { url, response, items };
      const next = parseLinkHeader(response.headers['link'])['next'];
      if (next === undefined) return;
      const nextUrl = new URL(next);
      const pageInfo = nextUrl.searchParams.get('page_info');
      if (!pageInfo) {
        throw new ContractViolationError(
          'LP_CONTRACT_PAGE_SHAPE',
          `Shopify ${resource}: next link has no page_info`,
          context,
        );
      }
      guard.see(pageInfo);
      // Follow-up requests carry only page_info, limit and fields: the token holds the filters.
      for (const key of [...nextUrl.searchParams.keys()]) {
        if (!PAGE_INFO_COMPANIONS.has(key)) nextUrl.searchParams.delete(key);
      }
      url = nextUrl.toString();
    }
  }

  return { http, urlFor, list };
}
