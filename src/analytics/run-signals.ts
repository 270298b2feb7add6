import { dateInZone } from '../canonical/time.js';
import type { Logger } from '../log/types.js';
import type { AnalyticsEngine, ParquetFiles } from '../ports/analytics-engine.js';
import type { Store } from '../ports/store.js';
import { type CellStat, parseCellStats } from './cell-stats.js';
import { type DisclosureRules, resolveDisclosureRules } from './disclosure.js';
import type { FxRates } from './fx.js';
import { exportLake, type LakeExport } from './lake.js';
import { CELL_STATS_QUERY, metricJob } from './metric-sql.js';
import { dayNumber, periodsBetween } from './periods.js';
import { type SignalsMeta, writeServing } from './serving.js';
import type { SignalRow } from './signal-row.js';
import { composeSignals } from './signals.js';

/** A period is provisional until this many days after its last day (late entries, voids, deletions). */
export const DEFAULT_PROVISIONAL_DAYS = 28;

export interface RunSignalsOptions {
  readonly store: Store;
  readonly lakeDir: string;
  readonly engine: AnalyticsEngine;
  /** Writes the lake and the serving table (DuckDB-backed in both profiles). */
  readonly files: ParquetFiles;
  readonly reportingCurrency: string;
  readonly fx: FxRates;
  readonly disclosure?: Partial<DisclosureRules>;
  readonly provisionalDays?: number;
  /** The instant the books are observed at (default: the newest source update in the store). */
  readonly asOf?: string;
  /** Where the serving table goes (`signals.parquet` + `signals.meta.json`); not written when absent. */
  readonly servingDir?: string;
  readonly logger?: Logger;
}

export interface SignalsResult {
  readonly rows: SignalRow[];
  readonly meta: SignalsMeta;
  readonly lake: LakeExport;
}

/** Runs the shared metric SQL on an engine over an exported lake: the exact cell statistics. */
export async function computeCellStats(engine: AnalyticsEngine, lakeDir: string): Promise<CellStat[]> {
  const results = await engine.run(metricJob(lakeDir));
  return parseCellStats(results[CELL_STATS_QUERY] ?? []);
}

/**
 * `signals run`: export the canonical store to the lake (incrementally), run the metric SQL on the
 * chosen engine, apply the signal formulas, panel methods and disclosure control, and write the
 * serving table. Analysts only ever see the returned rows: suppressed cells carry no value.
 */
export async function runSignals(opts: RunSignalsOptions): Promise<SignalsResult> {
  const rules = resolveDisclosureRules(opts.disclosure);
  const provisionalDays = opts.provisionalDays ?? DEFAULT_PROVISIONAL_DAYS;
  const t0 = Date.now();
  const lake = await exportLake({
    store: opts.store,
    files: opts.files,
    lakeDir: opts.lakeDir,
    fx: opts.fx,
    reportingCurrency: opts.reportingCurrency,
    ...(opts.asOf ? { asOf: opts.asOf } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const t1 = Date.now();
  const stats = await computeCellStats(opts.engine, opts.lakeDir);
  const t2 = Date.now();
  const rows = composeSignals({
    stats,
    periods: periodsBetween(lake.from, lake.to),
    rules,
    reportingCurrency: opts.reportingCurrency,
    horizonDay: dayNumber(dateInZone(lake.asOf, 'UTC')),
    provisionalDays,
  });
  const t3 = Date.now();
  const published = rows.filter((r) => r.status === 'published').length;
  const meta: SignalsMeta = {
    engine: opts.engine.name,
    asOf: lake.asOf,
    reportingCurrency: opts.reportingCurrency,
    fxSource: opts.fx.source,
    rules,
    provisionalDays,
    from: lake.from,
    to: lake.to,
    rows: rows.length,
    published,
    suppressed: rows.length - published,
    timingsMs: { lake: t1 - t0, engine: t2 - t1, compose: t3 - t2 },
  };
  if (opts.servingDir) await writeServing(opts.files, opts.servingDir, rows, meta);
  opts.logger?.info({ ...meta.timingsMs, rows: rows.length, published, engine: meta.engine }, 'signals computed');
  return { rows, meta, lake };
}
