import type { ErrorContext, LedgerpulseError } from '../../errors/index.js';
import { AuthError, RateLimitError } from '../../errors/index.js';
import { errorFromStatus, type HttpResponse, withoutQuery } from '../kit/http.js';
import { parseRetryAfter } from '../kit/retry-after.js';

/**
 * Shopify's `errors` is a string, an object of field → messages, or an array, depending on the
 * endpoint (contract §7). Only that field is kept, cut short: bodies go to the raw store, not logs.
 */
export function shopifyErrorText(body: string): string {
  let errors: unknown;
  try {
    errors = (JSON.parse(body) as { errors?: unknown }).errors;
  } catch {
    return '';
  }
  if (errors === undefined) return '';
  const text = typeof errors === 'string' ? errors : JSON.stringify(errors);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** The one place Shopify responses become Ledgerpulse errors (STYLE §4). */
export function toShopifyError(res: HttpResponse, nowMs: number, context: ErrorContext): LedgerpulseError {
  const detail = shopifyErrorText(res.body);
  const message = `Shopify answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`;
  const ctx: ErrorContext = {
    ...context,
    httpStatus: res.status,
    url: withoutQuery(res.url),
    ...(res.headers['x-request-id'] ? { requestId: res.headers['x-request-id'] } : {}),
  };
  switch (res.status) {
    case 429:
      // Shopify always sends Retry-After (2.0 on REST); 2 s is its documented value if it ever does not.
      return new RateLimitError(
        'LP_RATE_LIMITED',
        message,
        parseRetryAfter(res.headers['retry-after'], nowMs) ?? nowMs + 2000,
        ctx,
      );
    case 403:
      return new AuthError('LP_AUTH_MISSING_SCOPE', message, ctx);
    case 402:
    case 423:
      return new AuthError('LP_AUTH_SHOP_UNAVAILABLE', message, ctx);
    default:
      return errorFromStatus(res, nowMs, context, message);
  }
}
