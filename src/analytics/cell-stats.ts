import { toDecimal } from '../canonical/money.js';
import { InvalidInputError } from '../errors/index.js';
import type { SqlRow } from '../ports/analytics-engine.js';
import type { CellMagnitude, Equation } from './disclosure.js';
import { type Grain, weeksFillingMonth } from './periods.js';

/** One row of `90_cell_stats.sql`, typed. Amounts are exact decimal strings, normalized. */
export interface CellStat extends CellMagnitude {
  readonly measure: string;
  readonly grain: Grain;
  readonly periodId: number;
  readonly dim: string;
  readonly cell: string;
  readonly companies: number;
  readonly docs: string;
  readonly amount: string;
}

export const DIMENSIONS = ['all', 'sector', 'size_band', 'country'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Flow measures add up over time; a month made of whole ISO weeks is the sum of those weeks. */
export const FLOW_MEASURES: ReadonlySet<string> = new Set([
  'invoice',
  'credit_note',
  'order',
  'refund',
  'purchase_order',
]);

export function statKey(measure: string, grain: Grain, periodId: number, dim: string, cell: string): string {
  return `${measure}|${grain}|${periodId}|${dim}|${cell}`;
}

function text(row: SqlRow, column: string): string {
  const v = row[column];
  if (v === null || v === undefined) {
    throw new InvalidInputError('LP_INPUT_CELL_STATS', `cell statistics row has no ${column}`, {
      row: JSON.stringify(row),
    });
  }
  return v;
}

function decimal(row: SqlRow, column: string): string {
  const v = row[column];
  return v === null || v === undefined ? '0' : toDecimal(v);
}

/** Parses the engine's rows; both engines' text forms of a decimal normalize to the same string. */
export function parseCellStats(rows: readonly SqlRow[]): CellStat[] {
  return rows.map((row) => {
    const grain = text(row, 'grain');
    if (grain !== 'week' && grain !== 'month') {
      throw new InvalidInputError('LP_INPUT_CELL_STATS', `unknown grain ${grain}`, { grain });
    }
    return {
      measure: text(row, 'metric_key'),
      grain,
      periodId: Number(text(row, 'period_id')),
      dim: text(row, 'dim'),
      cell: text(row, 'cell'),
      companies: Number(text(row, 'companies')),
      contributors: Number(text(row, 'contributors')),
      docs: decimal(row, 'docs'),
      amount: decimal(row, 'amount'),
      magnitude: decimal(row, 'magnitude'),
      top1: decimal(row, 'top1'),
      top2: decimal(row, 'top2'),
    };
  });
}

export function indexStats(stats: readonly CellStat[]): Map<string, CellStat> {
  return new Map(stats.map((s) => [statKey(s.measure, s.grain, s.periodId, s.dim, s.cell), s]));
}

/**
 * The additive relations among one measure's cells that a reader could difference: per period,
 * the total equals the sum of each dimension's cells; for flows, a month made exactly of ISO
 * weeks equals the sum of those weeks, cell by cell.
 */
export function equationsOf(stats: readonly CellStat[]): Equation[] {
  const parts = new Map<string, string[]>();
  const present = new Set<string>();
  for (const s of stats) {
    const key = statKey(s.measure, s.grain, s.periodId, s.dim, s.cell);
    present.add(key);
    if (s.dim === 'all') continue;
    const group = `${s.measure}|${s.grain}|${s.periodId}|${s.dim}`;
    const list = parts.get(group) ?? [];
    list.push(key);
    parts.set(group, list);
  }
  const equations: Equation[] = [];
  for (const [group, keys] of [...parts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [measure, grain, period] = group.split('|');
    equations.push({ total: `${measure}|${grain}|${period}|all|all`, parts: keys.sort(), disjoint: true });
  }
  const months = new Set(
    stats.filter((s) => s.grain === 'month' && FLOW_MEASURES.has(s.measure)).map((s) => s.periodId),
  );
  for (const month of [...months].sort((a, b) => a - b)) {
    const weeks = weeksFillingMonth(month);
    if (!weeks) continue;
    for (const s of stats) {
      if (s.grain !== 'month' || s.periodId !== month || !FLOW_MEASURES.has(s.measure)) continue;
      equations.push({
        total: statKey(s.measure, 'month', month, s.dim, s.cell),
        parts: weeks.map((w) => statKey(s.measure, 'week', w, s.dim, s.cell)).filter((k) => present.has(k)),
        disjoint: false,
      });
    }
  }
  return equations;
}
