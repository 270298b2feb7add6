import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckdbEngine } from '../../../src/adapters/analytics/duckdb/engine.js';
import { createDuckdbParquetFiles } from '../../../src/adapters/analytics/duckdb/parquet-files.js';
import { createSqliteStore } from '../../../src/adapters/store/sqlite/store.js';
import { fxRatesFromRows } from '../../../src/analytics/fx.js';
import { runSignals, type SignalsResult } from '../../../src/analytics/run-signals.js';
import { naicsSector } from '../../../src/analytics/sectors.js';
import { readServing } from '../../../src/analytics/serving.js';
import { renderWeeklyInvoiceTable, weeklyInvoiceTable } from '../../../src/analytics/weekly-invoice-table.js';
import { addDays } from '../../../src/emulation/economy/calendar.js';
import { createEconomy, SCRIPTED_SHOCK } from '../../../src/emulation/economy/index.js';
import { type WeeklyTruthRow, weeklyTruth } from '../../../src/emulation/ground-truth.js';
import type { AnalyticsEngine, ParquetFiles } from '../../../src/ports/analytics-engine.js';
import type { Store } from '../../../src/ports/store.js';
import { economyFxRows, loadEconomyIntoStore } from '../../support/economy-canonical.js';
import { silentDeps } from './deps.js';
import { compareAverageInvoiceValue, type TruthCell, truthBySectorWeek } from './truth-cells.js';

// Enough companies that most sector-week cells have ten or more invoicing companies, at a
// volume small enough to build, export and compute in well under a minute.
const ECONOMY = { seed: 42, companies: 600, volumeScale: 0.05 } as const;

describe('signals on the synthetic economy (DuckDB)', () => {
  const economy = createEconomy(ECONOMY);
  const dir = mkdtempSync(join(tmpdir(), 'lp-signals-'));
  let store: Store;
  let engine: AnalyticsEngine;
  let files: ParquetFiles;
  let result: SignalsResult;
  let truth: Map<string, TruthCell>;

  beforeAll(async () => {
    store = await createSqliteStore(new URL(`sqlite://${join(dir, 'store.db')}`), silentDeps);
    // The truth is summed while each company's book is still in the economy's cache.
    const truthRows: WeeklyTruthRow[] = [];
    await loadEconomyIntoStore(economy, store, {
      afterCompany: (spec) => truthRows.push(...weeklyTruth(economy, spec.id)),
    });
    truth = truthBySectorWeek(economy, truthRows);
    engine = await createDuckdbEngine({}, silentDeps);
    files = await createDuckdbParquetFiles(silentDeps);
    result = await runSignals({
      store,
      lakeDir: join(dir, 'lake'),
      engine,
      files,
      reportingCurrency: 'USD',
      fx: fxRatesFromRows(economyFxRows(economy), 'synthetic economy'),
      servingDir: join(dir, 'serving'),
    });
  }, 600_000);

  afterAll(async () => {
    await engine?.close();
    await files?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('matches the ground truth in every published cell of weekly average invoice value by industry', () => {
    const compared = compareAverageInvoiceValue(result.rows, truth);
    const worst = compared[0];
    // The report a reviewer reads first: how many cells, and the worst one.
    console.info(
      `avg invoice value by sector-week: ${compared.length} published cells compared; worst ${worst?.key} signal ${worst?.signal} truth ${worst?.truth} rel.err ${worst?.relativeError}`,
    );
    expect(compared.length).toBeGreaterThan(500);
    for (const c of compared) {
      if (c.touched) expect(Number(c.relativeError)).toBeLessThanOrEqual(0.005);
      else expect(c.signal, c.key).toBe(c.truth);
    }
    // Cell counts agree with the truth's companies too.
    const counts = result.rows.filter(
      (r) => r.metric === 'avg_invoice_value' && r.grain === 'week' && r.dimension === 'sector',
    );
    for (const r of counts.slice(0, 200)) {
      expect(r.companies, `${r.cell} ${r.period}`).toBe(truth.get(`${r.cell}|${r.periodStart}`)?.companies);
    }
  });

  it('publishes only cells that pass the disclosure rules and suppresses the rest without a value', () => {
    for (const r of result.rows) {
      if (r.status === 'published') {
        expect(r.value).not.toBeNull();
        expect(r.reason).toBeNull();
      } else {
        expect(r.value).toBeNull();
        expect(r.reason).not.toBeNull();
      }
    }
    const published = result.rows.filter((r) => r.metric === 'invoice_value' && r.status === 'published');
    for (const r of published) expect(r.companies).toBeGreaterThanOrEqual(10);
  });

  it('shows the scripted shock in its sector, in its weeks, and nowhere else', () => {
    const shockSector = naicsSector(SCRIPTED_SHOCK.sector);
    // Whole ISO weeks inside the shock, and eight weeks on either side of it (the week that
    // straddles its end is left out). Each week is compared with the same week a year earlier
    // (52 weeks back), which takes out seasonality; then the shock weeks with their neighbours.
    const monday = (offsetWeeks: number) => addDays('2026-06-01', 7 * offsetWeeks);
    const shockWeeks = [0, 1, 2, 3].map(monday);
    const before = [-8, -7, -6, -5, -4, -3, -2, -1].map(monday);
    const after = [5, 6, 7, 8, 9, 10, 11, 12].map(monday);
    for (const w of shockWeeks) expect(w >= SCRIPTED_SHOCK.from && addDays(w, 6) <= SCRIPTED_SHOCK.to).toBe(true);
    const published = (metric: string, sector: string) =>
      new Map(
        result.rows
          .filter((r) => r.metric === metric && r.grain === 'week' && r.dimension === 'sector' && r.cell === sector)
          .filter((r) => r.value !== null)
          .map((r) => [r.periodStart, Number(r.value)]),
      );
    /** This year's published weeks over the same weeks a year earlier (only weeks published in both years). */
    const yearOnYear = (counts: Map<string, number>, weeks: readonly string[]) => {
      const both = weeks.filter((w) => counts.has(w) && counts.has(addDays(w, -364)));
      const sum = (ws: readonly string[]) => ws.reduce((a, w) => a + (counts.get(w) ?? 0), 0);
      return { weeks: both.length, ratio: sum(both) / sum(both.map((w) => addDays(w, -364))) };
    };
    const sectors = [...new Set(result.rows.filter((r) => r.dimension === 'sector').map((r) => r.cell))].sort();
    const report: string[] = [];
    for (const sector of sectors) {
      const counts = published('invoice_count', sector);
      const s = yearOnYear(counts, shockWeeks);
      const b = yearOnYear(counts, before);
      const a = yearOnYear(counts, after);
      const relative = s.ratio / ((b.ratio + a.ratio) / 2);
      report.push(`${sector} ${relative.toFixed(2)}`);
      if (sector === shockSector) {
        expect(s.weeks, 'published shock weeks of the shocked sector').toBeGreaterThanOrEqual(3);
        expect(relative).toBeLessThan(0.75);
        // Only in its weeks: the weeks before and after are not depressed.
        expect(b.ratio).toBeGreaterThan(0.85);
        expect(a.ratio).toBeGreaterThan(0.85);
      } else if (s.weeks >= 2 && b.weeks >= 4 && a.weeks >= 4) {
        expect(relative, `sector ${sector}`).toBeGreaterThan(0.85);
      }
    }
    // The same-company year-on-year growth of invoice value shows it in the shocked sector.
    const yoy = published('invoice_value_yoy', shockSector);
    const mean = (weeks: readonly string[]) => {
      const values = weeks.filter((w) => yoy.has(w)).map((w) => yoy.get(w) ?? 0);
      return values.reduce((x, y) => x + y, 0) / values.length;
    };
    expect(mean(shockWeeks)).toBeLessThan(mean([...before, ...after]) - 0.2);
    console.info(`invoice count, shock weeks relative to their neighbours (year on year): ${report.join(', ')}`);
  });

  it('serves the rows from the serving table and renders the demo table', async () => {
    const served = await readServing(files, join(dir, 'serving'));
    expect(served.rows.length).toBe(result.rows.length);
    expect(served.meta.engine).toBe('duckdb');
    expect(served.rows.find((r) => r.metric === 'avg_invoice_value' && r.status === 'published')).toBeDefined();
    const table = weeklyInvoiceTable(served.rows, { weeks: 8 });
    expect(table.weeks).toHaveLength(8);
    expect(table.rows.at(-1)?.label).toBe('All companies');
    const text = renderWeeklyInvoiceTable(table);
    console.info(text);
    expect(text).toContain('72 Accommodation and Food');
  });
});
