import type { RateLimitRule } from '../../ports/shared-state.js';

/** The Admin REST version this connector speaks; it appears in every path. */
export const SHOPIFY_API_VERSION = '2026-07';

/** Shopify's documented page-size ceiling for REST list endpoints. */
export const SHOPIFY_MAX_PAGE_SIZE = 250;

/** Standard plan: a leaky bucket of 40 calls draining 2 per second, per app and shop. */
export const SHOPIFY_STANDARD_BUCKET: RateLimitRule = { capacity: 40, refillPerSecond: 2 };

/** Re-read window on incremental syncs: updated_at has second precision and commits land late. */
export const SHOPIFY_DEFAULT_OVERLAP_MS = 5 * 60_000;

/** `inventory_levels.json` accepts at most 50 ids per filter. */
export const SHOPIFY_MAX_IDS_PER_FILTER = 50;
