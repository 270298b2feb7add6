import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CsvFile } from './csv-file.js';
import { addDays } from './economy/calendar.js';
import type { CompanyBook, Economy } from './economy/index.js';
import { CURRENCIES, documentAt, SCRIPTED_SHOCK } from './economy/index.js';
import { normalizeInstant } from './economy/state.js';
import type { FaultInjector } from './faults.js';
import { WEEKLY_COLUMNS, type WeeklyTruthRow, weeklyTruthOfBook } from './weekly-truth.js';

export type { WeeklyTruthRow } from './weekly-truth.js';
export { WEEKLY_COLUMNS } from './weekly-truth.js';

/** Version of the ground-truth rules and file layout (docs/ground-truth.md); bump when either changes. */
export const GROUND_TRUTH_VERSION = '1';

/** True weekly values of one company as of `at` (default: the end of the period). */
export function weeklyTruth(economy: Economy, companyId: string, at?: string): WeeklyTruthRow[] {
  return weeklyTruthOfBook(economy, economy.company(companyId), normalizeInstant(at ?? economy.endAt));
}

export const LIVE_COLUMNS = [
  'platform',
  'account',
  'company_id',
  'object',
  'record_id',
  'version',
  'updated_at',
  'status',
];
const DOCUMENT_OBJECTS = ['invoice', 'credit_note', 'bill', 'purchase_order', 'sales_order'] as const;

/**
 * The records that exist at `at` (created by then and not deleted), one row each, ordered by
 * object (customer, vendor, product, then document kinds) and ascending numeric id.
 */
export function liveRecords(book: CompanyBook, at: string): string[][] {
  const { spec } = book;
  const row = (object: string, id: string, version: number, updatedAt: string, status: string): string[] => [
    spec.platform,
    spec.account,
    spec.id,
    object,
    id,
    String(version),
    updatedAt,
    status,
  ];
  const rows: string[][] = [];
  for (const [object, list] of [
    ['customer', book.customers],
    ['vendor', book.vendors],
    ['product', book.products],
  ] as const) {
    for (const item of list) if (item.createdAt <= at) rows.push(row(object, item.id, 1, item.updatedAt, 'active'));
  }
  for (const kind of DOCUMENT_OBJECTS) {
    const docs = book.documents.filter((d) => d.kind === kind).sort((a, b) => Number(a.id) - Number(b.id));
    for (const doc of docs) {
      const state = documentAt(doc, at);
      if (state && state.status !== 'deleted')
        rows.push(row(kind, doc.id, state.version, state.updatedAt, state.status));
    }
  }
  return rows;
}

function weeklyCells(row: WeeklyTruthRow): (string | number)[] {
  return WEEKLY_COLUMNS.map(([, key]) => row[key]);
}

async function writeSmallFiles(economy: Economy, dir: string, at: string): Promise<string[]> {
  const { config } = economy;
  const manifest = new CsvFile(join(dir, 'manifest.csv'), ['key', 'value']);
  await manifest.write([
    ['ground_truth_version', GROUND_TRUTH_VERSION],
    ['seed', config.seed],
    ['companies', config.companies],
    ['start_date', config.startDate],
    ['days', config.days],
    ['platforms', config.platforms.join(' ')],
    ['volume_scale', String(config.volumeScale)],
    ['reporting_currency', config.reportingCurrency],
    ['at', at],
    ['end_at', economy.endAt],
    ['shock_sector', SCRIPTED_SHOCK.sector],
    ['shock_from', SCRIPTED_SHOCK.from],
    ['shock_to', SCRIPTED_SHOCK.to],
    ['shock_factor', String(SCRIPTED_SHOCK.factor)],
  ]);
  await manifest.close();

  const companyHeader = ['company_id', 'index', 'platform', 'account', 'legal_name', 'naics', 'sector_name'];
  const companies = new CsvFile(join(dir, 'companies.csv'), [
    ...companyHeader,
    'country',
    'currency',
    'time_zone',
    'size_band',
  ]);
  await companies.write(
    economy.companies.map((c) => [
      c.id,
      c.index,
      c.platform,
      c.account,
      c.legalName,
      c.naics,
      c.sectorName,
      c.country,
      c.currency,
      c.timeZone,
      c.sizeBand,
    ]),
  );
  await companies.close();

  const fx = new CsvFile(join(dir, 'fx.csv'), ['date', 'currency', 'reporting_currency', 'rate']);
  for (let day = 0; day < config.days; day++) {
    const date = addDays(config.startDate, day);
    await fx.write(CURRENCIES.map((c) => [date, c, config.reportingCurrency, economy.fxRate(date, c)]));
  }
  await fx.close();
  return [manifest.path, companies.path, fx.path];
}

/**
 * Writes the ground truth of an economy as of `at` (default: the end of the period) into `dir`:
 * manifest.csv, companies.csv, fx.csv, weekly.csv and live-<platform>.csv per platform. The files
 * are byte-identical for the same economy config and `at`. Each company's book is generated once,
 * in index order, and released, so memory stays flat however many companies there are.
 */
export async function writeGroundTruth(economy: Economy, dir: string, at?: string): Promise<{ files: string[] }> {
  const instant = normalizeInstant(at ?? economy.endAt);
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const files = await writeSmallFiles(economy, root, instant);
  const weekly = new CsvFile(
    join(root, 'weekly.csv'),
    WEEKLY_COLUMNS.map(([name]) => name),
  );
  const live = new Map(
    [...economy.config.platforms].sort().map((p) => [p, new CsvFile(join(root, `live-${p}.csv`), LIVE_COLUMNS)]),
  );
  for (const spec of economy.companies) {
    const book = economy.company(spec.id);
    await weekly.write(weeklyTruthOfBook(economy, book, instant).map(weeklyCells));
    await live.get(spec.platform)?.write(liveRecords(book, instant));
  }
  for (const file of [weekly, ...live.values()]) {
    await file.close();
    files.push(file.path);
  }
  return { files: files.sort() };
}

export const RECORD_FAULT_COLUMNS = ['platform', 'company_id', 'doc_id', 'kind', 'date', 'fault'] as const;

/**
 * `record-faults.csv`: every document the emulators corrupt under a fault profile (malformed
 * records, schema drift from driftFrom on), one row each. Record faults are drawn from (seed,
 * company, document), so the file is the same for a seed and profile; transport and response
 * faults (429s, 5xx, truncated pages) depend on the requests made and are logged by the emulator.
 */
export async function writeRecordFaults(economy: Economy, faults: FaultInjector, dir: string): Promise<string> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const file = new CsvFile(join(root, 'record-faults.csv'), RECORD_FAULT_COLUMNS);
  for (const spec of economy.companies) {
    const rows: string[][] = [];
    for (const doc of economy.company(spec.id).documents) {
      const fault = faults.record(spec.id, doc.id, doc.date);
      if (fault) rows.push([spec.platform, spec.id, doc.id, doc.kind, doc.date, fault]);
    }
    await file.write(rows);
  }
  await file.close();
  return file.path;
}
