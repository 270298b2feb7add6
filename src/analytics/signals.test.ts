import { describe, expect, it } from 'vitest';
import { div } from '../canonical/money.js';
import type { CellStat } from './cell-stats.js';
import { DEFAULT_DISCLOSURE_RULES } from './disclosure.js';
import { weekId, weekPeriod } from './periods.js';
import { composeSignals } from './signals.js';

const W1 = weekId('2026-06-01');
const periods = [W1, W1 + 1, W1 + 2].map(weekPeriod);

/** A cell of `companies` equal contributors (so it passes the rules from 10 on), or as given. */
function stat(
  measure: string,
  periodId: number,
  cell: string,
  amount: string,
  companies = 12,
  docs = '10',
  top1?: string,
): CellStat {
  const share = div(amount, companies);
  return {
    measure,
    grain: 'week',
    periodId,
    dim: cell === 'all' ? 'all' : 'sector',
    cell,
    companies,
    contributors: companies,
    docs,
    amount,
    magnitude: amount,
    top1: top1 ?? share,
    top2: share,
  };
}

function compose(stats: CellStat[], horizon = '2026-07-31') {
  return composeSignals({
    stats,
    periods,
    rules: DEFAULT_DISCLOSURE_RULES,
    reportingCurrency: 'USD',
    horizonDay: weekPeriod(weekId(horizon)).endDay,
    provisionalDays: 28,
  });
}

const find = (rows: ReturnType<typeof compose>, metric: string, periodId: number, cell: string) =>
  rows.find((r) => r.metric === metric && r.period === weekPeriod(periodId).label && r.cell === cell);

describe('signal formulas', () => {
  it('forms averages from exact sums, rounding half-even to the cent', () => {
    const rows = compose([stat('invoice', W1, 'all', '100.25', 12, '10')]);
    // 100.25 / 10 = 10.025 → 10.02
    expect(find(rows, 'avg_invoice_value', W1, 'all')).toMatchObject({
      value: '10.02',
      unit: 'money',
      currency: 'USD',
      companies: 12,
    });
    expect(find(rows, 'invoice_count', W1, 'all')?.value).toBe('10');
    expect(find(rows, 'invoice_value', W1, 'all')?.value).toBe('100.25');
  });

  it('publishes a ratio only when numerator and denominator would both be publishable', () => {
    const rows = compose([
      stat('order', W1, 'all', '1000', 12, '50'),
      // Refunds from two companies only: the refund rate would reveal them.
      stat('refund', W1, 'all', '30', 2, '3'),
      stat('order', W1 + 1, 'all', '1000', 12, '50'),
      stat('refund', W1 + 1, 'all', '30', 10, '12'),
    ]);
    expect(find(rows, 'avg_order_value', W1, 'all')?.value).toBe('20.00');
    expect(find(rows, 'refund_rate', W1, 'all')).toMatchObject({
      value: null,
      status: 'suppressed',
      reason: 'min_companies',
    });
    expect(find(rows, 'refund_rate', W1 + 1, 'all')).toMatchObject({ value: '0.0300', status: 'published' });
  });

  it('computes same-company growth and DSO from their paired measures', () => {
    const rows = compose([
      stat('yoy_cur', W1, 'all', '110', 15),
      stat('yoy_prev', W1, 'all', '100', 15),
      stat('dso_receivables', W1, 'all', '500', 11),
      stat('dso_sales', W1, 'all', '910', 11),
    ]);
    expect(find(rows, 'invoice_value_yoy', W1, 'all')).toMatchObject({ value: '0.1000', companies: 15 });
    // 500 / 910 × 91 = 50.0
    expect(find(rows, 'dso_days', W1, 'all')?.value).toBe('50.0');
  });

  it('chains the index through links, carrying the all-companies link over a suppressed one', () => {
    const stats = [
      ...[W1, W1 + 1, W1 + 2].flatMap((w) => [stat('invoice', w, 'all', '1000'), stat('invoice', w, '72', '500')]),
      stat('link_cur', W1 + 1, 'all', '110'),
      stat('link_prev', W1 + 1, 'all', '100'),
      // The sector's own link in week 2 is dominated: suppressed, the chain carries 1.10 instead.
      stat('link_cur', W1 + 1, '72', '300', 12, '10', '200'),
      stat('link_prev', W1 + 1, '72', '200', 12),
      // Two more sectors, so hiding the sector's link does not expose it as all minus the others.
      stat('link_cur', W1 + 1, '23', '400'),
      stat('link_prev', W1 + 1, '23', '400'),
      stat('link_cur', W1 + 1, '54', '4000'),
      stat('link_prev', W1 + 1, '54', '4000'),
      stat('link_cur', W1 + 2, 'all', '121'),
      stat('link_prev', W1 + 2, 'all', '110'),
      stat('link_cur', W1 + 2, '72', '90'),
      stat('link_prev', W1 + 2, '72', '100'),
    ];
    const rows = compose(stats);
    expect(find(rows, 'invoice_value_index', W1, 'all')?.value).toBe('100.00');
    expect(find(rows, 'invoice_value_index', W1 + 1, 'all')?.value).toBe('110.00');
    expect(find(rows, 'invoice_value_index', W1 + 2, 'all')?.value).toBe('121.00');
    expect(find(rows, 'invoice_value_index', W1 + 1, '72')).toMatchObject({ value: null, reason: 'dominance' });
    // 100 × 1.10 (carried) × 0.90 = 99.00, not 100 × 1.5 × 0.9.
    expect(find(rows, 'invoice_value_index', W1 + 2, '72')?.value).toBe('99.00');
  });

  it('marks periods ending less than 28 days before the horizon as provisional', () => {
    const stats = [stat('invoice', W1, 'all', '1'), stat('invoice', W1 + 2, 'all', '1')];
    const rows = compose(stats, '2026-07-07');
    expect(find(rows, 'invoice_count', W1, 'all')?.provisional).toBe(false);
    expect(find(rows, 'invoice_count', W1 + 2, 'all')?.provisional).toBe(true);
  });
});
