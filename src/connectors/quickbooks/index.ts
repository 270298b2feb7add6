import { ConfigError } from '../../errors/index.js';
import type { ConnectorDefinition, StreamContext } from '../kit/define.js';
import { defineConnector } from '../kit/define.js';
import { QBO_DEFAULT_OVERLAP_MS, QBO_MAX_PAGE_SIZE } from './api.js';
import { createQuickbooksClient, type QuickbooksClient, type QuickbooksClientOptions } from './client.js';
import { mappers } from './mappers/index.js';
import { billsStream } from './streams/bills.js';
import { creditMemosStream } from './streams/credit-memos.js';
import { customersStream } from './streams/customers.js';
import type { StreamOptions } from './streams/entity-stream.js';
import { invoicesStream } from './streams/invoices.js';
import { itemsStream } from './streams/items.js';
import { purchaseOrdersStream } from './streams/purchase-orders.js';
import { vendorsStream } from './streams/vendors.js';

/** Bump when a mapper's output changes for the same payload (replay then shows the diff). */
export const QUICKBOOKS_MAPPING_VERSION = 'quickbooks-2026.1';

export interface QuickbooksConnectorOptions extends QuickbooksClientOptions {
  /** MAXRESULTS per query page, 1–1000 (default 1000). */
  readonly pageSize?: number;
  /** Incremental re-read window in ms (default 5 minutes). */
  readonly overlapMs?: number;
}

/**
 * The QuickBooks Online connector. Connection: baseUrl `https://quickbooks.api.intuit.com` (or the
 * emulator's `http://127.0.0.1:PORT`), account = realm id, credentials `{ client_id, client_secret,
 * access_token, refresh_token, expires_at [, token_url] }`. Options exist for tests and for apps
 * with other allowances.
 */
export function createQuickbooksConnector(options: QuickbooksConnectorOptions = {}): ConnectorDefinition {
  const pageSize = options.pageSize ?? QBO_MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > QBO_MAX_PAGE_SIZE) {
    throw new ConfigError('LP_CONFIG_INVALID', `QuickBooks page size must be 1–${QBO_MAX_PAGE_SIZE}, got ${pageSize}`, {
      platform: 'quickbooks',
    });
  }
  const clients = new WeakMap<StreamContext, QuickbooksClient>();
  const clientFor = (ctx: StreamContext): QuickbooksClient => {
    let client = clients.get(ctx);
    if (!client) {
      client = createQuickbooksClient(ctx, options);
      clients.set(ctx, client);
    }
    return client;
  };
  const opts: StreamOptions = { pageSize, overlapMs: options.overlapMs ?? QBO_DEFAULT_OVERLAP_MS, clientFor };
  return defineConnector({
    platform: 'quickbooks',
    mappingVersion: QUICKBOOKS_MAPPING_VERSION,
    streams: [
      invoicesStream(opts),
      creditMemosStream(opts),
      billsStream(opts),
      purchaseOrdersStream(opts),
      itemsStream(opts),
      customersStream(opts),
      vendorsStream(opts),
    ],
    mappers,
  });
}

export const connector = createQuickbooksConnector();
