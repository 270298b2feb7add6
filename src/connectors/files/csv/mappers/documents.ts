import type {
  Bill,
  CanonicalRecord,
  Invoice,
  LineItem,
  PurchaseOrder,
  SalesOrder,
} from '../../../../canonical/index.js';
import { add, canonicalId, sub, sum } from '../../../../canonical/index.js';
import type { MapContext } from '../../../kit/mapper.js';
import { provenanceOf } from '../../../kit/mapper.js';
import { problem } from '../../guarded-mapper.js';
import { atLeastCents } from '../../money-text.js';
import { partyRecord } from '../../party.js';
import { zonedToUtc } from '../../zoned-time.js';
import { instantWithOffset } from '../dates.js';
import { headerKey } from '../header.js';
import type { CsvDocumentView } from './document-view.js';
import { documentStatus, financialStatus, purchaseOrderStatus } from './status.js';

const DEFAULT_CREDIT_NOTE_VALUES = [
  'credit note',
  'credit memo',
  'credit_note',
  'sales credit note',
  'ACCRECCREDIT',
  'ACCPAYCREDIT',
];

interface Common {
  readonly number: string;
  readonly sourceId: string;
  readonly currency: string;
  readonly lines: LineItem[];
  readonly subtotal: string;
  readonly discountTotal: string;
  readonly taxTotal: string;
  readonly total: string;
  readonly party: { sourceId: string | null; name: string | null };
}

/**
 * What every kind shares. Printed totals win; a total the export leaves out is computed from the
 * lines (which are net of their discounts): subtotal = sum of line totals, discountTotal = sum of
 * line discounts, taxTotal = sum of line taxes, total = subtotal + taxTotal.
 */
function common(view: CsvDocumentView, ctx: MapContext): Common {
  const number = view.text('number');
  if (number === null)
    throw problem(
      'LP_INPUT_SCHEMA',
      `${view.columnName('number')} (document number) is empty`,
      view.columnName('number'),
    );
  const currency = (view.text('currency') ?? view.payload.profile.currency ?? ctx.baseCurrency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    throw problem(
      'LP_INPUT_MAPPING',
      `currency ${JSON.stringify(currency)} is not ISO 4217`,
      view.columnName('currency'),
    );
  const lines = view.lines();
  const subtotal = view.amount('subtotal') ?? atLeastCents(sum(lines.map((l) => l.total)));
  const discountTotal = view.amount('discountTotal') ?? atLeastCents(sum(lines.map((l) => l.discount)));
  const taxTotal = view.amount('taxTotal') ?? atLeastCents(sum(lines.map((l) => l.tax)));
  const total = view.amount('total') ?? atLeastCents(add(subtotal, taxTotal));
  return {
    number,
    sourceId: view.text('sourceId') ?? number,
    currency,
    lines,
    subtotal,
    discountTotal,
    taxTotal,
    total,
    party: { sourceId: view.text('partyId'), name: view.text('partyName') },
  };
}

function sourceOf(ctx: MapContext, sourceId: string, sourceUpdatedAt: string, sourceOffset: string | null) {
  return {
    platform: 'files' as const,
    connectionId: ctx.connectionId,
    sourceId,
    sourceUpdatedAt,
    ...(sourceOffset === null ? {} : { sourceOffset }),
  };
}

function withParty(
  record: CanonicalRecord,
  view: CsvDocumentView,
  ctx: MapContext,
  role: 'customer' | 'vendor',
  stamp: { utc: string; offset: string | null },
): CanonicalRecord[] {
  const id = view.text('partyId');
  const name = view.text('partyName');
  if (!id || !name) return [record];
  return [
    record,
    partyRecord(ctx, {
      sourceId: id,
      name,
      role,
      email: view.text('partyEmail'),
      country: view.text('partyCountry'),
      currency: null,
      sourceUpdatedAt: stamp.utc,
      ...(stamp.offset === null ? {} : { sourceOffset: stamp.offset }),
    }),
  ];
}

function requiredDate(view: CsvDocumentView, field: 'issueDate'): string {
  const d = view.date(field);
  if (d === null) throw problem('LP_INPUT_SCHEMA', `${view.columnName(field)} is empty`, view.columnName(field));
  return d;
}

/** Invoices (receivable) and bills (payable) from a CSV export. */
export function mapCsvInvoice(view: CsvDocumentView, ctx: MapContext, kind: 'invoice' | 'bill'): CanonicalRecord[] {
  const c = common(view, ctx);
  const issueDate = requiredDate(view, 'issueDate');
  const typeText = view.text('documentType');
  const creditValues = (view.payload.profile.creditNoteValues ?? DEFAULT_CREDIT_NOTE_VALUES).map(headerKey);
  const documentType = typeText !== null && creditValues.includes(headerKey(typeText)) ? 'credit_note' : 'invoice';
  const paid = view.amount('amountPaid');
  const amountDue = view.amount('amountDue') ?? (paid === null ? null : atLeastCents(sub(c.total, paid)));
  const status = documentStatus(view.text('status'), c.total, amountDue);
  const sourceId = documentType === 'credit_note' ? `credit_note:${c.sourceId}` : c.sourceId;
  const stamp = { utc: zonedToUtc(issueDate, null, ctx.timeZone), offset: null };
  const record: Invoice | Bill = {
    kind,
    id: canonicalId(kind, ctx.connectionId, sourceId),
    companyId: ctx.connectionId,
    source: sourceOf(ctx, sourceId, stamp.utc, null),
    provenance: provenanceOf(ctx),
    deleted: status.value === 'deleted',
    documentType,
    number: c.number,
    issueDate,
    dueDate: view.date('dueDate'),
    party: c.party,
    lines: c.lines,
    currency: c.currency,
    subtotal: c.subtotal,
    discountTotal: c.discountTotal,
    taxTotal: c.taxTotal,
    total: c.total,
    amountDue,
    status,
  };
  return withParty(record, view, ctx, kind === 'invoice' ? 'customer' : 'vendor', stamp);
}

/** Purchase orders from a CSV export. */
export function mapCsvPurchaseOrder(view: CsvDocumentView, ctx: MapContext): CanonicalRecord[] {
  const c = common(view, ctx);
  const issueDate = requiredDate(view, 'issueDate');
  const status = purchaseOrderStatus(view.text('status'));
  const stamp = { utc: zonedToUtc(issueDate, null, ctx.timeZone), offset: null };
  const record: PurchaseOrder = {
    kind: 'purchase_order',
    id: canonicalId('purchase_order', ctx.connectionId, c.sourceId),
    companyId: ctx.connectionId,
    source: sourceOf(ctx, c.sourceId, stamp.utc, null),
    provenance: provenanceOf(ctx),
    deleted: status.value === 'deleted',
    number: c.number,
    issueDate,
    expectedDate: view.date('expectedDate'),
    vendor: c.party,
    lines: c.lines,
    currency: c.currency,
    subtotal: c.subtotal,
    discountTotal: c.discountTotal,
    taxTotal: c.taxTotal,
    total: c.total,
    status,
  };
  return withParty(record, view, ctx, 'vendor', stamp);
}

/**
 * Sales orders (the Shopify orders export). The order date is the date as written, which is the
 * shop's calendar date; a timestamp without an offset is read in the company's zone.
 */
export function mapCsvSalesOrder(view: CsvDocumentView, ctx: MapContext): CanonicalRecord[] {
  const c = common(view, ctx);
  const at = view.dateTime('orderedAt') ?? view.dateTime('issueDate');
  if (!at) throw problem('LP_INPUT_SCHEMA', `${view.columnName('orderedAt')} is empty`, view.columnName('orderedAt'));
  const orderedAt = instantWithOffset(at) ?? zonedToUtc(at.date, at.time, ctx.timeZone);
  const cancelled = view.dateTime('cancelledAt');
  const cancelledAt = cancelled
    ? (instantWithOffset(cancelled) ?? zonedToUtc(cancelled.date, cancelled.time, ctx.timeZone))
    : null;
  const refundedTotal = view.amount('refundedTotal') ?? '0.00';
  const original = view.text('status') ?? '';
  const record: SalesOrder = {
    kind: 'sales_order',
    id: canonicalId('sales_order', ctx.connectionId, c.sourceId),
    companyId: ctx.connectionId,
    source: sourceOf(ctx, c.sourceId, orderedAt, at.offset),
    provenance: provenanceOf(ctx),
    deleted: false,
    number: c.number,
    orderDate: at.date,
    orderedAt,
    customer: c.party,
    lines: c.lines,
    currency: c.currency,
    subtotal: c.subtotal,
    discountTotal: c.discountTotal,
    taxTotal: c.taxTotal,
    total: c.total,
    presentmentCurrency: null,
    presentmentTotal: null,
    currentTotal: atLeastCents(sub(c.total, refundedTotal)),
    // The export lists refunded amounts, not the refunds themselves.
    refunds: [],
    refundedTotal,
    cancelledAt,
    cancelReason: null,
    test: false,
    // The export has no open/closed state; only a cancellation is known for sure.
    status: { value: cancelledAt ? 'cancelled' : 'open', original },
    financialStatus: financialStatus(view.text('financialStatus')),
  };
  return withParty(record, view, ctx, 'customer', { utc: orderedAt, offset: at.offset });
}
