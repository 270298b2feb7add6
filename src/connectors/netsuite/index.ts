import { defineConnector } from '../kit/define.js';
import { mappers } from './mappers/index.js';
import { creditMemosStream } from './streams/credit-memos.js';
import { inventoryLevelsStream } from './streams/inventory-levels.js';
import { invoicesStream } from './streams/invoices.js';
import { itemsStream } from './streams/items.js';
import type { StreamOptions } from './streams/options.js';
import { DEFAULT_STREAM_OPTIONS } from './streams/options.js';
import { purchaseOrdersStream } from './streams/purchase-orders.js';
import { salesOrdersStream } from './streams/sales-orders.js';
import { vendorBillsStream } from './streams/vendor-bills.js';

export const NETSUITE_MAPPING_VERSION = '2026-01-netsuite-1';

/** The NetSuite connector with tuned options (tests shrink pages; ops can lower concurrency). */
export function createNetsuiteConnector(overrides: Partial<StreamOptions> = {}) {
  const options: StreamOptions = { ...DEFAULT_STREAM_OPTIONS, ...overrides };
  return defineConnector({
    platform: 'netsuite',
    mappingVersion: NETSUITE_MAPPING_VERSION,
    streams: [
      invoicesStream(options),
      creditMemosStream(options),
      vendorBillsStream(options),
      purchaseOrdersStream(options),
      salesOrdersStream(options),
      itemsStream(options),
      inventoryLevelsStream(options),
    ],
    mappers,
  });
}

export const connector = createNetsuiteConnector();
