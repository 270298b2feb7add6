import type { PurchaseOrder } from '../../../canonical/index.js';
import { canonicalId, isZero } from '../../../canonical/index.js';
import type { Mapper } from '../../kit/mapper.js';
import { review } from '../../kit/mapper.js';
import { baseFields, readTransaction, totalsOf } from './header.js';
import { purchaseOrderStatus } from './status.js';

/** `purchaseOrder` record read with expandSubResources=true (fixture purchaseorder_record_expanded.json). */
export const mapPurchaseOrderRecord: Mapper = (raw, ctx) => {
  const read = readTransaction(raw);
  if ('failed' in read) return read.failed;
  const h = read.header;
  const untouched = (h.rec.item?.items ?? []).every(
    (l) => isZero(String(l.quantityReceived ?? 0)) && isZero(String(l.quantityBilled ?? 0)),
  );
  const status = purchaseOrderStatus(h.statusValue, untouched);
  if (status === null) {
    return review('LP_INPUT_MAPPING', `unknown purchase order status ${JSON.stringify(h.statusValue)}`, 'status');
  }
  const record = {
    ...baseFields(h, ctx),
    id: canonicalId('purchase_order', ctx.connectionId, h.rec.id),
    kind: 'purchase_order',
    number: h.rec.tranId ?? null,
    issueDate: h.rec.tranDate,
    // The PO header's "Receive By" is dueDate; forms without it only show the ship date.
    expectedDate: h.rec.dueDate ?? h.rec.shipDate ?? null,
    vendor: { sourceId: h.rec.entity?.id ?? null, name: h.rec.entity?.refName ?? null },
    ...totalsOf(h),
    status: { value: status, original: h.statusValue },
  } satisfies PurchaseOrder;
  return { ok: [record] };
};
