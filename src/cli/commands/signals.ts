import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { FX_COLUMNS, type FxRateRow, type FxRates, fxCsv, fxRatesFromRows, parseFxCsv } from '../../analytics/fx.js';
import { runSignals, type SignalsResult } from '../../analytics/run-signals.js';
import {
  filterSignals,
  readServing,
  SERVING_COLUMNS,
  type SignalFilter,
  type SignalsMeta,
  servingValues,
  signalsCsv,
  signalsJson,
} from '../../analytics/serving.js';
import type { SignalRow } from '../../analytics/signal-row.js';
import {
  renderWeeklyInvoiceTable,
  type WeeklyInvoiceTable,
  weeklyInvoiceTable,
} from '../../analytics/weekly-invoice-table.js';
import { loadConfig } from '../../config/load.js';
import { systemClock } from '../../connectors/kit/clock.js';
import { addDays } from '../../emulation/economy/calendar.js';
import { CURRENCIES, createEconomy, type Economy } from '../../emulation/economy/index.js';
import { ConfigError } from '../../errors/index.js';
import { createLogger } from '../../log/logger.js';
import type { OpenRuntime } from '../../main.js';
import type { AnalyticsEngine, AnalyticsEngineOptions, ParquetFiles, SqlRow } from '../../ports/analytics-engine.js';
import type { AdapterDeps } from '../../ports/deps.js';
import type { SignalsReader } from '../../server/signals.js';
import { printJson, UsageError } from '../output.js';
import { openCliRuntime } from '../runtime.js';

export const ENGINES = ['duckdb', 'spark'] as const;
export type EngineName = (typeof ENGINES)[number];

/** What this command needs from src/adapters/registry.ts (the only place the CLI may reach adapters through). */
export interface AnalyticsRegistry {
  openAnalyticsEngine(name: EngineName, options: AnalyticsEngineOptions, deps: AdapterDeps): Promise<AnalyticsEngine>;
  openParquetFiles(deps: AdapterDeps): Promise<ParquetFiles>;
}

async function analyticsRegistry(): Promise<AnalyticsRegistry> {
  const registry = (await import('../../adapters/registry.js')) as unknown as Partial<AnalyticsRegistry>;
  if (typeof registry.openAnalyticsEngine !== 'function' || typeof registry.openParquetFiles !== 'function') {
    throw new ConfigError(
      'LP_CONFIG_UNKNOWN_ADAPTER',
      'the analytics adapters are not registered: src/adapters/registry.ts must export openAnalyticsEngine and openParquetFiles',
    );
  }
  return registry as AnalyticsRegistry;
}

/** Where a data dir keeps the lake, the serving table and the FX reference table. */
export function signalPaths(dataDir: string) {
  return {
    lake: join(dataDir, 'lake'),
    serving: join(dataDir, 'serving'),
    fx: join(dataDir, 'reference', 'fx_rates.csv'),
  };
}

/** The economy's daily FX table as `fx_rates(date, currency, rate_to_usd)` rows over its period. */
export function economyFxRows(economy: Economy): FxRateRow[] {
  const rows: FxRateRow[] = [];
  for (let day = 0; day < economy.config.days; day++) {
    const date = addDays(economy.config.startDate, day);
    for (const currency of CURRENCIES) rows.push({ date, currency, rateToUsd: economy.fxRate(date, currency, 'USD') });
  }
  return rows;
}

export function writeFxCsv(path: string, rows: readonly FxRateRow[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, fxCsv(rows));
}

/** Reads an FX table from CSV or Parquet (`date, currency, rate_to_usd`). */
export async function loadFx(path: string, files: ParquetFiles): Promise<FxRates> {
  if (!existsSync(path)) {
    throw new UsageError(
      `no FX table at ${path}: pass --fx <csv|parquet> with columns date,currency,rate_to_usd, or --fx-from-economy to export the synthetic economy's daily table`,
    );
  }
  if (path.endsWith('.parquet')) {
    const rows = await files.read(path, FX_COLUMNS);
    return fxRatesFromRows(
      rows.map((r: SqlRow) => ({
        date: r['date'] ?? '',
        currency: r['currency'] ?? '',
        rateToUsd: r['rate_to_usd'] ?? '',
      })),
      resolve(path),
    );
  }
  return parseFxCsv(readFileSync(path, 'utf8'), resolve(path));
}

/**
 * The API's signals reader over a data dir's serving table: read per request (the table is small
 * and `signals run` may rewrite it while the server runs), filtered, never a company's records.
 */
export async function openServingReader(
  dataDir: string,
  deps: AdapterDeps,
): Promise<SignalsReader & { close(): Promise<void> }> {
  const files = await (await analyticsRegistry()).openParquetFiles(deps);
  const dir = signalPaths(dataDir).serving;
  return {
    async read(query) {
      const { rows, meta } = await readServing(files, dir);
      return { meta: { ...meta }, rows: filterSignals(rows, query) };
    },
    close: () => files.close(),
  };
}

export interface DemoSignalsOptions {
  readonly weeks?: number;
  readonly reportingCurrency?: string;
}

/**
 * The demo's last step: compute the signals on DuckDB over the runtime's store, with the
 * economy's FX table, and return the weekly average invoice value by industry for the last
 * weeks (suppressed cells marked) as rows and as text.
 */
export async function demoSignals(
  rt: OpenRuntime,
  economy: Economy,
  opts: DemoSignalsOptions = {},
): Promise<{ table: WeeklyInvoiceTable; text: string; meta: SignalsMeta }> {
  const paths = signalPaths(rt.config.dataDir);
  const rows = economyFxRows(economy);
  writeFxCsv(paths.fx, rows);
  const registry = await analyticsRegistry();
  const deps = { logger: rt.logger, clock: rt.clock };
  const files = await registry.openParquetFiles(deps);
  const engine = await registry.openAnalyticsEngine('duckdb', {}, deps);
  try {
    const result = await runSignals({
      store: rt.store,
      lakeDir: paths.lake,
      engine,
      files,
      reportingCurrency: opts.reportingCurrency ?? economy.config.reportingCurrency,
      fx: fxRatesFromRows(rows, `synthetic economy seed ${economy.config.seed}`),
      servingDir: paths.serving,
      logger: rt.logger,
    });
    const table = weeklyInvoiceTable(result.rows, { weeks: opts.weeks ?? 8 });
    return { table, text: renderWeeklyInvoiceTable(table), meta: result.meta };
  } finally {
    await engine.close();
    await files.close();
  }
}

interface RunOptions {
  dataDir?: string;
  config?: string;
  engine: string;
  currency: string;
  fx?: string;
  fxFromEconomy?: boolean;
  seed: string;
  startDate: string;
  days: string;
  minCompanies?: string;
  maxShare?: string;
  pPercent?: string;
  provisionalDays?: string;
  asOf?: string;
  lakeDir?: string;
  python?: string;
  sparkMaster?: string;
  weeks: string;
  json?: boolean;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be a whole number, got ${text}`);
  return n;
}

async function runCommand(o: RunOptions): Promise<void> {
  if (!(ENGINES as readonly string[]).includes(o.engine)) {
    throw new UsageError(`--engine must be one of ${ENGINES.join(', ')}`);
  }
  const rt = await openCliRuntime({
    ...(o.dataDir ? { dataDir: o.dataDir } : {}),
    ...(o.config ? { config: o.config } : {}),
  });
  const paths = signalPaths(rt.config.dataDir);
  const registry = await analyticsRegistry();
  const deps = { logger: rt.logger, clock: rt.clock };
  const files = await registry.openParquetFiles(deps);
  let engine: AnalyticsEngine | undefined;
  try {
    const fxPath = o.fx ?? paths.fx;
    if (o.fxFromEconomy) {
      const economy = createEconomy({ seed: Number(o.seed), startDate: o.startDate, days: Number(o.days) });
      writeFxCsv(fxPath, economyFxRows(economy));
    }
    const fx = await loadFx(fxPath, files);
    const engineOptions: AnalyticsEngineOptions = {
      ...(o.python ? { python: o.python } : {}),
      ...(o.sparkMaster ? { master: o.sparkMaster } : {}),
    };
    engine = await registry.openAnalyticsEngine(o.engine as EngineName, engineOptions, deps);
    const result: SignalsResult = await runSignals({
      store: rt.store,
      lakeDir: o.lakeDir ?? paths.lake,
      engine,
      files,
      reportingCurrency: o.currency,
      fx,
      disclosure: {
        ...(o.minCompanies ? { minCompanies: positiveInt(o.minCompanies, '--min-companies') } : {}),
        ...(o.maxShare ? { maxShare: Number(o.maxShare) } : {}),
        ...(o.pPercent ? { pPercent: Number(o.pPercent) } : {}),
      },
      ...(o.provisionalDays ? { provisionalDays: positiveInt(o.provisionalDays, '--provisional-days') } : {}),
      ...(o.asOf ? { asOf: new Date(o.asOf).toISOString() } : {}),
      servingDir: paths.serving,
      logger: rt.logger,
    });
    if (o.json) {
      printJson({ meta: result.meta, lake: result.lake });
      return;
    }
    const m = result.meta;
    process.stdout.write(
      `signals computed on ${m.engine}: ${m.rows} cells (${m.published} published, ${m.suppressed} suppressed), ` +
        `${m.from} to ${m.to}, as of ${m.asOf}, in ${m.reportingCurrency}\n` +
        `lake ${result.lake.lakeDir}: ${result.lake.partitions.written} partitions written, ${result.lake.partitions.unchanged} unchanged` +
        `${result.lake.skipped.missingFx ? `, ${result.lake.skipped.missingFx} records without an FX rate skipped` : ''}\n` +
        `timings (ms): lake ${m.timingsMs['lake']}, engine ${m.timingsMs['engine']}, disclosure ${m.timingsMs['compose']}\n\n`,
    );
    process.stdout.write(
      `${renderWeeklyInvoiceTable(weeklyInvoiceTable(result.rows, { weeks: positiveInt(o.weeks, '--weeks') }))}\n`,
    );
  } finally {
    await engine?.close();
    await files.close();
    await rt.close();
  }
}

interface ReadOptions {
  dataDir?: string;
  config?: string;
  metric?: string;
  grain?: string;
  dimension?: string;
  cell?: string;
  last?: string;
  publishedOnly?: boolean;
}

/** Reads the serving table without opening the store: analysts need no credentials key for it. */
async function withServing<T>(
  o: ReadOptions,
  work: (rows: SignalRow[], meta: SignalsMeta, files: ParquetFiles) => Promise<T>,
) {
  const config = loadConfig({ ...(o.dataDir ? { dataDir: o.dataDir } : {}), ...(o.config ? { file: o.config } : {}) });
  const deps = { logger: createLogger({ level: config.logLevel }), clock: systemClock };
  const files = await (await analyticsRegistry()).openParquetFiles(deps);
  try {
    const { rows, meta } = await readServing(files, signalPaths(config.dataDir).serving);
    const filter: SignalFilter = {
      ...(o.metric ? { metric: o.metric } : {}),
      ...(o.grain ? { grain: o.grain } : {}),
      ...(o.dimension ? { dimension: o.dimension } : {}),
      ...(o.cell ? { cell: o.cell } : {}),
      ...(o.last ? { last: positiveInt(o.last, '--last') } : {}),
      ...(o.publishedOnly ? { publishedOnly: true } : {}),
    };
    return await work(filterSignals(rows, filter), meta, files);
  } finally {
    await files.close();
  }
}

export function renderSignalRows(rows: readonly SignalRow[]): string {
  const header = ['metric', 'period', 'dimension', 'cell', 'value', 'companies', 'status'];
  const lines = rows.map((r) => [
    r.metric,
    `${r.period}${r.provisional ? ' (p)' : ''}`,
    r.dimension,
    r.cellLabel,
    r.value === null ? 'x' : `${r.value}${r.currency ? ` ${r.currency}` : ''}`,
    String(r.companies),
    r.reason ?? r.status,
  ]);
  const widths = header.map((h, i) => Math.min(48, Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length))));
  const fmt = (cells: readonly string[]) =>
    cells.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i] ?? 0)).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}

function readFilters(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'the data dir signals were run in (default: LP_DATA_DIR or .data)')
    .option('--config <file>', 'a JSON config file')
    .option('--metric <name>', 'one signal, e.g. avg_invoice_value')
    .option('--grain <grain>', 'week or month')
    .option('--dimension <dim>', 'all, sector, size_band or country')
    .option('--cell <cell>', 'one cell of the dimension, e.g. 72 or US')
    .option('--last <n>', 'only the last n periods of each signal')
    .option('--published-only', 'leave out suppressed cells');
}

export function registerSignals(program: Command): void {
  const signals = program.command('signals').description('compute, show and export disclosure-controlled signals');

  signals
    .command('run')
    .description('export the canonical store to the Parquet lake and compute every signal on an engine')
    .option('--data-dir <dir>', 'data dir holding the store (default: LP_DATA_DIR or .data)')
    .option('--config <file>', 'a JSON config file')
    .option('--engine <engine>', 'duckdb (embedded) or spark (Spark SQL via PySpark)', 'duckdb')
    .option('--currency <code>', 'reporting currency', 'USD')
    .option(
      '--fx <file>',
      'FX table, CSV or Parquet: date,currency,rate_to_usd (default: <data-dir>/reference/fx_rates.csv)',
    )
    .option('--fx-from-economy', "write the synthetic economy's daily FX table to the FX path first")
    .option('--seed <n>', 'economy seed for --fx-from-economy', '42')
    .option('--start-date <date>', 'economy start date for --fx-from-economy', '2024-12-02')
    .option('--days <n>', 'economy length in days for --fx-from-economy', '728')
    .option('--min-companies <n>', 'disclosure: companies a cell needs (default 10, never below 3)')
    .option('--max-share <x>', 'disclosure: largest share one company may hold (default 0.5)')
    .option('--p-percent <p>', 'disclosure: p of the p% rule (default 10)')
    .option('--provisional-days <n>', 'days after a period ends during which it is provisional (default 28)')
    .option('--as-of <instant>', 'observe the books at this instant (default: newest source update)')
    .option('--lake-dir <dir>', 'lake folder (default: <data-dir>/lake)')
    .option('--python <path>', 'spark: the python with pyspark (default: the venv scripts/pyspark installs)')
    .option('--spark-master <url>', 'spark: master URL (default local[2])')
    .option('--weeks <n>', 'weeks in the printed table', '8')
    .option('--json', 'print the run metadata as JSON')
    .action(async (o: RunOptions) => {
      await runCommand(o);
    });

  readFilters(signals.command('show').description('print signal cells from the last run (suppressed cells show x)'))
    .option('--json', 'print JSON')
    .action(async (o: ReadOptions & { json?: boolean }) => {
      const defaults: ReadOptions = { metric: 'avg_invoice_value', grain: 'week', dimension: 'sector', last: '8' };
      const opts = o.metric || o.grain || o.dimension || o.cell || o.last ? o : { ...defaults, ...o };
      await withServing(opts, async (rows, meta) => {
        if (o.json) printJson({ meta, rows });
        else process.stdout.write(`${renderSignalRows(rows)}\n`);
      });
    });

  readFilters(signals.command('export').description('export signal cells from the last run'))
    .requiredOption('--format <format>', 'csv, json or parquet')
    .option('--out <file>', 'output file (required for parquet; stdout otherwise)')
    .action(async (o: ReadOptions & { format: string; out?: string }) => {
      if (!['csv', 'json', 'parquet'].includes(o.format)) throw new UsageError('--format must be csv, json or parquet');
      if (o.format === 'parquet' && !o.out) throw new UsageError('--out <file> is required for --format parquet');
      await withServing(o, async (rows, meta, files) => {
        if (o.format === 'parquet') {
          await files.write(resolve(o.out ?? ''), SERVING_COLUMNS, rows.map(servingValues));
          process.stderr.write(`wrote ${rows.length} rows to ${o.out}\n`);
          return;
        }
        const text = o.format === 'csv' ? signalsCsv(rows) : signalsJson(rows, meta);
        if (o.out) {
          mkdirSync(dirname(resolve(o.out)), { recursive: true });
          writeFileSync(o.out, text);
          process.stderr.write(`wrote ${rows.length} rows to ${o.out}\n`);
        } else {
          process.stdout.write(text);
        }
      });
    });
}
