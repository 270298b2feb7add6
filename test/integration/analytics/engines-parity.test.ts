import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckdbEngine } from '../../../src/adapters/analytics/duckdb/engine.js';
import { createDuckdbParquetFiles } from '../../../src/adapters/analytics/duckdb/parquet-files.js';
import { createSparkEngine, defaultSparkPython } from '../../../src/adapters/analytics/spark/engine.js';
import { createSqliteStore } from '../../../src/adapters/store/sqlite/store.js';
import type { CellStat } from '../../../src/analytics/cell-stats.js';
import { resolveDisclosureRules } from '../../../src/analytics/disclosure.js';
import { fxRatesFromRows } from '../../../src/analytics/fx.js';
import { exportLake, type LakeExport } from '../../../src/analytics/lake.js';
import { dayNumber, periodsBetween } from '../../../src/analytics/periods.js';
import { computeCellStats } from '../../../src/analytics/run-signals.js';
import type { SignalRow } from '../../../src/analytics/signal-row.js';
import { composeSignals } from '../../../src/analytics/signals.js';
import { envValue } from '../../../src/config/load.js';
import { createEconomy } from '../../../src/emulation/economy/index.js';
import type { ParquetFiles } from '../../../src/ports/analytics-engine.js';
import type { Store } from '../../../src/ports/store.js';
import { economyFxRows, loadEconomyIntoStore } from '../../support/economy-canonical.js';
import { silentDeps } from './deps.js';

// `make test` runs scripts/pyspark first; LP_SKIP_SPARK=1 is the only way to skip this suite.
const SKIP = envValue('LP_SKIP_SPARK') === '1';
const PYTHON = envValue('LP_PYSPARK_PYTHON') ?? defaultSparkPython();
const ECONOMY = { seed: 7, companies: 120, volumeScale: 0.05 } as const;

function statKey(s: CellStat): string {
  return `${s.measure}|${s.grain}|${s.periodId}|${s.dim}|${s.cell}`;
}

describe.skipIf(SKIP)('DuckDB and Spark SQL run the same metric SQL to the same results', () => {
  const economy = createEconomy(ECONOMY);
  const dir = mkdtempSync(join(tmpdir(), 'lp-parity-'));
  const lakeDir = join(dir, 'lake');
  let store: Store;
  let files: ParquetFiles;
  let lake: LakeExport;
  let duck: CellStat[];
  let spark: CellStat[];

  beforeAll(async () => {
    if (!existsSync(PYTHON)) {
      throw new Error(
        `PySpark is not installed at ${PYTHON}. Run scripts/pyspark (make test does), point LP_PYSPARK_PYTHON at a python with pyspark, or set LP_SKIP_SPARK=1 to skip the Spark suite.`,
      );
    }
    store = await createSqliteStore(new URL(`sqlite://${join(dir, 'store.db')}`), silentDeps);
    files = await createDuckdbParquetFiles(silentDeps);
    const fx = fxRatesFromRows(economyFxRows(economy), 'synthetic economy');
    // Two exports five weeks apart, so the lake holds inventory and receivable observations at
    // two instants and the incremental path (unchanged partitions, merged observations) runs.
    const earlier = new Date(Date.parse(economy.endAt) - 35 * 86_400_000).toISOString();
    await loadEconomyIntoStore(economy, store, { at: earlier });
    await exportLake({ store, files, lakeDir, fx, reportingCurrency: 'EUR' });
    await loadEconomyIntoStore(economy, store);
    lake = await exportLake({ store, files, lakeDir, fx, reportingCurrency: 'EUR' });
    const duckdb = await createDuckdbEngine({}, silentDeps);
    duck = await computeCellStats(duckdb, lakeDir);
    await duckdb.close();
    const started = Date.now();
    const sparkEngine = await createSparkEngine({ python: PYTHON, workDir: dir }, silentDeps);
    spark = await computeCellStats(sparkEngine, lakeDir);
    await sparkEngine.close();
    console.info(`spark (local[2]) computed ${spark.length} cell statistics in ${Date.now() - started} ms`);
  }, 600_000);

  afterAll(async () => {
    await files?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives identical cell statistics for every measure, period and cell', () => {
    expect(lake.partitions.unchanged).toBeGreaterThan(0);
    expect(duck.length).toBeGreaterThan(1000);
    const measures = new Set(duck.map((s) => s.measure));
    for (const m of ['invoice', 'credit_note', 'order', 'refund', 'purchase_order', 'inventory_units', 'stock_units']) {
      expect(measures, m).toContain(m);
    }
    for (const m of ['yoy_cur', 'link_cur', 'dso_receivables', 'dso_sales']) expect(measures, m).toContain(m);
    const sparkByKey = new Map(spark.map((s) => [statKey(s), s]));
    expect(spark.length).toBe(duck.length);
    for (const d of duck) expect(sparkByKey.get(statKey(d)), statKey(d)).toEqual(d);
  });

  it('gives identical signals, to the cent under the documented rounding rules', () => {
    const compose = (stats: readonly CellStat[]): SignalRow[] =>
      composeSignals({
        stats,
        periods: periodsBetween(lake.from, lake.to),
        rules: resolveDisclosureRules(),
        reportingCurrency: 'EUR',
        horizonDay: dayNumber(lake.asOf.slice(0, 10)),
        provisionalDays: 28,
      });
    const a = compose(duck);
    const b = compose(spark);
    expect(b).toEqual(a);
    const metrics = new Set(a.filter((r) => r.value !== null).map((r) => r.metric));
    for (const m of ['avg_invoice_value', 'avg_order_value', 'invoice_value_index', 'inventory_units', 'dso_days']) {
      expect(metrics, m).toContain(m);
    }
  });
});
