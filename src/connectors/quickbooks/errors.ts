import type { ErrorContext, LedgerpulseError } from '../../errors/index.js';
import { AuthError, ContractViolationError, RateLimitError, TransientError } from '../../errors/index.js';
import type { HttpResponse } from '../kit/http.js';
import { withoutQuery } from '../kit/http.js';
import { parseRetryAfter } from '../kit/retry-after.js';
import { parseIntuitXml } from './intuit-xml.js';

export interface FaultSummary {
  readonly type: string | null;
  /** Error codes, as strings ("3001", "4001", …). */
  readonly codes: readonly string[];
  /** First error's Message, cut short (Detail stays in the raw body, not in logs). */
  readonly message: string | null;
}

interface LooseFault {
  readonly type?: unknown;
  readonly Error?: unknown;
  readonly error?: unknown;
}

/**
 * Reads a Fault from a JSON or XML body. Accepts `Fault`/`fault` and `Error`/`error`, `Message`/
 * `message`: the gateway answers some 401s in the lower-case envelope, documents in the upper-case one.
 */
export function readFault(body: string): FaultSummary | null {
  let doc: unknown;
  const trimmed = body.trimStart();
  try {
    doc = trimmed.startsWith('<') ? parseIntuitXml(trimmed) : JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null) return null;
  const envelope = doc as { Fault?: LooseFault; fault?: LooseFault };
  const fault = envelope.Fault ?? envelope.fault;
  if (!fault) return null;
  const list = fault.Error ?? fault.error;
  const errors = (Array.isArray(list) ? list : list ? [list] : []) as {
    code?: unknown;
    Message?: unknown;
    message?: unknown;
  }[];
  const first = errors[0];
  const message = first ? (first.Message ?? first.message) : undefined;
  return {
    type: typeof fault.type === 'string' ? fault.type : null,
    codes: errors.map((e) => String(e.code ?? '')).filter((c) => c !== ''),
    message: typeof message === 'string' ? message.slice(0, 200) : null,
  };
}

/**
 * The one place QuickBooks responses become Ledgerpulse errors (STYLE §4):
 * - 401 → AuthError LP_AUTH_INVALID_TOKEN (the client refreshes once and retries);
 * - 429, or 403 with Fault code 3001 (the older throttle form) → RateLimitError, retry after
 *   Retry-After if ever sent, else Intuit's 60 s;
 * - other 403 (AuthorizationFault, e.g. 3100: app not authorized for the realm) → AuthError LP_AUTH_FORBIDDEN;
 * - 5xx, 408 → TransientError; other 4xx (ValidationFault: bad query, 610 …) → ContractViolationError.
 */
export function toLedgerpulseError(
  res: HttpResponse,
  nowMs: number,
  context: ErrorContext,
  throttleBackoffMs = 60_000,
): LedgerpulseError {
  const fault = readFault(res.body);
  const { intuit_tid: tid } = res.headers;
  const ctx: ErrorContext = {
    ...context,
    httpStatus: res.status,
    url: withoutQuery(res.url),
    ...(tid ? { requestId: tid } : {}),
    ...(fault ? { faultType: fault.type, faultCodes: fault.codes } : {}),
  };
  const message = `QuickBooks answered HTTP ${res.status}${fault?.message ? `: ${fault.message}` : ''}`;
  const throttled = res.status === 429 || (res.status === 403 && fault?.codes.includes('3001') === true);
  if (throttled) {
    const retryAt = parseRetryAfter(res.headers['retry-after'], nowMs) ?? nowMs + throttleBackoffMs;
    return new RateLimitError('LP_RATE_LIMITED', message, retryAt, ctx);
  }
  if (res.status === 401) return new AuthError('LP_AUTH_INVALID_TOKEN', message, ctx);
  if (res.status === 403) return new AuthError('LP_AUTH_FORBIDDEN', message, ctx);
  if (res.status >= 500 || res.status === 408) return new TransientError('LP_TRANSIENT_HTTP', message, ctx);
  return new ContractViolationError('LP_CONTRACT_HTTP', message, ctx);
}
