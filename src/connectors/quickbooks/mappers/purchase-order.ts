import type { PurchaseOrder } from '../../../canonical/index.js';
import { canonicalId, round } from '../../../canonical/index.js';
import type { Mapper } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { dec, mapLines } from './lines.js';
import { isDeletionNotice, parsePayload } from './parse.js';
import { QboPurchaseOrder } from './schemas.js';
import { sourceOf } from './source.js';
import { isVoided } from './status.js';
import { mapTombstone } from './tombstone.js';

/**
 * QBO PurchaseOrder → canonical purchase order. QBO knows only `POStatus` Open/Closed (closed by
 * linking a Bill, or by hand); a PO voided in the UI (zeroed, "Voided" note) is treated as cancelled.
 * `expectedDate` is the PO's DueDate, else its ShipDate.
 */
export const mapPurchaseOrder: Mapper = (raw, ctx) => {
  const parsed = parsePayload(QboPurchaseOrder, raw, 'PurchaseOrder');
  if ('failed' in parsed) {
    if (isDeletionNotice(raw)) return mapTombstone(raw, ctx, { kind: 'purchase_order' }, 'PurchaseOrder');
    return parsed.failed;
  }
  const po = parsed.data;
  const source = sourceOf(ctx, po.Id, po.MetaData?.LastUpdatedTime, po.TxnDate);
  if ('error' in source) return review('LP_INPUT_SCHEMA', source.error, 'MetaData.LastUpdatedTime');
  const taxTotal = round(dec(po.TxnTaxDetail?.TotalTax), 2);
  const mapped = mapLines(po.Line, taxTotal);
  if ('error' in mapped) return review('LP_INPUT_MAPPING', mapped.error, 'Line');
  const deleted = po.status === 'Deleted';
  const original = po.POStatus ?? 'Open';
  let status: PurchaseOrder['status'];
  if (deleted) status = { value: 'deleted', original: 'Deleted' };
  else if (isVoided(po)) status = { value: 'cancelled', original: 'Voided' };
  else status = { value: original.toLowerCase() === 'closed' ? 'closed' : 'open', original };
  const record: PurchaseOrder = {
    id: canonicalId('purchase_order', ctx.connectionId, po.Id),
    kind: 'purchase_order',
    companyId: ctx.connectionId,
    source,
    provenance: provenanceOf(ctx),
    deleted,
    number: po.DocNumber?.trim() ? po.DocNumber : null,
    issueDate: po.TxnDate,
    expectedDate: po.DueDate ?? po.ShipDate ?? null,
    vendor: { sourceId: po.VendorRef.value, name: po.VendorRef.name ?? null },
    lines: mapped.lines,
    currency: po.CurrencyRef?.value ?? ctx.baseCurrency,
    subtotal: mapped.subtotal,
    discountTotal: mapped.discountTotal,
    taxTotal,
    total: round(dec(po.TotalAmt), 2),
    status,
  };
  return { ok: [record] };
};
