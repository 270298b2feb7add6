import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { add, mul, round } from '../canonical/money.js';
import { isoWeek } from '../canonical/time.js';
import { createEconomy, createFaultInjector, documentAt } from './economy/index.js';
import { LIVE_COLUMNS, WEEKLY_COLUMNS, weeklyTruth, writeGroundTruth, writeRecordFaults } from './ground-truth.js';

const SMALL = { companies: 12, volumeScale: 0.05 } as const;
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lp-ground-truth-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function hashes(files: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of files)
    out[basename(file)] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  return out;
}

type CsvRow = Record<string, string>;

async function readCsv(path: string): Promise<CsvRow[]> {
  return parse(await readFile(path, 'utf8'), { columns: true }) as CsvRow[];
}

/** A cell by column name (a function, so column names stay strings as in the CSV header). */
function cell(row: CsvRow | undefined, column: string): string | undefined {
  return row?.[column];
}

// Generous timeout: each run generates every book of the economy, and the CI machine is shared.
describe('writeGroundTruth', { timeout: 30_000 }, () => {
  it('writes the record faults of a profile beside the truth: the same bytes for a seed, drift only from driftFrom', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    const economy = createEconomy(SMALL);
    const fileA = await writeRecordFaults(economy, createFaultInjector(economy.config.seed, 'default'), a);
    const fileB = await writeRecordFaults(createEconomy(SMALL), createFaultInjector(economy.config.seed, 'default'), b);
    expect(basename(fileA)).toBe('record-faults.csv');
    const text = await readFile(fileA, 'utf8');
    expect(await readFile(fileB, 'utf8')).toBe(text);
    const rows = parse(text, { columns: true }) as {
      company_id: string;
      doc_id: string;
      date: string;
      fault: string;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    const injector = createFaultInjector(economy.config.seed, 'default');
    for (const r of rows.slice(0, 50)) expect(injector.record(r.company_id, r.doc_id, r.date)).toBe(r.fault);
    const drift = rows.filter((r) => r.fault === 'schema_drift');
    expect(drift.every((r) => r.date >= injector.driftFrom)).toBe(true);
  });

  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    const first = await writeGroundTruth(createEconomy(SMALL), a);
    const second = await writeGroundTruth(createEconomy(SMALL), b);
    expect(first.files.map((f) => basename(f))).toEqual([
      'companies.csv',
      'fx.csv',
      'live-netsuite.csv',
      'live-quickbooks.csv',
      'live-shopify.csv',
      'live-xero.csv',
      'manifest.csv',
      'weekly.csv',
    ]);
    expect(first.files.every((f) => f.startsWith(a))).toBe(true);
    const hashesA = await hashes(first.files);
    expect(await hashes(second.files)).toEqual(hashesA);
    const other = await hashes((await writeGroundTruth(createEconomy({ ...SMALL, seed: 7 }), c)).files);
    for (const name of ['companies.csv', 'fx.csv', 'weekly.csv', 'live-xero.csv']) {
      expect(other[name]).not.toBe(hashesA[name]);
    }
  });

  it('writes the documented columns, one weekly row per company and ISO week', async () => {
    const economy = createEconomy(SMALL);
    const dir = await tempDir();
    await writeGroundTruth(economy, dir);
    const weekly = await readCsv(join(dir, 'weekly.csv'));
    expect(Object.keys(weekly[0] ?? {})).toEqual(WEEKLY_COLUMNS.map(([name]) => name));
    expect(weekly).toHaveLength(12 * 104);
    expect(weekly[0]).toMatchObject({ company_id: 'c0001', week: '2024-W49', week_start: '2024-12-02' });
    expect(weekly.at(-1)).toMatchObject({ company_id: 'c0012', week: '2026-W48', week_end: '2026-11-29' });
    const companies = await readCsv(join(dir, 'companies.csv'));
    expect(companies.map((c) => cell(c, 'company_id'))).toEqual(economy.companies.map((c) => c.id));
    const fx = await readCsv(join(dir, 'fx.csv'));
    expect(fx).toHaveLength(728 * 5);
    expect(fx[1]).toEqual({
      date: '2024-12-02',
      currency: 'EUR',
      reporting_currency: 'USD',
      rate: economy.fxRate('2024-12-02', 'EUR'),
    });
    const live = await readCsv(join(dir, 'live-xero.csv'));
    expect(Object.keys(live[0] ?? {})).toEqual(LIVE_COLUMNS);
    const manifest = Object.fromEntries(
      (await readCsv(join(dir, 'manifest.csv'))).map((r) => [cell(r, 'key'), cell(r, 'value')]),
    );
    expect(manifest).toMatchObject({ seed: '42', companies: '12', shock_sector: '72', at: economy.endAt });
  });

  it('lists exactly the records alive at `at`, with their versions', async () => {
    const economy = createEconomy(SMALL);
    const at = '2025-09-01T00:00:00.000Z';
    const dir = await tempDir();
    await writeGroundTruth(economy, dir, at);
    const live = await readCsv(join(dir, 'live-quickbooks.csv'));
    const spec = economy.companiesOn('quickbooks')[0];
    if (!spec) throw new Error('no quickbooks company');
    const book = economy.company(spec.id);
    const expected = new Map<string, string>();
    for (const doc of book.documents) {
      const state = documentAt(doc, at);
      if (state && state.status !== 'deleted') expected.set(`${doc.kind}:${doc.id}`, String(state.version));
    }
    const actual = new Map(
      live
        .filter(
          (r) =>
            cell(r, 'company_id') === spec.id && !['customer', 'vendor', 'product'].includes(cell(r, 'object') ?? ''),
        )
        .map((r) => [`${cell(r, 'object')}:${cell(r, 'record_id')}`, cell(r, 'version')]),
    );
    expect(actual).toEqual(expected);
    expect(book.documents.some((d) => d.createdAt > at)).toBe(true);
    expect(live.filter((r) => cell(r, 'company_id') === spec.id && cell(r, 'object') === 'customer')).toHaveLength(
      book.customers.length,
    );
  });
});

describe('weeklyTruth', { timeout: 30_000 }, () => {
  const economy = createEconomy({ companies: 4, volumeScale: 0.3 });

  it('counts invoices that are neither void nor deleted, by local week, in both currencies', () => {
    const spec = economy.companiesOn('quickbooks')[0];
    if (!spec) throw new Error('no quickbooks company');
    const rows = weeklyTruth(economy, spec.id);
    expect(rows).toHaveLength(104);
    const byWeek = new Map(rows.map((r) => [r.week, r]));
    const counts = new Map<string, { n: number; total: string[]; rc: string[] }>();
    for (const doc of economy.company(spec.id).documents) {
      const state = documentAt(doc, economy.endAt);
      if (doc.kind !== 'invoice' || !state || state.status === 'void' || state.status === 'deleted') continue;
      const week = isoWeek(doc.date);
      const entry = counts.get(week) ?? { n: 0, total: [], rc: [] };
      entry.n++;
      entry.total.push(state.total);
      entry.rc.push(round(mul(state.total, economy.fxRate(doc.date, doc.currency)), 2));
      counts.set(week, entry);
    }
    expect(counts.size).toBeGreaterThan(50);
    for (const [week, entry] of counts) {
      expect(byWeek.get(week)).toMatchObject({
        invoiceCount: entry.n,
        invoiceTotal: round(add(...entry.total), 2),
        invoiceTotalReporting: round(add(...entry.rc), 2),
      });
    }
    const empty = rows.find((r) => r.invoiceCount === 0);
    if (empty) expect(empty.invoiceAverage).toBe('');
  });

  it('stops at the week of `at` and sees documents as they stood then', () => {
    const spec = economy.companiesOn('shopify')[0];
    if (!spec) throw new Error('no shopify company');
    const early = weeklyTruth(economy, spec.id, '2025-01-15T12:00:00Z');
    expect(early.map((r) => r.week)).toEqual([
      '2024-W49',
      '2024-W50',
      '2024-W51',
      '2024-W52',
      '2025-W01',
      '2025-W02',
      '2025-W03',
    ]);
    const full = weeklyTruth(economy, spec.id);
    expect(full[0]?.orderCount).toBeGreaterThan(0);
    expect(Number(full.reduce((a, r) => a + r.refundCount, 0))).toBeGreaterThan(0);
    expect(Number(early[6]?.inventoryUnits)).toBeGreaterThan(0);
  });
});
