/** QuickBooks Online Accounting API v3 constants (shared/platforms/quickbooks.md). */

/** Sent on every call, queries and CDC included: older values are served as 75 since 1 Aug 2025. */
export const QBO_MINOR_VERSION = 75;

export const INTUIT_API_BASE = 'https://quickbooks.api.intuit.com';
export const INTUIT_SANDBOX_API_BASE = 'https://sandbox-quickbooks.api.intuit.com';
export const INTUIT_TOKEN_URL = 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer';
export const INTUIT_AUTHORIZE_URL = 'https://appcenter.intuit.com/connect/oauth2';
export const QBO_SCOPE = 'com.intuit.quickbooks.accounting';

/** MAXRESULTS above 1000 is refused. */
export const QBO_MAX_PAGE_SIZE = 1000;
/** CDC looks back at most 30 days and returns at most 1000 objects per response. */
export const QBO_CDC_MAX_DAYS = 30;
export const QBO_CDC_MAX_OBJECTS = 1000;

/** Per realm and app: 500 requests a minute, 10 a second, 10 in flight. */
export interface QboLimits {
  readonly perMinute: number;
  readonly perSecond: number;
  readonly concurrent: number;
}
export const QBO_LIMITS: QboLimits = { perMinute: 500, perSecond: 10, concurrent: 10 };

/** Intuit's guidance after a throttle (429, no Retry-After): wait 60 s. */
export const QBO_THROTTLE_BACKOFF_MS = 60_000;

/** Incremental re-read window: LastUpdatedTime has whole seconds and commits land out of order. */
export const QBO_DEFAULT_OVERLAP_MS = 5 * 60_000;
