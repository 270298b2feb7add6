import { cmp, div, mul, round, sub } from '../canonical/money.js';
import { type CellStat, type Dimension, equationsOf, indexStats, statKey } from './cell-stats.js';
import { type DisclosureRules, protect, type SuppressionReason, type Verdicts } from './disclosure.js';
import type { Grain, Period } from './periods.js';
import { sectorName } from './sectors.js';
import type { SignalMetric, SignalRow, SignalUnit } from './signal-row.js';

/**
 * Signal definitions over the measures of `metrics/*.sql` (formulas in docs/signals.md). A
 * signal is published only when every measure it is computed from passes disclosure control,
 * so a ratio never reveals a numerator or denominator that would itself be suppressed.
 */
interface SignalDef {
  readonly metric: SignalMetric;
  readonly unit: SignalUnit;
  /** The measure whose cell the row belongs to and whose companies it shows. */
  readonly primary: string;
  readonly needs: readonly string[];
  readonly value: (m: (measure: string) => CellStat) => string | null;
}

const MONEY_PLACES = 2;
/** Trailing window of the DSO denominator, in days (13 weeks). */
export const DSO_WINDOW_DAYS = 91;

const ratio = (num: string, den: string, places: number): string | null =>
  cmp(den, '0') === 0 ? null : round(div(num, den), places);

const DEFS: readonly SignalDef[] = [
  {
    metric: 'invoice_count',
    unit: 'count',
    primary: 'invoice',
    needs: ['invoice'],
    value: (m) => round(m('invoice').docs, 0),
  },
  {
    metric: 'invoice_value',
    unit: 'money',
    primary: 'invoice',
    needs: ['invoice'],
    value: (m) => round(m('invoice').amount, MONEY_PLACES),
  },
  {
    metric: 'avg_invoice_value',
    unit: 'money',
    primary: 'invoice',
    needs: ['invoice'],
    value: (m) => ratio(m('invoice').amount, m('invoice').docs, MONEY_PLACES),
  },
  {
    metric: 'credit_note_count',
    unit: 'count',
    primary: 'credit_note',
    needs: ['credit_note'],
    value: (m) => round(m('credit_note').docs, 0),
  },
  {
    metric: 'credit_note_value',
    unit: 'money',
    primary: 'credit_note',
    needs: ['credit_note'],
    value: (m) => round(m('credit_note').amount, MONEY_PLACES),
  },
  {
    metric: 'invoice_value_yoy',
    unit: 'ratio',
    primary: 'yoy_cur',
    needs: ['yoy_cur', 'yoy_prev'],
    value: (m) => {
      const r = ratio(m('yoy_cur').amount, m('yoy_prev').amount, 40);
      return r === null ? null : round(sub(r, '1'), 4);
    },
  },
  { metric: 'order_count', unit: 'count', primary: 'order', needs: ['order'], value: (m) => round(m('order').docs, 0) },
  {
    metric: 'order_value',
    unit: 'money',
    primary: 'order',
    needs: ['order'],
    value: (m) => round(m('order').amount, MONEY_PLACES),
  },
  {
    metric: 'avg_order_value',
    unit: 'money',
    primary: 'order',
    needs: ['order'],
    value: (m) => ratio(m('order').amount, m('order').docs, MONEY_PLACES),
  },
  {
    metric: 'refund_rate',
    unit: 'ratio',
    primary: 'order',
    needs: ['order', 'refund'],
    value: (m) => ratio(m('refund').amount, m('order').amount, 4),
  },
  {
    metric: 'purchase_order_count',
    unit: 'count',
    primary: 'purchase_order',
    needs: ['purchase_order'],
    value: (m) => round(m('purchase_order').docs, 0),
  },
  {
    metric: 'purchase_order_value',
    unit: 'money',
    primary: 'purchase_order',
    needs: ['purchase_order'],
    value: (m) => round(m('purchase_order').amount, MONEY_PLACES),
  },
  {
    metric: 'inventory_units',
    unit: 'units',
    primary: 'inventory_units',
    needs: ['inventory_units'],
    value: (m) => round(m('inventory_units').amount, 2),
  },
  {
    metric: 'inventory_to_sales',
    unit: 'ratio',
    primary: 'stock_units',
    needs: ['stock_units', 'stock_sold'],
    value: (m) => ratio(m('stock_units').amount, m('stock_sold').amount, 2),
  },
  {
    metric: 'dso_days',
    unit: 'days',
    primary: 'dso_receivables',
    needs: ['dso_receivables', 'dso_sales'],
    value: (m) => {
      const r = ratio(m('dso_receivables').amount, m('dso_sales').amount, 40);
      return r === null ? null : round(mul(r, String(DSO_WINDOW_DAYS)), 1);
    },
  },
];

export interface ComposeOptions {
  readonly stats: readonly CellStat[];
  /** Every period the lake covers (the index chains through them in order). */
  readonly periods: readonly Period[];
  readonly rules: DisclosureRules;
  readonly reportingCurrency: string;
  /** Day number of the data horizon: periods ending less than `provisionalDays` before it are provisional. */
  readonly horizonDay: number;
  readonly provisionalDays: number;
}

export function cellLabel(dim: string, cell: string): string {
  if (dim === 'all') return 'All companies';
  if (dim === 'sector') return `${cell} ${sectorName(cell)}`;
  return cell;
}

/** Disclosure verdicts of every measure cell: each measure is protected as its own table. */
export function verdictsOf(stats: readonly CellStat[], rules: DisclosureRules): Verdicts {
  const byMeasure = new Map<string, CellStat[]>();
  for (const s of stats) {
    const list = byMeasure.get(s.measure) ?? [];
    list.push(s);
    byMeasure.set(s.measure, list);
  }
  const all: Verdicts = new Map();
  for (const [, list] of [...byMeasure.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const cells = indexStats(list);
    for (const [k, v] of protect(cells, equationsOf(list), rules)) all.set(k, v);
  }
  return all;
}

/** Every signal row, sorted by metric, grain, period, dimension, cell. */
export function composeSignals(opts: ComposeOptions): SignalRow[] {
  const { stats, periods, rules, reportingCurrency } = opts;
  const cells = indexStats(stats);
  const verdicts = verdictsOf(stats, rules);
  const periodOf = new Map(periods.map((p) => [`${p.grain}|${p.id}`, p]));
  const provisional = (p: Period): boolean => p.endDay + opts.provisionalDays > opts.horizonDay;
  const rows: SignalRow[] = [];
  const base = (metric: SignalMetric, unit: SignalUnit, p: Period, dim: string, cell: string) => ({
    metric,
    grain: p.grain,
    period: p.label,
    periodStart: p.startDate,
    periodEnd: p.endDate,
    dimension: dim as Dimension,
    cell,
    cellLabel: cellLabel(dim, cell),
    unit,
    currency: unit === 'money' ? reportingCurrency : null,
    provisional: provisional(p),
  });

  for (const def of DEFS) {
    for (const s of stats) {
      if (s.measure !== def.primary) continue;
      const p = periodOf.get(`${s.grain}|${s.periodId}`);
      if (!p) continue;
      const get = (measure: string): CellStat => {
        const c = cells.get(statKey(measure, s.grain, s.periodId, s.dim, s.cell));
        return (
          c ?? {
            ...s,
            measure,
            companies: 0,
            contributors: 0,
            docs: '0',
            amount: '0',
            magnitude: '0',
            top1: '0',
            top2: '0',
          }
        );
      };
      const reason = blocking(def.needs, (m) => statKey(m, s.grain, s.periodId, s.dim, s.cell), cells, verdicts);
      const value = reason === null ? def.value(get) : null;
      rows.push({
        ...base(def.metric, def.unit, p, s.dim, s.cell),
        value,
        companies: s.companies,
        status: value === null ? 'suppressed' : 'published',
        reason: value === null ? (reason ?? 'min_companies') : null,
      });
    }
  }
  rows.push(...chainedIndex(opts, cells, verdicts, base));
  return rows.sort(
    (a, b) =>
      cmpText(a.metric, b.metric) ||
      cmpText(a.grain, b.grain) ||
      cmpText(a.periodStart, b.periodStart) ||
      cmpText(a.dimension, b.dimension) ||
      cmpText(a.cell, b.cell),
  );
}

function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first reason one of the needed measure cells is not publishable, or null when all are. */
function blocking(
  needs: readonly string[],
  keyOf: (measure: string) => string,
  cells: ReadonlyMap<string, CellStat>,
  verdicts: Verdicts,
): SuppressionReason | null {
  for (const m of needs) {
    const key = keyOf(m);
    if (!cells.has(key)) return 'min_companies';
    const v = verdicts.get(key);
    if (v) return v;
  }
  return null;
}

type BaseOf = (
  metric: SignalMetric,
  unit: SignalUnit,
  p: Period,
  dim: string,
  cell: string,
) => Omit<SignalRow, 'value' | 'companies' | 'status' | 'reason'>;

/**
 * The chained index of invoice value: 100 in the first period of the lake, then multiplied by
 * each period's link (same-company value this period over last period). Where a cell's link is
 * suppressed or missing, the chain carries the all-companies link (or 1 if that is suppressed
 * too), so consecutive published index values never reveal a suppressed link.
 */
function chainedIndex(
  opts: ComposeOptions,
  cells: ReadonlyMap<string, CellStat>,
  verdicts: Verdicts,
  base: BaseOf,
): SignalRow[] {
  const rows: SignalRow[] = [];
  const seriesCells = new Set<string>();
  for (const s of opts.stats) if (s.measure === 'invoice') seriesCells.add(`${s.dim}|${s.cell}`);
  const grains: Grain[] = ['week', 'month'];
  for (const grain of grains) {
    const periods = opts.periods.filter((p) => p.grain === grain).sort((a, b) => a.id - b.id);
    const link = (p: Period, dim: string, cell: string): string | null => {
      const key = (m: string) => statKey(m, grain, p.id, dim, cell);
      if (blocking(['link_cur', 'link_prev'], key, cells, verdicts) !== null) return null;
      const cur = cells.get(key('link_cur'));
      const prev = cells.get(key('link_prev'));
      return cur && prev && cmp(prev.amount, '0') > 0 ? div(cur.amount, prev.amount) : null;
    };
    for (const series of [...seriesCells].sort()) {
      const [dim = 'all', cell = 'all'] = series.split('|');
      let level = '100';
      periods.forEach((p, i) => {
        let published = false;
        if (i > 0) {
          const own = link(p, dim, cell);
          const carried = own ?? link(p, 'all', 'all') ?? '1';
          level = mul(level, carried);
          published = own !== null;
        }
        const invoice = cells.get(statKey('invoice', grain, p.id, dim, cell));
        if (!invoice) return;
        if (i === 0) published = verdicts.get(statKey('invoice', grain, p.id, dim, cell)) === null;
        const panel = cells.get(statKey('link_cur', grain, p.id, dim, cell));
        const reason =
          i === 0
            ? (verdicts.get(statKey('invoice', grain, p.id, dim, cell)) ?? null)
            : blocking(['link_cur', 'link_prev'], (m) => statKey(m, grain, p.id, dim, cell), cells, verdicts);
        rows.push({
          ...base('invoice_value_index', 'index', p, dim, cell),
          value: published ? round(level, 2) : null,
          companies: i === 0 ? invoice.companies : (panel?.companies ?? 0),
          status: published ? 'published' : 'suppressed',
          reason: published ? null : (reason ?? 'min_companies'),
        });
      });
    }
  }
  return rows;
}
