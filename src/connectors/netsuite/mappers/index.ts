import type { Mapper } from '../../kit/mapper.js';
import type { TransactionKind } from './deleted.js';
import { mapDeletedRow } from './deleted.js';
import { mapDocumentRecord } from './document.js';
import { mapInventorySnapshot } from './inventory-level.js';
import { asObject } from './parse-payload.js';
import { mapItemRow } from './product.js';
import { mapPurchaseOrderRecord } from './purchase-order.js';
import { mapSalesOrderRecord } from './sales-order.js';

/**
 * A transaction stream stores two payload shapes under one object: the record itself, and a
 * `deletedrecord` row once it is deleted (it has `recordid` and `deleted`, a record has neither).
 */
function withDeletions(kind: TransactionKind, live: Mapper): Mapper {
  return (raw, ctx) => {
    const obj = asObject(raw);
    if (obj !== null && 'recordid' in obj && 'deleted' in obj) return mapDeletedRow(obj, ctx, kind);
    return live(raw, ctx);
  };
}

/** Mapper per raw object name (the stream's `object`). */
export const mappers = {
  invoice: withDeletions('invoice', (raw, ctx) => mapDocumentRecord(raw, ctx, 'invoice')),
  creditmemo: withDeletions('credit_note', (raw, ctx) => mapDocumentRecord(raw, ctx, 'credit_memo')),
  vendorbill: withDeletions('bill', (raw, ctx) => mapDocumentRecord(raw, ctx, 'bill')),
  purchaseorder: withDeletions('purchase_order', mapPurchaseOrderRecord),
  salesorder: withDeletions('sales_order', mapSalesOrderRecord),
  item: mapItemRow,
  inventorylevel: mapInventorySnapshot,
} satisfies Record<string, Mapper>;
