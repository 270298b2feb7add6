import type { WeeklyInvoiceTable } from '../../analytics/weekly-invoice-table.js';
import { renderWeeklyInvoiceTable } from '../../analytics/weekly-invoice-table.js';
import { add, div, isoWeek, round } from '../../canonical/index.js';
import type { Economy } from '../../emulation/economy/index.js';
import type { Runtime } from '../../pipeline/context.js';
import type { ReconcileReport } from '../../pipeline/reconcile.js';
import type { SyncReport } from '../../pipeline/runner.js';
import type { EmulatorHandle } from '../emulators.js';
import { reconcileAgainstEmulators } from './reconcile.js';

export interface WeeklyOrders {
  readonly week: string;
  readonly currency: string;
  readonly orders: number;
  readonly averageOrderValue: string;
}

export interface DemoReport {
  readonly dataDir: string;
  readonly seed: number;
  readonly platforms: readonly string[];
  readonly companies: number;
  readonly pagesFetched: number;
  readonly recordsFetched: number;
  readonly rawEnvelopes: number;
  readonly canonical: Record<string, { live: number; deleted: number }>;
  readonly reviewItems: { open: number; byReason: Record<string, number> };
  readonly weeklyOrders: readonly WeeklyOrders[];
  readonly syncErrors: readonly string[];
  readonly emulators: Record<string, unknown>;
  readonly elapsedMs: number;
  readonly envelopesPerSecond: number;
  /** The economy the emulators played (`ledgerpulse reconcile --against-emulator` replays it). */
  readonly economy: {
    readonly seed: number;
    readonly companies: number;
    readonly volumeScale: number;
    readonly platforms: readonly string[];
  };
  /** The canonical store against the emulators' live records (null when no emulator was at hand). */
  readonly reconcile: ReconcileReport | null;
  /** The signals computed on DuckDB at the end of the demo (null until that step has run). */
  signals: DemoSignals | null;
  extra: Record<string, unknown>;
}

export interface DemoSignals {
  readonly engine: string;
  readonly asOf: string;
  readonly reportingCurrency: string;
  readonly cells: number;
  readonly published: number;
  readonly suppressed: number;
  readonly elapsedMs: number;
  readonly weeklyAverageInvoiceValue: WeeklyInvoiceTable;
}

export interface ReportInput {
  readonly dataDir: string;
  readonly economy: Economy;
  readonly platforms: readonly string[];
  readonly reports: readonly SyncReport[];
  readonly elapsedMs: number;
  readonly emulatorStats: Record<string, unknown>;
  /** The running emulators, asked for their live records to reconcile the store with. */
  readonly emulators?: readonly Pick<EmulatorHandle, 'platform' | 'liveRecords'>[];
}

/** Weekly order count and average order value per currency over the last `weeks` ISO weeks. */
export async function weeklyOrders(rt: Runtime, weeks = 8): Promise<WeeklyOrders[]> {
  const cells = new Map<string, { week: string; currency: string; orders: number; total: string }>();
  for await (const batch of rt.store.canonical.scan({ kind: 'sales_order' }, 2000)) {
    for (const r of batch) {
      if (r.kind !== 'sales_order' || r.test || r.status.value === 'cancelled') continue;
      const week = isoWeek(r.orderDate);
      const key = `${week}|${r.currency}`;
      const c = cells.get(key) ?? { week, currency: r.currency, orders: 0, total: '0' };
      c.orders++;
      c.total = add(c.total, r.total);
      cells.set(key, c);
    }
  }
  const allWeeks = [...new Set([...cells.values()].map((c) => c.week))].sort();
  const keep = new Set(allWeeks.slice(-weeks));
  return [...cells.values()]
    .filter((c) => keep.has(c.week))
    .sort((a, b) => a.week.localeCompare(b.week) || a.currency.localeCompare(b.currency))
    .map((c) => ({
      week: c.week,
      currency: c.currency,
      orders: c.orders,
      averageOrderValue: round(div(c.total, c.orders), 2),
    }));
}

export async function buildReport(rt: Runtime, input: ReportInput): Promise<DemoReport> {
  let pages = 0;
  let records = 0;
  // A stream's error counts only if its last turn ended with it: a turn that failed and was retried
  // to success (the distributed connector retries transient failures) is not a sync error.
  const lastError = new Map<string, string | null>();
  for (const r of input.reports) {
    for (const s of r.streams) {
      pages += s.pages;
      records += s.records;
      lastError.set(`${r.connectionId}/${s.stream}`, s.error);
    }
  }
  const errors = [...lastError].filter(([, e]) => e !== null).map(([key, e]) => `${key}: ${e}`);
  const open = await rt.store.review.list({ status: 'open', limit: 100_000 });
  const byReason: Record<string, number> = {};
  for (const i of open) byReason[i.reason] = (byReason[i.reason] ?? 0) + 1;
  const rawEnvelopes = await rt.store.raw.count();
  const companies = new Set(input.reports.map((r) => r.connectionId)).size;
  return {
    dataDir: input.dataDir,
    seed: input.economy.config.seed,
    platforms: input.platforms,
    companies,
    pagesFetched: pages,
    recordsFetched: records,
    rawEnvelopes,
    canonical: await rt.store.canonical.counts(),
    reviewItems: { open: open.length, byReason },
    weeklyOrders: await weeklyOrders(rt),
    syncErrors: errors,
    emulators: input.emulatorStats,
    elapsedMs: input.elapsedMs,
    envelopesPerSecond: Math.round(records / Math.max(0.001, input.elapsedMs / 1000)),
    economy: {
      seed: input.economy.config.seed,
      companies: input.economy.config.companies,
      volumeScale: input.economy.config.volumeScale,
      platforms: input.economy.config.platforms,
    },
    reconcile: input.emulators ? await reconcileAgainstEmulators(rt, input.emulators) : null,
    signals: null,
    extra: {},
  };
}

function table(rows: readonly (readonly (string | number)[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((v, i) => String(v).padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

export function printReport(r: DemoReport): void {
  const out = process.stdout;
  out.write('\nLedgerpulse demo summary\n========================\n');
  out.write(
    `${table([
      ['companies', r.companies],
      ['platforms', r.platforms.join(', ')],
      ['pages fetched', r.pagesFetched],
      ['records fetched', r.recordsFetched],
      ['raw envelopes', r.rawEnvelopes],
      ['review items (open)', r.reviewItems.open],
      ['elapsed', `${(r.elapsedMs / 1000).toFixed(1)} s`],
      ['records per second', r.envelopesPerSecond],
    ])}\n`,
  );
  out.write('\nCanonical records by type\n');
  out.write(
    `${table([['type', 'live', 'deleted'], ...Object.entries(r.canonical).map(([k, v]) => [k, v.live, v.deleted])])}\n`,
  );
  if (Object.keys(r.reviewItems.byReason).length) {
    out.write('\nOpen review items by reason\n');
    out.write(`${table(Object.entries(r.reviewItems.byReason))}\n`);
  }
  if (r.weeklyOrders.length) {
    out.write('\nWeekly orders (last 8 ISO weeks, by currency)\n');
    out.write(
      `${table([['week', 'currency', 'orders', 'avg order value'], ...r.weeklyOrders.map((w) => [w.week, w.currency, w.orders, w.averageOrderValue])])}\n`,
    );
  }
  if (r.reconcile) {
    const c = r.reconcile.totals;
    out.write(`\nReconciliation with the emulators: ${r.reconcile.ok ? 'clean' : 'DISCREPANCIES'}\n`);
    out.write(
      `${table([
        ['live at source', 'matched', 'missing', 'extra', 'stale', 'duplicate', 'status', 'in review'],
        [c.truth, c.matched, c.missing, c.extra, c.stale, c.duplicate, c.status, c.review],
      ])}\n`,
    );
  }
  const drop = r.extra['fileDrop'] as
    | { dir: string; files: { file: string; status: string; documents: number; errors: string[] }[] }
    | undefined;
  if (drop) {
    out.write(`\nFile drop (${drop.dir})\n`);
    out.write(
      `${table([['file', 'status', 'documents', 'problem'], ...drop.files.map((f) => [f.file, f.status, f.documents, f.errors.join('; ')])])}\n`,
    );
  }
  if (r.signals) {
    const s = r.signals;
    out.write(
      `\nSignals on ${s.engine} (${s.reportingCurrency}, as of ${s.asOf}): ${s.cells} cells, ${s.published} published, ${s.suppressed} suppressed\n`,
    );
    out.write(`${renderWeeklyInvoiceTable(s.weeklyAverageInvoiceValue)}\n`);
  }
  if (r.syncErrors.length) {
    out.write(`\nSync errors (${r.syncErrors.length})\n${r.syncErrors.slice(0, 20).join('\n')}\n`);
  }
}
