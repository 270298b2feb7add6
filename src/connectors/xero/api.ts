import type { RateLimitRule } from '../../ports/shared-state.js';

/** Accounting API path; the `2.0` never changes (contract §1). */
export const XERO_API_PATH = '/api.xro/2.0';
export const XERO_API_BASE_URL = 'https://api.xero.com';
/** Identity server token endpoint (a different host from the API in production). */
export const XERO_TOKEN_URL = 'https://identity.xero.com/connect/token';
export const XERO_TOKEN_PATH = '/connect/token';

/** Xero's default page size; the documented upper bound is 1000 (contract §4). */
export const XERO_DEFAULT_PAGE_SIZE = 100;
export const XERO_MAX_PAGE_SIZE = 1000;
/**
 * What the connector asks for: the documented maximum. The per-tenant minute limit (60 calls) is
 * what bounds a sync's speed, so ten times fewer calls is ten times faster.
 */
export const XERO_SYNC_PAGE_SIZE = XERO_MAX_PAGE_SIZE;

/** Re-read window on incremental syncs (records committed late, clocks a little apart). */
export const XERO_DEFAULT_OVERLAP_MS = 5 * 60_000;

/** Xero's documented allowances per tenant per app, and the app-wide minute (contract §6). */
export interface XeroLimits {
  readonly perMinute: number;
  readonly perDay: number;
  readonly appPerMinute: number;
  readonly concurrent: number;
}

export const XERO_LIMITS: XeroLimits = { perMinute: 60, perDay: 5000, appPerMinute: 10_000, concurrent: 5 };

/** SharedState key of the app-wide minute bucket, shared by every connection of the app. */
export const XERO_APP_LIMIT_KEY = 'xero:app';

const MINUTE_S = 60;
const DAY_S = 86_400;

/**
 * A token bucket that can never let more than `allowance` requests into any rolling `windowS`
 * window: a bucket of capacity b refilling r per second admits at most b + r·W in a window W,
 * so b + r·W is kept at allowance − margin (the margin covers the time between taking a token
 * and the request reaching Xero, which counts its windows on arrival).
 */
export function rollingWindowRule(allowance: number, windowS: number, burst: number, margin: number): RateLimitRule {
  const capacity = Math.max(1, Math.min(burst, allowance - margin - 1));
  const refill = Math.max(allowance - margin - capacity, 1) / windowS;
  return { capacity, refillPerSecond: refill };
}

export function tenantMinuteRule(limits: XeroLimits): RateLimitRule {
  return rollingWindowRule(limits.perMinute, MINUTE_S, 5, Math.max(1, Math.ceil(limits.perMinute * 0.03)));
}

/**
 * The day bucket starts nearly full (80% of the allowance): the minute rule already paces a tenant,
 * and a small day burst would throttle a first sync to one call per 17 s after its first pages.
 * The rolling-window bound still holds: capacity plus a day's refill stays at allowance − margin.
 */
export function tenantDayRule(limits: XeroLimits): RateLimitRule {
  const margin = Math.max(1, Math.ceil(limits.perDay * 0.01));
  return rollingWindowRule(limits.perDay, DAY_S, Math.floor(limits.perDay * 0.8), margin);
}

export function appMinuteRule(limits: XeroLimits): RateLimitRule {
  return rollingWindowRule(limits.appPerMinute, MINUTE_S, 100, Math.max(1, Math.ceil(limits.appPerMinute * 0.01)));
}
