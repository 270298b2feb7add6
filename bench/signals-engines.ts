/**
 * What the signals cost: builds a synthetic economy into a temporary SQLite store, then times the
 * lake export (first and unchanged re-run), the metric SQL on DuckDB and on Spark (local mode,
 * when PySpark is installed by scripts/pyspark), and the formulas with disclosure control. Prints
 * wall time and this process's CPU time, since wall time on a shared machine measures the
 * neighbours too (Spark's own CPU is in its child JVM, so only its wall time is shown).
 *
 * Run: npx tsx bench/signals-engines.ts [--companies 200] [--volume-scale 0.1] [--no-spark]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDuckdbEngine } from '../src/adapters/analytics/duckdb/engine.js';
import { createDuckdbParquetFiles } from '../src/adapters/analytics/duckdb/parquet-files.js';
import { createSparkEngine, defaultSparkPython } from '../src/adapters/analytics/spark/engine.js';
import { createSqliteStore } from '../src/adapters/store/sqlite/store.js';
import { parseCellStats } from '../src/analytics/cell-stats.js';
import { resolveDisclosureRules } from '../src/analytics/disclosure.js';
import { fxRatesFromRows } from '../src/analytics/fx.js';
import { exportLake } from '../src/analytics/lake.js';
import { CELL_STATS_QUERY, metricJob } from '../src/analytics/metric-sql.js';
import { dayNumber, periodsBetween } from '../src/analytics/periods.js';
import { composeSignals } from '../src/analytics/signals.js';
import { createEconomy } from '../src/emulation/economy/index.js';
import type { Logger } from '../src/log/types.js';
import { economyFxRows, loadEconomyIntoStore } from '../test/support/economy-canonical.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const companies = Number(flag('--companies', '200'));
const volumeScale = Number(flag('--volume-scale', '0.1'));
const withSpark = !args.includes('--no-spark') && existsSync(defaultSparkPython());

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const deps = { logger: silent, clock: { now: () => Date.now(), sleep: async () => {} } };

async function timed<T>(label: string, work: () => Promise<T>, extra: (t: T) => string = () => ''): Promise<T> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  const line = `${label.padEnd(36)} ${(performance.now() - wall).toFixed(0).padStart(7)} ms wall ${((used.user + used.system) / 1000).toFixed(0).padStart(7)} ms cpu`;
  process.stdout.write(`${line}  ${extra(result)}\n`);
  return result;
}

const dir = mkdtempSync(join(tmpdir(), 'lp-bench-signals-'));
try {
  const economy = createEconomy({ companies, volumeScale });
  const store = await createSqliteStore(new URL(`sqlite://${join(dir, 'store.db')}`), deps);
  const files = await createDuckdbParquetFiles(deps);
  const fx = fxRatesFromRows(economyFxRows(economy), 'synthetic economy');
  const lakeDir = join(dir, 'lake');
  process.stdout.write(`signals bench: ${companies} companies, volume scale ${volumeScale}\n`);
  await timed(
    'economy → canonical store',
    () => loadEconomyIntoStore(economy, store),
    (n) => `${n} records`,
  );
  const lake = await timed(
    'lake export (first)',
    () => exportLake({ store, files, lakeDir, fx, reportingCurrency: 'USD' }),
    (l) => `${l.partitions.written} partitions, ${Object.values(l.rows).reduce((a, b) => a + b, 0)} rows`,
  );
  await timed(
    'lake export (nothing changed)',
    () => exportLake({ store, files, lakeDir, fx, reportingCurrency: 'USD' }),
    (l) => `${l.partitions.written} written, ${l.partitions.unchanged} unchanged`,
  );
  const job = metricJob(lakeDir);
  const duckdb = await createDuckdbEngine({}, deps);
  const rows = await timed(
    'metric SQL on DuckDB',
    async () => (await duckdb.run(job))[CELL_STATS_QUERY] ?? [],
    (r) => `${r.length} cell statistics`,
  );
  await duckdb.close();
  if (withSpark) {
    const spark = await createSparkEngine({ workDir: dir }, deps);
    await timed(
      'metric SQL on Spark (local[2])',
      async () => (await spark.run(job))[CELL_STATS_QUERY] ?? [],
      (r) => `${r.length} cell statistics (JVM start included)`,
    );
  } else {
    process.stdout.write('metric SQL on Spark                  skipped (run scripts/pyspark, or --no-spark given)\n');
  }
  await timed(
    'formulas + disclosure control',
    async () =>
      composeSignals({
        stats: parseCellStats(rows),
        periods: periodsBetween(lake.from, lake.to),
        rules: resolveDisclosureRules(),
        reportingCurrency: 'USD',
        horizonDay: dayNumber(lake.asOf.slice(0, 10)),
        provisionalDays: 28,
      }),
    (s) => `${s.length} signal rows, ${s.filter((r) => r.status === 'published').length} published`,
  );
  await files.close();
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
