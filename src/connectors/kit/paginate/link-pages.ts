import type { HttpClient, HttpRequest, HttpResponse } from '../http.js';
import { parseLinkHeader } from './link-header.js';
import { createLoopGuard } from './loop-guard.js';

export interface LinkPagesOptions {
  /** Names the read in loop-guard errors, e.g. "shopify orders". */
  readonly what: string;
  /**
   * Builds the follow-up request from the `rel="next"` URL. Platforms whose cursor forbids
   * repeating the first request's filters (Shopify page_info) strip them here.
   */
  readonly nextRequest?: (nextUrl: string, first: HttpRequest) => HttpRequest;
}

/**
 * Link-header pagination (RFC 8288): sends `first`, then follows `rel="next"` until a page has
 * none. The next link is found by rel, never by position; a repeated link stops the read with
 * LP_CONTRACT_PAGINATION_LOOP. An empty last page is yielded like any other.
 */
export async function* linkPages(
  client: HttpClient,
  first: HttpRequest,
  opts: LinkPagesOptions,
): AsyncGenerator<HttpResponse> {
  const guard = createLoopGuard(opts.what);
  let req: HttpRequest | null = first;
  guard.see(first.url);
  while (req) {
    const res = await client.send(req);
    yield res;
    const next = parseLinkHeader(res.headers['link'])['next'];
    if (next === undefined) return;
    guard.see(next);
    req = opts.nextRequest ? opts.nextRequest(next, first) : { ...first, url: next };
  }
}
