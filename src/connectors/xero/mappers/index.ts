import type { Mapper } from '../../kit/mapper.js';
import { mapContact } from './contact.js';
import { mapCreditNote } from './credit-note.js';
import { mapInvoice } from './invoice.js';
import { mapItem } from './item.js';
import { mapPurchaseOrder } from './purchase-order.js';

/** Raw object name (as the streams tag envelopes) → mapper. */
export const XERO_OBJECTS = {
  invoices: 'invoices',
  creditNotes: 'credit_notes',
  purchaseOrders: 'purchase_orders',
  items: 'items',
  contacts: 'contacts',
} as const;

export const mappers: Readonly<Record<string, Mapper>> = {
  [XERO_OBJECTS.invoices]: mapInvoice,
  [XERO_OBJECTS.creditNotes]: mapCreditNote,
  [XERO_OBJECTS.purchaseOrders]: mapPurchaseOrder,
  [XERO_OBJECTS.items]: mapItem,
  [XERO_OBJECTS.contacts]: mapContact,
};
