import type { PurchaseOrder } from '../../../canonical/index.js';
import { add, CurrencyCode, canonicalId, round } from '../../../canonical/index.js';
import type { Mapper } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { amount } from './amounts.js';
import { checked } from './document.js';
import { calendarDateOf, updatedStampOf } from './document-dates.js';
import { asAmountTypes, discountTotalOf, mapLine } from './lines.js';
import { parsePayload } from './parse-payload.js';
import { XeroPurchaseOrder } from './schemas.js';
import { purchaseOrderStatus } from './status.js';

/** `/PurchaseOrders` record. The expected date is DeliveryDate, else ExpectedArrivalDate. */
export const mapPurchaseOrder: Mapper = (raw, ctx) => {
  const parsed = parsePayload(raw, XeroPurchaseOrder);
  if ('failed' in parsed) return parsed.failed;
  const po = parsed.value;
  const issueDate = calendarDateOf(po.DateString, po.Date);
  if (!issueDate) return review('LP_INPUT_MAPPING', 'purchase order has no readable Date or DateString', 'Date');
  const expectedDate =
    calendarDateOf(po.DeliveryDateString, po.DeliveryDate) ??
    calendarDateOf(po.ExpectedArrivalDateString, po.ExpectedArrivalDate);
  const stamp = updatedStampOf(po.UpdatedDateUTC);
  if (!stamp) return review('LP_INPUT_MAPPING', 'UpdatedDateUTC is not a /Date()/ value', 'UpdatedDateUTC');
  const currency = po.CurrencyCode ?? ctx.baseCurrency;
  if (!CurrencyCode.safeParse(currency).success) {
    return review('LP_INPUT_MAPPING', `CurrencyCode ${JSON.stringify(currency)} is not ISO 4217`, 'CurrencyCode');
  }
  const status = purchaseOrderStatus(po.Status);
  if (!status) return review('LP_INPUT_MAPPING', `unknown Status ${JSON.stringify(po.Status)}`, 'Status');
  const amountTypes = asAmountTypes(po.LineAmountTypes);
  const lines = (po.LineItems ?? []).map((l, i) => mapLine(l, i, amountTypes));
  const discountTotal = discountTotalOf(lines);
  const record: PurchaseOrder = {
    kind: 'purchase_order',
    id: canonicalId('purchase_order', ctx.connectionId, po.PurchaseOrderID),
    companyId: ctx.connectionId,
    source: {
      platform: ctx.platform,
      connectionId: ctx.connectionId,
      sourceId: po.PurchaseOrderID,
      sourceUpdatedAt: stamp.sourceUpdatedAt,
      sourceOffset: stamp.sourceOffset,
    },
    provenance: provenanceOf(ctx),
    deleted: status === 'deleted',
    number: po.PurchaseOrderNumber || null,
    issueDate,
    expectedDate,
    vendor: { sourceId: po.Contact.ContactID, name: po.Contact.Name ?? null },
    lines,
    currency,
    subtotal: round(add(amount(po.SubTotal), discountTotal), 2),
    discountTotal,
    taxTotal: round(amount(po.TotalTax), 2),
    total: round(amount(po.Total), 2),
    status: { value: status, original: po.Status },
  };
  return checked(record);
};
