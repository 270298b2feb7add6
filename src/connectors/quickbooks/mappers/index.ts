import type { Mapper } from '../../kit/mapper.js';
import { mapBill } from './bill.js';
import { mapCreditMemo, mapInvoice } from './invoice.js';
import { mapItem } from './item.js';
import { mapCustomer, mapVendor } from './party.js';
import { mapPurchaseOrder } from './purchase-order.js';

/** Mapper per raw object; the keys are the QBO entity names the streams store as the envelope object. */
export const mappers = {
  Invoice: mapInvoice,
  CreditMemo: mapCreditMemo,
  Bill: mapBill,
  PurchaseOrder: mapPurchaseOrder,
  Item: mapItem,
  Customer: mapCustomer,
  Vendor: mapVendor,
} as const satisfies Record<string, Mapper>;

export type QboObject = keyof typeof mappers;
