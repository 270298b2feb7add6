import { ConfigError } from '../../../errors/index.js';
import type { StreamContext } from '../../kit/define.js';
import { SHOPIFY_DEFAULT_OVERLAP_MS, SHOPIFY_MAX_PAGE_SIZE } from '../api.js';
import type { ShopifyClient } from '../client.js';

export interface StreamOptions {
  /** `limit` per page, 1–250 (default 250). */
  readonly pageSize: number;
  /** Incremental re-read window (default 5 minutes). */
  readonly overlapMs: number;
  /** One client per stream context (shares its breaker and pacing across the reads of a run). */
  readonly clientFor: (ctx: StreamContext) => ShopifyClient;
}

export function checkedPageSize(pageSize: number | undefined): number {
  const n = pageSize ?? SHOPIFY_MAX_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 1 || n > SHOPIFY_MAX_PAGE_SIZE) {
    throw new ConfigError('LP_CONFIG_INVALID', `Shopify page size must be 1–${SHOPIFY_MAX_PAGE_SIZE}, got ${n}`, {
      platform: 'shopify',
    });
  }
  return n;
}

export const DEFAULT_OVERLAP_MS = SHOPIFY_DEFAULT_OVERLAP_MS;
