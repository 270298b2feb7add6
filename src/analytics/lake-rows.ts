import { add, mul, round } from '../canonical/money.js';
import type { InventoryLevel, Invoice, LineItem, PurchaseOrder, SalesOrder } from '../canonical/records.js';
import { dateInZone } from '../canonical/time.js';
import type { SqlValue } from '../ports/analytics-engine.js';
import { type AppliedRate, cachedReportingRate, type FxRates } from './fx.js';
import { LAKE_COLUMNS, type LakeObject } from './lake-schema.js';
import { dayNumber, monthId, monthPeriod, weekId } from './periods.js';

/** One lake row, by column name, plus where it goes. */
export interface LakeRow {
  readonly object: LakeObject;
  /** The month partition, "YYYY-MM". */
  readonly month: string;
  /** Identity within an append-only object (observations are merged on it). */
  readonly key: string;
  readonly values: Readonly<Record<string, SqlValue>>;
}

export type LakeRowResult =
  | { readonly row: LakeRow }
  | { readonly skipped: 'missing_fx' | 'out_of_range'; readonly id: string };

export interface RowContext {
  readonly fx: FxRates;
  readonly reportingCurrency: string;
  /** The company's IANA zone, for the local date of an observation instant. */
  readonly timeZone: string;
}

/** Amounts in a document currency keep 4 decimals, reporting amounts 2 (both half-even). */
const DOC_PLACES = 4;
const REPORTING_PLACES = 2;
/** DECIMAL(18,4) holds 14 integer digits; a larger amount is refused (and counted), never truncated. */
const MAX_INTEGER_DIGITS = 14;

function inRange(...values: readonly string[]): boolean {
  return values.every((v) => round(v, 0).replace('-', '').length <= MAX_INTEGER_DIGITS);
}

/** Reporting value of one amount: amount × rate of the document date, rounded half-even to the cent. */
export function toReporting(amount: string, rate: string): string {
  return round(mul(amount, rate), REPORTING_PLACES);
}

/** Units of the lines that name a product (services and free-text lines are not stock). */
export function productUnits(lines: readonly LineItem[]): string {
  const units = lines.filter((l) => l.productSourceId !== null || l.sku !== null).map((l) => l.quantity);
  return round(add('0', ...units), DOC_PLACES);
}

function dateColumns(date: string): Record<string, SqlValue> {
  return {
    doc_date: date,
    doc_day: String(dayNumber(date)),
    week_id: String(weekId(date)),
    month_id: String(monthId(date)),
  };
}

function lineage(r: Invoice | SalesOrder | PurchaseOrder | InventoryLevel): Record<string, SqlValue> {
  return {
    source_updated_at: r.source.sourceUpdatedAt,
    envelope_id: r.provenance.envelopeId,
    mapping_version: r.provenance.mappingVersion,
    model_version: r.provenance.modelVersion,
  };
}

function fxColumns(applied: AppliedRate, reporting: string): Record<string, SqlValue> {
  return { fx_date: applied.rateDate, fx_rate: applied.rate, reporting_currency: reporting };
}

function monthOf(date: string): string {
  return monthPeriod(monthId(date)).label;
}

function documentRow(object: LakeObject, id: string, date: string, values: Record<string, SqlValue>): LakeRowResult {
  return { row: { object, month: monthOf(date), key: id, values } };
}

export function invoiceRow(r: Invoice, ctx: RowContext): LakeRowResult {
  const applied = cachedReportingRate(ctx.fx, r.issueDate, r.currency, ctx.reportingCurrency);
  if (!applied) return { skipped: 'missing_fx', id: r.id };
  if (!inRange(r.total, r.amountDue ?? '0')) return { skipped: 'out_of_range', id: r.id };
  return documentRow('invoice', r.id, r.issueDate, {
    id: r.id,
    company_id: r.companyId,
    doc_type: r.documentType,
    status: r.status.value,
    deleted: String(r.deleted),
    ...dateColumns(r.issueDate),
    due_date: r.dueDate,
    currency: r.currency,
    total: round(r.total, DOC_PLACES),
    amount_due: r.amountDue === null ? null : round(r.amountDue, DOC_PLACES),
    product_units: productUnits(r.lines),
    ...fxColumns(applied, ctx.reportingCurrency),
    total_rc: toReporting(r.total, applied.rate),
    amount_due_rc: r.amountDue === null ? null : toReporting(r.amountDue, applied.rate),
    ...lineage(r),
  });
}

export function salesOrderRow(r: SalesOrder, ctx: RowContext): LakeRowResult {
  const applied = cachedReportingRate(ctx.fx, r.orderDate, r.currency, ctx.reportingCurrency);
  if (!applied) return { skipped: 'missing_fx', id: r.id };
  // Order value is the order as it stands after edits and removals, before refunds (refunds are
  // their own measure): current total + refunded. `total` is the order as first placed.
  const ordered = add(r.currentTotal, r.refundedTotal);
  if (!inRange(ordered, r.refundedTotal)) return { skipped: 'out_of_range', id: r.id };
  // Each refund is converted on its own (at the order date's rate) and then summed, like every amount.
  const refunds = r.refunds.map((f) => f.amount);
  return documentRow('sales_order', r.id, r.orderDate, {
    id: r.id,
    company_id: r.companyId,
    status: r.status.value,
    financial_status: r.financialStatus.value,
    is_test: String(r.test),
    cancelled: String(r.cancelledAt !== null || r.status.value === 'cancelled'),
    deleted: String(r.deleted),
    ...dateColumns(r.orderDate),
    currency: r.currency,
    total: round(ordered, DOC_PLACES),
    refunded: round(add('0', ...refunds), DOC_PLACES),
    refund_count: String(refunds.length),
    product_units: productUnits(r.lines),
    ...fxColumns(applied, ctx.reportingCurrency),
    total_rc: toReporting(ordered, applied.rate),
    refunded_rc: round(add('0', ...refunds.map((a) => toReporting(a, applied.rate))), REPORTING_PLACES),
    ...lineage(r),
  });
}

export function purchaseOrderRow(r: PurchaseOrder, ctx: RowContext): LakeRowResult {
  const applied = cachedReportingRate(ctx.fx, r.issueDate, r.currency, ctx.reportingCurrency);
  if (!applied) return { skipped: 'missing_fx', id: r.id };
  if (!inRange(r.total)) return { skipped: 'out_of_range', id: r.id };
  return documentRow('purchase_order', r.id, r.issueDate, {
    id: r.id,
    company_id: r.companyId,
    status: r.status.value,
    deleted: String(r.deleted),
    ...dateColumns(r.issueDate),
    currency: r.currency,
    total: round(r.total, DOC_PLACES),
    ...fxColumns(applied, ctx.reportingCurrency),
    total_rc: toReporting(r.total, applied.rate),
    ...lineage(r),
  });
}

/** An inventory observation: the level of one item at one location as of the source's instant. */
export function inventoryRow(r: InventoryLevel, ctx: RowContext): LakeRowResult {
  if (!inRange(r.quantity)) return { skipped: 'out_of_range', id: r.id };
  const localDate = dateInZone(r.asOf, ctx.timeZone);
  return {
    row: {
      object: 'inventory',
      month: monthOf(localDate),
      key: `${r.id}|${r.asOf}`,
      values: {
        id: r.id,
        company_id: r.companyId,
        item_key: `${r.itemSourceId}@${r.locationId ?? ''}`,
        quantity: round(r.quantity, DOC_PLACES),
        as_of: r.asOf,
        as_of_ms: String(Date.parse(r.asOf)),
        as_of_day: String(dayNumber(localDate)),
        deleted: String(r.deleted),
        ...lineage(r),
      },
    },
  };
}

export interface ReceivableObservation {
  readonly companyId: string;
  readonly asOf: string;
  readonly openInvoices: number;
  readonly arReporting: string;
}

export function receivableRow(o: ReceivableObservation, ctx: RowContext): LakeRow {
  const localDate = dateInZone(o.asOf, ctx.timeZone);
  return {
    object: 'receivable',
    month: monthOf(localDate),
    key: `${o.companyId}|${o.asOf}`,
    values: {
      company_id: o.companyId,
      as_of: o.asOf,
      as_of_ms: String(Date.parse(o.asOf)),
      as_of_day: String(dayNumber(localDate)),
      reporting_currency: ctx.reportingCurrency,
      open_invoices: String(o.openInvoices),
      ar_rc: round(o.arReporting, REPORTING_PLACES),
    },
  };
}

/** The row as an array in the object's column order (what ParquetFiles.write takes). */
export function orderedValues(object: LakeObject, values: Readonly<Record<string, SqlValue>>): SqlValue[] {
  return LAKE_COLUMNS[object].map((col) => values[col.name] ?? null);
}
