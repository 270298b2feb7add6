import type { ErrorContext, LedgerpulseError } from '../../errors/index.js';
import { AuthError, ContractViolationError, RateLimitError, TransientError } from '../../errors/index.js';
import { errorFromStatus, type HttpResponse, withoutQuery } from '../kit/http.js';
import { parseRetryAfter } from '../kit/retry-after.js';

/** The fields of a Xero error body that may be logged (allow-list; the rest stays out of logs). */
export interface XeroErrorSummary {
  readonly title?: string;
  readonly detail?: string;
  readonly type?: string;
  readonly message?: string;
  readonly errorNumber?: number;
  readonly validation?: string;
}

/**
 * Reads a Xero error body: the problem shape (`Title`, `Status`, `Detail`) for 401/403/429, the
 * API exception shape (`ErrorNumber`, `Type`, `Message`, `Elements[].ValidationErrors`) for 400,
 * OAuth's `{"error": "invalid_grant"}` from the identity server; 404s may be empty or HTML.
 */
export function summarizeXeroError(body: string): XeroErrorSummary {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const o = parsed as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? cut(v) : undefined);
  const out: Record<string, unknown> = {};
  const title = str(o['Title']) ?? str(o['error']);
  if (title) out['title'] = title;
  const detail = str(o['Detail']) ?? str(o['error_description']);
  if (detail) out['detail'] = detail;
  const type = str(o['Type']);
  if (type) out['type'] = type;
  const message = str(o['Message']);
  if (message) out['message'] = message;
  if (typeof o['ErrorNumber'] === 'number') out['errorNumber'] = o['ErrorNumber'];
  const elements = Array.isArray(o['Elements']) ? o['Elements'] : [];
  for (const e of elements) {
    const errors = typeof e === 'object' && e !== null ? (e as Record<string, unknown>)['ValidationErrors'] : undefined;
    const first = Array.isArray(errors) ? (errors[0] as Record<string, unknown> | undefined) : undefined;
    const text = str(first?.['Message']);
    if (text) {
      out['validation'] = text;
      break;
    }
  }
  return out as XeroErrorSummary;
}

function cut(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/** The one place Xero responses become Ledgerpulse errors (STYLE §4). */
export function toLedgerpulseError(res: HttpResponse, nowMs: number, context: ErrorContext): LedgerpulseError {
  const summary = summarizeXeroError(res.body);
  const text = [summary.title, summary.detail, summary.type, summary.message, summary.validation]
    .filter(Boolean)
    .join(': ');
  const message = `Xero answered HTTP ${res.status}${text ? ` (${text})` : ''}`;
  const correlation = res.headers['xero-correlation-id'];
  const problem = res.headers['x-rate-limit-problem'];
  const ctx: ErrorContext = {
    ...context,
    httpStatus: res.status,
    url: withoutQuery(res.url),
    ...(correlation ? { requestId: correlation } : {}),
    ...(problem ? { rateLimitProblem: problem } : {}),
    ...(summary.type ? { xeroType: summary.type } : {}),
  };
  switch (res.status) {
    case 429: {
      // Xero always sends Retry-After with a 429; a minute is the safe guess if it did not.
      const retryAt = parseRetryAfter(res.headers['retry-after'], nowMs) ?? nowMs + 60_000;
      const code = problem === 'day' ? 'LP_RATE_DAILY_QUOTA' : 'LP_RATE_LIMITED';
      return new RateLimitError(code, `${message}; limit: ${problem ?? 'unknown'}`, retryAt, ctx);
    }
    case 401:
      return new AuthError('LP_AUTH_INVALID_TOKEN', message, ctx);
    case 403:
      // AuthorizationUnsuccessful: the tenant was disconnected or the scope is missing; a refresh cannot help.
      return new AuthError('LP_AUTH_TENANT_FORBIDDEN', message, ctx);
    case 400:
      return new ContractViolationError('LP_CONTRACT_HTTP', message, ctx);
    case 503:
      return new TransientError('LP_TRANSIENT_HTTP', message, ctx);
    default:
      return errorFromStatus(res, nowMs, context, message);
  }
}
