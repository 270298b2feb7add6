import type { SuppressionReason } from './disclosure.js';
import type { SignalRow } from './signal-row.js';

/** The demo's closing table: weekly average invoice value by industry over the last N ISO weeks. */
export interface WeeklyInvoiceCell {
  readonly value: string | null;
  readonly companies: number;
  readonly status: 'published' | 'suppressed' | 'no_data';
  readonly reason: SuppressionReason | null;
  readonly provisional: boolean;
}

export interface WeeklyInvoiceTable {
  readonly currency: string | null;
  readonly weeks: readonly { readonly week: string; readonly start: string; readonly provisional: boolean }[];
  /** One row per sector, then the all-companies row. */
  readonly rows: readonly {
    readonly cell: string;
    readonly label: string;
    readonly cells: readonly WeeklyInvoiceCell[];
  }[];
}

export function weeklyInvoiceTable(rows: readonly SignalRow[], opts: { weeks?: number } = {}): WeeklyInvoiceTable {
  const wanted = opts.weeks ?? 8;
  const relevant = rows.filter(
    (r) =>
      r.metric === 'avg_invoice_value' && r.grain === 'week' && (r.dimension === 'sector' || r.dimension === 'all'),
  );
  const weekStarts = [...new Set(relevant.map((r) => r.periodStart))].sort().slice(-wanted);
  const byKey = new Map(relevant.map((r) => [`${r.dimension}|${r.cell}|${r.periodStart}`, r]));
  const weeks = weekStarts.map((start) => {
    const any = relevant.find((r) => r.periodStart === start);
    return { week: any?.period ?? start, start, provisional: any?.provisional ?? false };
  });
  const series = [...new Set(relevant.filter((r) => r.dimension === 'sector').map((r) => r.cell))].sort();
  const labelOf = (dim: string, cell: string): string =>
    relevant.find((r) => r.dimension === dim && r.cell === cell)?.cellLabel ?? cell;
  const line = (dim: string, cell: string) => ({
    cell,
    label: labelOf(dim, cell),
    cells: weeks.map((w): WeeklyInvoiceCell => {
      const r = byKey.get(`${dim}|${cell}|${w.start}`);
      if (!r) return { value: null, companies: 0, status: 'no_data', reason: null, provisional: w.provisional };
      return { value: r.value, companies: r.companies, status: r.status, reason: r.reason, provisional: r.provisional };
    }),
  });
  return {
    currency: relevant.find((r) => r.currency)?.currency ?? null,
    weeks,
    rows: [...series.map((cell) => line('sector', cell)), line('all', 'all')],
  };
}

/** 1234567.5 → "1,234,567.50" without passing through a float. */
function grouped(value: string): string {
  const [int = '', frac] = value.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  const withCommas = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${withCommas}${frac !== undefined ? `.${frac}` : ''}`;
}

const LABEL_WIDTH = 34;
const CELL_WIDTH = 17;

function cellText(c: WeeklyInvoiceCell): string {
  if (c.status === 'no_data') return '-';
  const mark = c.provisional ? 'p' : ' ';
  if (c.status === 'suppressed' || c.value === null) return `x (${c.companies})${mark}`;
  return `${grouped(c.value)} (${c.companies})${mark}`;
}

/** A fixed-width text table; suppressed cells show `x`, provisional weeks a trailing `p`. */
export function renderWeeklyInvoiceTable(table: WeeklyInvoiceTable): string {
  const title = `Weekly average invoice value by industry${table.currency ? ` (${table.currency})` : ''}, last ${table.weeks.length} ISO weeks`;
  const header = `${'Industry (NAICS sector)'.padEnd(LABEL_WIDTH)}${table.weeks.map((w) => w.week.padStart(CELL_WIDTH)).join('')}`;
  const lines = table.rows.map((row) => {
    const label = row.label.length > LABEL_WIDTH - 1 ? `${row.label.slice(0, LABEL_WIDTH - 2)}…` : row.label;
    return `${label.padEnd(LABEL_WIDTH)}${row.cells.map((c) => cellText(c).padStart(CELL_WIDTH)).join('')}`;
  });
  const legend =
    'value (companies); x = suppressed by disclosure control (< 10 companies, one company > 50 %, p% rule, or to protect another cell); p = provisional (still filling in); - = no invoices';
  return [title, header, ...lines, legend].join('\n');
}
