import { naicsSector } from '../../../src/analytics/sectors.js';
import type { SignalRow } from '../../../src/analytics/signal-row.js';
import { add, cmp, div, round, sub } from '../../../src/canonical/money.js';
import { mondayOf } from '../../../src/emulation/economy/calendar.js';
import type { ApiPlatform, Economy, FaultLogEntry } from '../../../src/emulation/economy/index.js';
import type { WeeklyTruthRow } from '../../../src/emulation/ground-truth.js';

/** Ground truth summed to the signal cells: per (sector, ISO week start) totals and counts. */
export interface TruthCell {
  readonly sector: string;
  readonly weekStart: string;
  readonly companies: number;
  readonly invoiceCount: number;
  readonly invoiceTotal: string;
  readonly orderCount: number;
  readonly orderTotal: string;
  readonly purchaseOrderTotal: string;
}

/** Sums weekly truth rows (all companies', from weeklyTruth) into sector-week cells. */
export function truthBySectorWeek(economy: Economy, rows: readonly WeeklyTruthRow[]): Map<string, TruthCell> {
  const sectorOf = new Map(economy.companies.map((c) => [c.id, naicsSector(c.naics)]));
  const cells = new Map<string, TruthCell>();
  for (const row of rows) {
    const sector = sectorOf.get(row.companyId) ?? 'unknown';
    const key = `${sector}|${row.weekStart}`;
    const c = cells.get(key) ?? {
      sector,
      weekStart: row.weekStart,
      companies: 0,
      invoiceCount: 0,
      invoiceTotal: '0',
      orderCount: 0,
      orderTotal: '0',
      purchaseOrderTotal: '0',
    };
    cells.set(key, {
      ...c,
      companies: c.companies + (row.invoiceCount > 0 ? 1 : 0),
      invoiceCount: c.invoiceCount + row.invoiceCount,
      invoiceTotal: add(c.invoiceTotal, row.invoiceTotalReporting),
      orderCount: c.orderCount + row.orderCount,
      orderTotal: add(c.orderTotal, row.orderTotalReporting),
      purchaseOrderTotal: add(c.purchaseOrderTotal, row.purchaseOrderTotalReporting),
    });
  }
  return cells;
}

export interface CellComparison {
  readonly key: string;
  readonly signal: string;
  readonly truth: string;
  /** |signal - truth| / truth. */
  readonly relativeError: string;
  readonly touched: boolean;
}

/**
 * Compares every published weekly average-invoice-value cell by sector with the truth. `touched`
 * names the cells (`sector|weekStart`) an injected fault reached: those may differ by up to the
 * tolerance, every other cell must match to the cent.
 */
export function compareAverageInvoiceValue(
  rows: readonly SignalRow[],
  truth: ReadonlyMap<string, TruthCell>,
  touched: ReadonlySet<string> = new Set(),
): CellComparison[] {
  const out: CellComparison[] = [];
  for (const r of rows) {
    if (r.metric !== 'avg_invoice_value' || r.grain !== 'week' || r.dimension !== 'sector' || r.value === null)
      continue;
    const key = `${r.cell}|${r.periodStart}`;
    const t = truth.get(key);
    const expected = t && t.invoiceCount > 0 ? round(div(t.invoiceTotal, t.invoiceCount), 2) : 'missing';
    const relativeError =
      expected === 'missing'
        ? 'Infinity'
        : cmp(expected, '0') === 0
          ? '0'
          : round(div(abs(sub(r.value, expected)), expected), 8);
    out.push({ key, signal: r.value, truth: expected, relativeError, touched: touched.has(key) });
  }
  return out.sort((a, b) =>
    a.relativeError === 'Infinity' ? -1 : b.relativeError === 'Infinity' ? 1 : cmp(b.relativeError, a.relativeError),
  );
}

function abs(x: string): string {
  return x.startsWith('-') ? x.slice(1) : x;
}

/**
 * The sector-week cells an injected record fault reached (for a run through emulators and
 * connectors with a FaultInjector): each logged fault that names a document marks the cell of
 * that document's company sector and ISO week. Transport faults name no document and are
 * expected to be retried away, so they mark nothing.
 */
export function touchedCells(economy: Economy, log: readonly FaultLogEntry[]): Set<string> {
  const touched = new Set<string>();
  for (const entry of log) {
    if (!entry.docId) continue;
    const spec = economy.byAccount(entry.platform as ApiPlatform, entry.account);
    if (!spec) continue;
    const doc = economy.company(spec.id).documents.find((d) => d.id === entry.docId);
    if (doc) touched.add(`${naicsSector(spec.naics)}|${mondayOf(doc.date)}`);
  }
  return touched;
}
