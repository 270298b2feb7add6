import { describe, expect, it } from 'vitest';
import { filterSignals, signalsCsv } from './serving.js';
import type { SignalRow } from './signal-row.js';
import { renderWeeklyInvoiceTable, weeklyInvoiceTable } from './weekly-invoice-table.js';

function row(
  period: string,
  start: string,
  cell: string,
  value: string | null,
  extra: Partial<SignalRow> = {},
): SignalRow {
  return {
    metric: 'avg_invoice_value',
    grain: 'week',
    period,
    periodStart: start,
    periodEnd: start,
    dimension: cell === 'all' ? 'all' : 'sector',
    cell,
    cellLabel: cell === 'all' ? 'All companies' : `${cell} Sector, "quoted"`,
    unit: 'money',
    currency: 'USD',
    value,
    companies: value === null ? 4 : 12,
    provisional: false,
    status: value === null ? 'suppressed' : 'published',
    reason: value === null ? 'min_companies' : null,
    ...extra,
  };
}

const rows = [
  row('2026-W01', '2025-12-29', '72', '1234567.50'),
  row('2026-W02', '2026-01-05', '72', null),
  row('2026-W03', '2026-01-12', '72', '12.00', { provisional: true }),
  row('2026-W03', '2026-01-12', 'all', '99.99', { provisional: true }),
];

describe('serving rows', () => {
  it('filters by signal and keeps the last n periods', () => {
    expect(filterSignals(rows, { cell: '72', last: 2 }).map((r) => r.period)).toEqual(['2026-W02', '2026-W03']);
    expect(filterSignals(rows, { publishedOnly: true, dimension: 'sector' })).toHaveLength(2);
  });

  it('writes CSV with quoted fields and empty values for suppressed cells', () => {
    const csv = signalsCsv(rows.slice(0, 2)).split('\n');
    expect(csv[0]).toBe(
      'metric,grain,period,period_start,period_end,dimension,cell,cell_label,unit,currency,value,companies,provisional,status,reason',
    );
    expect(csv[2]).toContain(',"72 Sector, ""quoted""",money,USD,,4,false,suppressed,min_companies');
  });

  it('renders the weekly table with suppressed and provisional cells marked', () => {
    const table = weeklyInvoiceTable(rows, { weeks: 2 });
    expect(table.weeks.map((w) => w.week)).toEqual(['2026-W02', '2026-W03']);
    expect(table.rows.map((r) => r.cell)).toEqual(['72', 'all']);
    expect(table.rows[1]?.cells[0]?.status).toBe('no_data');
    const text = renderWeeklyInvoiceTable(table);
    expect(text).toContain('x (4)');
    expect(text).toContain('12.00 (12)p');
    expect(renderWeeklyInvoiceTable(weeklyInvoiceTable(rows, { weeks: 3 }))).toContain('1,234,567.50 (12)');
  });
});
