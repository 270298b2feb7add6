import type { ErrorContext, LedgerpulseError } from '../../errors/index.js';
import {
  AuthError,
  ContractViolationError,
  InvalidInputError,
  RateLimitError,
  TransientError,
} from '../../errors/index.js';
import type { HttpResponse } from '../kit/http.js';
import { withoutQuery } from '../kit/http.js';
import { parseRetryAfter } from '../kit/retry-after.js';

interface Detail {
  readonly code: string;
  readonly detail: string;
}

/** The first `o:errorDetails` member of a NetSuite problem document, if the body is one. */
export function problemDetail(body: string): Detail | null {
  try {
    const doc = JSON.parse(body) as { 'o:errorDetails'?: unknown };
    const first = Array.isArray(doc['o:errorDetails']) ? (doc['o:errorDetails'][0] as Record<string, unknown>) : null;
    if (!first) return null;
    const code = typeof first['o:errorCode'] === 'string' ? first['o:errorCode'] : 'UNKNOWN';
    // Details can quote field values; keep them short in messages (the full body goes to the raw store).
    const detail = typeof first['detail'] === 'string' ? first['detail'].slice(0, 300) : '';
    return { code, detail };
  } catch {
    return null;
  }
}

/** No Retry-After is promised on CONCURRENCY_LIMIT_EXCEEDED: wait about a second, jittered. */
export const CONCURRENCY_BACKOFF_MS = 1_000;

/**
 * NetSuite's errors as Ledgerpulse errors. 401 INVALID_LOGIN hides its cause (signature,
 * timestamp, nonce, realm, revoked token) → AuthError; 403 → AuthError; 429
 * CONCURRENCY_LIMIT_EXCEEDED → RateLimitError; 404 NONEXISTENT_ID → InvalidInputError
 * LP_INPUT_NOT_FOUND (the record went away: the caller skips it); other 4xx mean a request we
 * built was refused → ContractViolationError; 5xx → TransientError.
 */
export function createErrorConverter(
  clock: { now(): number },
  context: ErrorContext,
  random: () => number = Math.random,
): (res: HttpResponse) => LedgerpulseError {
  return (res) => {
    const d = problemDetail(res.body);
    const ctx: ErrorContext = {
      ...context,
      httpStatus: res.status,
      url: withoutQuery(res.url),
      ...(d ? { providerCode: d.code } : {}),
    };
    const text = d ? `NetSuite ${res.status} ${d.code}: ${d.detail}` : `NetSuite HTTP ${res.status}`;
    const now = clock.now();
    if (res.status === 429 || d?.code === 'CONCURRENCY_LIMIT_EXCEEDED') {
      const retryAt =
        parseRetryAfter(res.headers['retry-after'], now) ?? now + Math.round(CONCURRENCY_BACKOFF_MS * (0.5 + random()));
      return new RateLimitError('LP_RATE_LIMITED', text, retryAt, ctx);
    }
    if (res.status === 401) return new AuthError('LP_AUTH_INVALID_TOKEN', text, ctx);
    if (res.status === 403) return new AuthError('LP_AUTH_INSUFFICIENT_PERMISSION', text, ctx);
    if (res.status === 404 && d?.code === 'NONEXISTENT_ID')
      return new InvalidInputError('LP_INPUT_NOT_FOUND', text, ctx);
    if (res.status >= 500 || res.status === 408) return new TransientError('LP_TRANSIENT_HTTP', text, ctx);
    return new ContractViolationError('LP_CONTRACT_HTTP', text, ctx);
  };
}
