import { type ConnectorDefinition, defineConnector } from '../kit/define.js';
import { mappers } from './mappers/index.js';
import { contactsStream } from './streams/contacts.js';
import { creditNotesStream } from './streams/credit-notes.js';
import { invoicesStream } from './streams/invoices.js';
import { itemsStream } from './streams/items.js';
import type { XeroStreamOptions } from './streams/paged.js';
import { purchaseOrdersStream } from './streams/purchase-orders.js';

/** Bumped whenever a mapper's output changes for the same payload (replay shows the diff). */
export const XERO_MAPPING_VERSION = '2026-01-xero-1';

/** The Xero connector with non-default options (page size, overlap, limits for an emulator). */
export function createXeroConnector(opts: XeroStreamOptions = {}): ConnectorDefinition {
  return defineConnector({
    platform: 'xero',
    mappingVersion: XERO_MAPPING_VERSION,
    streams: [
      contactsStream(opts),
      itemsStream(opts),
      invoicesStream(opts),
      creditNotesStream(opts),
      purchaseOrdersStream(opts),
    ],
    mappers,
  });
}

export const connector = createXeroConnector();

export type { XeroLimits } from './api.js';
export { XERO_LIMITS } from './api.js';
export type { XeroStreamOptions } from './streams/paged.js';
