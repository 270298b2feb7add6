import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckdbParquetFiles } from '../../../src/adapters/analytics/duckdb/parquet-files.js';
import { createSqliteStore } from '../../../src/adapters/store/sqlite/store.js';
import { fxRatesFromRows } from '../../../src/analytics/fx.js';
import { exportLake } from '../../../src/analytics/lake.js';
import type { LakeManifest } from '../../../src/analytics/lake-manifest.js';
import { LAKE_COLUMNS } from '../../../src/analytics/lake-schema.js';
import { add, round } from '../../../src/canonical/money.js';
import { createEconomy } from '../../../src/emulation/economy/index.js';
import type { ParquetFiles } from '../../../src/ports/analytics-engine.js';
import type { Store } from '../../../src/ports/store.js';
import { economyFxRows, loadEconomyIntoStore } from '../../support/economy-canonical.js';
import { silentDeps } from './deps.js';

function parquetFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? parquetFiles(path) : name.endsWith('.parquet') ? [path] : [];
  });
}

describe('Parquet lake export', () => {
  const economy = createEconomy({ seed: 3, companies: 24, volumeScale: 0.05 });
  const dir = mkdtempSync(join(tmpdir(), 'lp-lake-'));
  const lakeDir = join(dir, 'lake');
  const fx = fxRatesFromRows(economyFxRows(economy), 'synthetic economy');
  const earlier = new Date(Date.parse(economy.endAt) - 21 * 86_400_000).toISOString();
  let store: Store;
  let files: ParquetFiles;

  beforeAll(async () => {
    store = await createSqliteStore(new URL(`sqlite://${join(dir, 'store.db')}`), silentDeps);
    files = await createDuckdbParquetFiles(silentDeps);
    await loadEconomyIntoStore(economy, store, { at: earlier });
  });

  afterAll(async () => {
    await files?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const manifest = (): LakeManifest => JSON.parse(readFileSync(join(lakeDir, '_lake.json'), 'utf8')) as LakeManifest;

  it('writes one file per object and month, each amount with its reporting value and rate', async () => {
    const first = await exportLake({ store, files, lakeDir, fx, reportingCurrency: 'USD' });
    expect(first.partitions.written).toBeGreaterThan(30);
    expect(first.skipped.missingFx).toBe(0);
    const listed = Object.values(manifest().partitions).map((p) => p.file);
    expect(
      parquetFiles(lakeDir)
        .map((f) => relative(lakeDir, f))
        .sort(),
    ).toEqual([...listed].sort());
    expect(listed.some((f) => /^invoice\/month=2025-06\/part-[0-9a-f]{16}\.parquet$/.test(f))).toBe(true);

    // What the lake holds equals the store, converted at the rate of each document date.
    const rows = await files.read(join(lakeDir, 'invoice'), LAKE_COLUMNS.invoice);
    let expected = '0';
    let count = 0;
    for await (const batch of store.canonical.scan({ kind: 'invoice', includeDeleted: true })) {
      for (const r of batch) {
        if (r.kind !== 'invoice') continue;
        count++;
        const rate = r.currency === 'USD' ? '1' : economy.fxRate(r.issueDate, r.currency, 'USD');
        const row = rows.find((x) => x['id'] === r.id);
        expect(row?.['fx_rate'], r.id).toBe(round(rate, 6));
        expected = add(expected, row?.['total_rc'] ?? 'NaN');
      }
    }
    expect(rows).toHaveLength(count);
    expect(add('0', ...rows.map((r) => r['total_rc'] ?? '0'))).toBe(expected);
  });

  it('rewrites nothing when nothing changed', async () => {
    const again = await exportLake({ store, files, lakeDir, fx, reportingCurrency: 'USD' });
    expect(again.partitions.written).toBe(0);
    expect(again.partitions.unchanged).toBe(Object.keys(manifest().partitions).length);
  });

  it('rewrites only the partitions that changed, keeps observations, and drops files a crash left behind', async () => {
    const before = manifest();
    const invBefore = (await files.read(join(lakeDir, 'inventory'), LAKE_COLUMNS.inventory)).length;
    const stray = join(lakeDir, 'invoice', 'month=2025-01', 'part-deadbeefdeadbeef.parquet');
    writeFileSync(stray, 'left by a crash');
    await loadEconomyIntoStore(economy, store);
    const later = await exportLake({ store, files, lakeDir, fx, reportingCurrency: 'USD' });
    expect(existsSync(stray)).toBe(false);
    expect(later.partitions.written).toBeGreaterThan(0);
    expect(later.partitions.unchanged).toBeGreaterThan(later.partitions.written);
    const after = manifest();
    // Old months of documents no one touched keep their file.
    expect(after.partitions['invoice/month=2025-01']?.file).toBe(before.partitions['invoice/month=2025-01']?.file);
    expect(after.partitions['invoice/month=2026-11']?.file).not.toBe(before.partitions['invoice/month=2026-11']?.file);
    // Inventory and receivables are observations: the earlier ones stay beside the new.
    const inventory = await files.read(join(lakeDir, 'inventory'), LAKE_COLUMNS.inventory);
    expect(inventory.length).toBeGreaterThan(invBefore);
    const receivables = await files.read(join(lakeDir, 'receivable'), LAKE_COLUMNS.receivable);
    expect(new Set(receivables.map((r) => r['as_of'])).size).toBe(2);
    expect(
      parquetFiles(lakeDir)
        .map((f) => relative(lakeDir, f))
        .sort(),
    ).toEqual(
      Object.values(after.partitions)
        .map((p) => p.file)
        .sort(),
    );
  });

  it('refuses to mix reporting currencies in one lake', async () => {
    await expect(exportLake({ store, files, lakeDir, fx, reportingCurrency: 'EUR' })).rejects.toThrow(
      /holds amounts in USD, not EUR/,
    );
  });
});
