import type { ConnectorDefinition, StreamContext } from '../kit/define.js';
import { defineConnector } from '../kit/define.js';
import { createShopifyClient, type ShopifyClient, type ShopifyClientOptions } from './client.js';
import { mapInventoryLevel } from './mappers/inventory-level.js';
import { mapLocation } from './mappers/location.js';
import { mapOrder } from './mappers/order.js';
import { mapOrderIds } from './mappers/order-ids.js';
import { mapProduct } from './mappers/product.js';
import { inventoryLevelsStream } from './streams/inventory-levels.js';
import { locationsStream } from './streams/locations.js';
import { checkedPageSize, DEFAULT_OVERLAP_MS, type StreamOptions } from './streams/options.js';
import { orderIdsStream } from './streams/order-ids.js';
import { ordersStream } from './streams/orders.js';
import { productsStream } from './streams/products.js';

/** Bump when a mapper's output changes for the same payload (replay then shows the diff). */
export const SHOPIFY_MAPPING_VERSION = 'shopify-2026.1';

export interface ShopifyConnectorOptions extends ShopifyClientOptions {
  /** `limit` per page, 1–250 (default 250). */
  readonly pageSize?: number;
  /** Incremental re-read window in ms (default 5 minutes). */
  readonly overlapMs?: number;
}

/**
 * The Shopify REST Admin connector. Connection: baseUrl `https://{shop}.myshopify.com` (or the
 * emulator's `http://127.0.0.1:PORT/shops/{shop}`), account = the shop domain, credentials
 * `{ access_token }`. Options exist for tests and plans with larger buckets.
 */
export function createShopifyConnector(options: ShopifyConnectorOptions = {}): ConnectorDefinition {
  const clients = new WeakMap<StreamContext, ShopifyClient>();
  const clientFor = (ctx: StreamContext): ShopifyClient => {
    let client = clients.get(ctx);
    if (!client) {
      client = createShopifyClient(ctx, options);
      clients.set(ctx, client);
    }
    return client;
  };
  const opts: StreamOptions = {
    pageSize: checkedPageSize(options.pageSize),
    overlapMs: options.overlapMs ?? DEFAULT_OVERLAP_MS,
    clientFor,
  };
  return defineConnector({
    platform: 'shopify',
    mappingVersion: SHOPIFY_MAPPING_VERSION,
    streams: [
      ordersStream(opts),
      // After orders: the sweep marks what vanished since (Shopify shows no deletions).
      orderIdsStream(opts),
      productsStream(opts),
      locationsStream(opts),
      inventoryLevelsStream(opts),
    ],
    mappers: {
      orders: mapOrder,
      order_ids: mapOrderIds,
      products: mapProduct,
      locations: mapLocation,
      inventory_levels: mapInventoryLevel,
    },
  });
}

export const connector = createShopifyConnector();
