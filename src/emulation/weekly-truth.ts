import { add, div, mul, round } from '../canonical/money.js';
import { dateInZone, isoWeek } from '../canonical/time.js';
import { addDays, daysBetween, localToUtcMs, mondayOf, toInstant } from './economy/calendar.js';
import type { CompanyBook, Economy, SynthDocument } from './economy/index.js';
import { documentAt } from './economy/index.js';

/** One company-week of true values (docs/ground-truth.md states the rules). Amounts are 2dp strings. */
export interface WeeklyTruthRow {
  companyId: string;
  week: string;
  weekStart: string;
  weekEnd: string;
  currency: string;
  reportingCurrency: string;
  invoiceCount: number;
  invoiceTotal: string;
  invoiceAverage: string;
  invoiceTotalReporting: string;
  invoiceAverageReporting: string;
  creditNoteCount: number;
  creditNoteTotal: string;
  creditNoteTotalReporting: string;
  billCount: number;
  billTotal: string;
  billTotalReporting: string;
  orderCount: number;
  orderTotal: string;
  orderTotalReporting: string;
  refundCount: number;
  refundTotal: string;
  refundTotalReporting: string;
  purchaseOrderCount: number;
  purchaseOrderTotal: string;
  purchaseOrderTotalReporting: string;
  inventoryUnits: string;
  inventoryValue: string;
  inventoryValueReporting: string;
}

/** CSV column names of weekly.csv, in order, with the row field each holds. */
export const WEEKLY_COLUMNS: readonly (readonly [string, keyof WeeklyTruthRow])[] = [
  ['company_id', 'companyId'],
  ['week', 'week'],
  ['week_start', 'weekStart'],
  ['week_end', 'weekEnd'],
  ['currency', 'currency'],
  ['reporting_currency', 'reportingCurrency'],
  ['invoice_count', 'invoiceCount'],
  ['invoice_total', 'invoiceTotal'],
  ['invoice_avg', 'invoiceAverage'],
  ['invoice_total_rc', 'invoiceTotalReporting'],
  ['invoice_avg_rc', 'invoiceAverageReporting'],
  ['credit_note_count', 'creditNoteCount'],
  ['credit_note_total', 'creditNoteTotal'],
  ['credit_note_total_rc', 'creditNoteTotalReporting'],
  ['bill_count', 'billCount'],
  ['bill_total', 'billTotal'],
  ['bill_total_rc', 'billTotalReporting'],
  ['order_count', 'orderCount'],
  ['order_total', 'orderTotal'],
  ['order_total_rc', 'orderTotalReporting'],
  ['refund_count', 'refundCount'],
  ['refund_total', 'refundTotal'],
  ['refund_total_rc', 'refundTotalReporting'],
  ['purchase_order_count', 'purchaseOrderCount'],
  ['purchase_order_total', 'purchaseOrderTotal'],
  ['purchase_order_total_rc', 'purchaseOrderTotalReporting'],
  ['inventory_units', 'inventoryUnits'],
  ['inventory_value', 'inventoryValue'],
  ['inventory_value_rc', 'inventoryValueReporting'],
];

/** A running count with a total in document and in reporting currency. */
class Tally {
  count = 0;
  private readonly amounts: string[] = [];
  private readonly reporting: string[] = [];

  add(amount: string, rate: string): void {
    this.count++;
    this.amounts.push(amount);
    this.reporting.push(round(mul(amount, rate), 2));
  }

  total(): string {
    return round(add(...this.amounts), 2);
  }

  totalReporting(): string {
    return round(add(...this.reporting), 2);
  }
}

function average(total: string, count: number): string {
  return count === 0 ? '' : round(div(total, count), 2);
}

interface WeekTallies {
  invoices: Tally;
  creditNotes: Tally;
  bills: Tally;
  orders: Tally;
  refunds: Tally;
  purchaseOrders: Tally;
}

function newTallies(): WeekTallies {
  return {
    invoices: new Tally(),
    creditNotes: new Tally(),
    bills: new Tally(),
    orders: new Tally(),
    refunds: new Tally(),
    purchaseOrders: new Tally(),
  };
}

/** Adds one document, as it stands at `at`, to its week's tallies (rules in docs/ground-truth.md). */
function tallyDocument(tallies: WeekTallies, doc: SynthDocument, at: string, rate: string): void {
  const state = documentAt(doc, at);
  if (!state || state.status === 'deleted') return;
  switch (doc.kind) {
    case 'invoice':
      if (state.status !== 'void') tallies.invoices.add(state.total, rate);
      return;
    case 'credit_note':
      if (state.status !== 'void') tallies.creditNotes.add(state.total, rate);
      return;
    case 'bill':
      if (state.status !== 'void') tallies.bills.add(state.total, rate);
      return;
    case 'purchase_order':
      if (state.status !== 'cancelled') tallies.purchaseOrders.add(state.total, rate);
      return;
    case 'sales_order':
      if (state.status === 'cancelled') return;
      tallies.orders.add(state.total, rate);
      for (const refund of state.refunds) tallies.refunds.add(refund.amount, rate);
      return;
  }
}

/** Units on hand and their value at cost (quantities summed per product across locations first). */
function inventoryValue(
  book: CompanyBook,
  at: string,
  costs: ReadonlyMap<string, string>,
): { units: string; value: string } {
  const perProduct = new Map<string, string>();
  for (const level of book.inventoryAt(at)) {
    perProduct.set(level.productId, add(perProduct.get(level.productId) ?? '0', level.quantity));
  }
  const quantities = [...perProduct.values()];
  const values = [...perProduct].map(([productId, quantity]) => mul(quantity, costs.get(productId) ?? '0'));
  return { units: add(...quantities), value: round(add(...values), 2) };
}

/** True weekly values of one company's book as of instant `at` (default: the end of the period). */
export function weeklyTruthOfBook(economy: Economy, book: CompanyBook, at: string = economy.endAt): WeeklyTruthRow[] {
  const { config } = economy;
  const { spec } = book;
  const reporting = config.reportingCurrency;
  const firstMonday = mondayOf(config.startDate);
  const lastDate = addDays(config.startDate, config.days - 1);
  const localAt = dateInZone(at, spec.timeZone);
  const weeks: WeekTallies[] = [];
  for (let monday = firstMonday; monday <= lastDate && monday <= localAt; monday = addDays(monday, 7)) {
    weeks.push(newTallies());
  }
  for (const doc of book.documents) {
    if (doc.createdAt > at) break;
    const tallies = weeks[Math.floor(daysBetween(firstMonday, doc.date) / 7)];
    if (tallies) tallyDocument(tallies, doc, at, economy.fxRate(doc.date, doc.currency, reporting));
  }
  const costs = new Map(book.products.map((p) => [p.id, p.cost]));
  return weeks.map((t, i) => {
    const weekStart = addDays(firstMonday, 7 * i);
    const weekEndAt = toInstant(localToUtcMs(addDays(weekStart, 7), 0, spec.timeZone) - 1);
    const snapshotAt = weekEndAt < at ? weekEndAt : at;
    const { units, value } = inventoryValue(book, snapshotAt, costs);
    const rate = economy.fxRate(dateInZone(snapshotAt, spec.timeZone), spec.currency, reporting);
    const invoiceTotal = t.invoices.total();
    const invoiceTotalReporting = t.invoices.totalReporting();
    return {
      companyId: spec.id,
      week: isoWeek(weekStart),
      weekStart,
      weekEnd: addDays(weekStart, 6),
      currency: spec.currency,
      reportingCurrency: reporting,
      invoiceCount: t.invoices.count,
      invoiceTotal,
      invoiceAverage: average(invoiceTotal, t.invoices.count),
      invoiceTotalReporting,
      invoiceAverageReporting: average(invoiceTotalReporting, t.invoices.count),
      creditNoteCount: t.creditNotes.count,
      creditNoteTotal: t.creditNotes.total(),
      creditNoteTotalReporting: t.creditNotes.totalReporting(),
      billCount: t.bills.count,
      billTotal: t.bills.total(),
      billTotalReporting: t.bills.totalReporting(),
      orderCount: t.orders.count,
      orderTotal: t.orders.total(),
      orderTotalReporting: t.orders.totalReporting(),
      refundCount: t.refunds.count,
      refundTotal: t.refunds.total(),
      refundTotalReporting: t.refunds.totalReporting(),
      purchaseOrderCount: t.purchaseOrders.count,
      purchaseOrderTotal: t.purchaseOrders.total(),
      purchaseOrderTotalReporting: t.purchaseOrders.totalReporting(),
      inventoryUnits: units,
      inventoryValue: value,
      inventoryValueReporting: round(mul(value, rate), 2),
    };
  });
}
