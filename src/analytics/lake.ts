import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { add } from '../canonical/money.js';
import type { CanonicalKind } from '../canonical/records.js';
import { dateInZone } from '../canonical/time.js';
import type { Logger } from '../log/types.js';
import type { ParquetFiles, SqlValue } from '../ports/analytics-engine.js';
import type { Store } from '../ports/store.js';
import { type CompanyDims, loadCompanyDims, unknownCompany } from './company-dims.js';
import type { FxRates } from './fx.js';
import {
  fingerprint,
  type LakeManifest,
  type PartitionEntry,
  readManifest,
  removeUnlisted,
  writeManifest,
} from './lake-manifest.js';
import {
  inventoryRow,
  invoiceRow,
  type LakeRowResult,
  orderedValues,
  purchaseOrderRow,
  type RowContext,
  receivableRow,
  salesOrderRow,
} from './lake-rows.js';
import { APPEND_ONLY, LAKE_COLUMNS, type LakeObject, PARTITIONED } from './lake-schema.js';
import { periodsBetween } from './periods.js';

export interface ExportLakeOptions {
  readonly store: Store;
  readonly files: ParquetFiles;
  readonly lakeDir: string;
  readonly fx: FxRates;
  readonly reportingCurrency: string;
  /**
   * The instant the export observes the books at (receivable snapshots are stamped with it).
   * Default: the newest source update in the store, i.e. the data's own clock, not the wall clock.
   */
  readonly asOf?: string;
  readonly logger?: Logger;
}

export interface LakeExport {
  readonly lakeDir: string;
  readonly reportingCurrency: string;
  readonly asOf: string;
  /** First and last calendar dates the lake's periods cover. */
  readonly from: string;
  readonly to: string;
  readonly partitions: { readonly written: number; readonly unchanged: number; readonly removed: number };
  readonly rows: Readonly<Record<string, number>>;
  readonly skipped: { readonly missingFx: number; readonly outOfRange: number; readonly examples: readonly string[] };
}

interface PendingRow {
  readonly key: string;
  readonly values: SqlValue[];
}

const SCANNED: readonly (readonly [CanonicalKind, LakeObject])[] = [
  ['invoice', 'invoice'],
  ['sales_order', 'sales_order'],
  ['purchase_order', 'purchase_order'],
  ['inventory_level', 'inventory'],
];

/** Open receivables: issued invoices (not credit notes) still open or partly paid. */
const OPEN_STATUSES = new Set(['open', 'partially_paid']);

/**
 * Exports the canonical store to the Parquet lake, incrementally: rows are grouped into
 * (object, month) partitions and a partition's file is rewritten only when its content
 * fingerprint changed. Document partitions hold the current state of every record (deleted ones
 * included: the metric SQL applies the rules); inventory and receivable partitions accumulate
 * observations across exports, since sources only ever show the current level.
 */
export async function exportLake(opts: ExportLakeOptions): Promise<LakeExport> {
  const { store, files, lakeDir, fx, reportingCurrency } = opts;
  const manifest = readManifest(lakeDir, reportingCurrency);
  const objects = Object.keys(LAKE_COLUMNS);
  let removed = removeUnlisted(lakeDir, manifest, objects);
  const companies = await loadCompanyDims(store);
  const dimsOf = (companyId: string): CompanyDims => {
    let d = companies.get(companyId);
    if (!d) {
      d = unknownCompany(companyId);
      companies.set(companyId, d);
    }
    return d;
  };

  const partitions = new Map<string, PendingRow[]>();
  const skipped = { missingFx: 0, outOfRange: 0, examples: [] as string[] };
  const receivables = new Map<string, { open: number; ar: string[] }>();
  let horizon = '';
  let minDate = '';
  let maxDate = '';
  const ctxFor = (companyId: string): RowContext => ({ fx, reportingCurrency, timeZone: dimsOf(companyId).timeZone });
  const take = (result: LakeRowResult): void => {
    if ('skipped' in result) {
      if (result.skipped === 'missing_fx') skipped.missingFx++;
      else skipped.outOfRange++;
      if (skipped.examples.length < 10) skipped.examples.push(`${result.skipped}: ${result.id}`);
      return;
    }
    const { row } = result;
    const id = `${row.object}/month=${row.month}`;
    const list = partitions.get(id) ?? [];
    list.push({ key: row.key, values: orderedValues(row.object, row.values) });
    partitions.set(id, list);
    const date = row.values['doc_date'];
    if (typeof date === 'string') {
      if (minDate === '' || date < minDate) minDate = date;
      if (date > maxDate) maxDate = date;
    }
  };

  for (const [kind] of SCANNED) {
    for await (const batch of store.canonical.scan({ kind, includeDeleted: true }, 2000)) {
      for (const r of batch) {
        if (r.source.sourceUpdatedAt > horizon) horizon = r.source.sourceUpdatedAt;
        const ctx = ctxFor(r.companyId);
        switch (r.kind) {
          case 'invoice': {
            const result = invoiceRow(r, ctx);
            take(result);
            if ('row' in result && r.documentType === 'invoice' && !r.deleted && OPEN_STATUSES.has(r.status.value)) {
              const due = result.row.values['amount_due_rc'] ?? result.row.values['total_rc'] ?? '0';
              const acc = receivables.get(r.companyId) ?? { open: 0, ar: [] };
              acc.open++;
              acc.ar.push(due);
              receivables.set(r.companyId, acc);
            } else if (!receivables.has(r.companyId)) {
              receivables.set(r.companyId, { open: 0, ar: [] });
            }
            break;
          }
          case 'sales_order':
            take(salesOrderRow(r, ctx));
            break;
          case 'purchase_order':
            take(purchaseOrderRow(r, ctx));
            break;
          case 'inventory_level':
            take(inventoryRow(r, ctx));
            break;
          default:
            break;
        }
      }
    }
  }

  const asOf = opts.asOf ?? (horizon || new Date(0).toISOString());
  for (const [companyId, acc] of receivables) {
    take({
      row: receivableRow(
        { companyId, asOf, openInvoices: acc.open, arReporting: add('0', ...acc.ar) },
        ctxFor(companyId),
      ),
    });
  }

  // Periods run from the first document date to the later of the horizon's date and the last document date.
  const horizonDate = dateInZone(asOf, 'UTC');
  const to = maxDate > horizonDate ? maxDate : horizonDate;
  const from = minDate === '' || minDate > to ? to : minDate;
  const next: Record<string, PartitionEntry> = {};
  let written = 0;
  let unchanged = 0;
  const rowsByObject: Record<string, number> = {};

  const put = async (object: LakeObject, id: string, rows: PendingRow[]): Promise<void> => {
    const fp = fingerprint(rows);
    const before = manifest.partitions[id];
    rowsByObject[object] = (rowsByObject[object] ?? 0) + rows.length;
    if (before && before.fingerprint === fp) {
      next[id] = before;
      unchanged++;
      return;
    }
    const file = join(id, `part-${fp.slice(0, 16)}.parquet`);
    await files.write(
      join(lakeDir, file),
      LAKE_COLUMNS[object],
      rows.map((r) => r.values),
    );
    next[id] = { file, fingerprint: fp, rows: rows.length };
    written++;
  };

  for (const object of PARTITIONED) {
    const prefix = `${object}/`;
    const ids = new Set([...partitions.keys()].filter((k) => k.startsWith(prefix)));
    const append = APPEND_ONLY.includes(object);
    for (const [id, entry] of Object.entries(manifest.partitions)) {
      if (!id.startsWith(prefix)) continue;
      // Observations already in the lake stay, even when the store no longer shows them.
      if (append && !ids.has(id)) next[id] = entry;
    }
    for (const id of [...ids].sort()) {
      let rows = partitions.get(id) ?? [];
      const before = manifest.partitions[id];
      if (append && before) rows = await mergeObservations(files, lakeDir, object, before, rows);
      await put(object, id, rows);
    }
  }

  const companyRows = [...companies.values()]
    .sort((a, b) => (a.companyId < b.companyId ? -1 : 1))
    .map((d) => ({
      key: d.companyId,
      values: orderedValues('company', {
        company_id: d.companyId,
        sector: d.sector,
        naics: d.naics,
        size_band: d.sizeBand,
        country: d.country,
        time_zone: d.timeZone,
        base_currency: d.baseCurrency,
      }),
    }));
  await put('company', 'company', companyRows);
  const periodRows = periodsBetween(from, to).map((p) => ({
    key: `${p.grain}|${p.id}`,
    values: orderedValues('period', {
      grain: p.grain,
      period_id: String(p.id),
      label: p.label,
      start_day: String(p.startDay),
      end_day: String(p.endDay),
    }),
  }));
  await put('period', 'period', periodRows);
  const fxRows = fx.rows().map((r) => ({
    key: `${r.currency}|${r.date}`,
    values: orderedValues('fx_rates', { date: r.date, currency: r.currency, rate_to_usd: r.rateToUsd }),
  }));
  await put('fx_rates', 'fx_rates', fxRows);

  const nextManifest: LakeManifest = {
    layout: manifest.layout,
    reportingCurrency,
    fxSource: fx.source,
    asOf,
    partitions: next,
  };
  writeManifest(lakeDir, nextManifest);
  // Old files go only after the manifest no longer names them.
  const keep = new Set(Object.values(next).map((p) => p.file));
  for (const entry of Object.values(manifest.partitions)) {
    if (!keep.has(entry.file)) {
      rmSync(join(lakeDir, entry.file), { force: true });
      removed++;
    }
  }
  opts.logger?.info(
    { lakeDir, written, unchanged, removed, skipped: skipped.missingFx + skipped.outOfRange },
    'lake exported',
  );
  return {
    lakeDir,
    reportingCurrency,
    asOf,
    from,
    to,
    partitions: { written, unchanged, removed },
    rows: rowsByObject,
    skipped,
  };
}

/** Earlier observations of an append-only partition, with this export's rows replacing same-key ones. */
async function mergeObservations(
  files: ParquetFiles,
  lakeDir: string,
  object: LakeObject,
  before: PartitionEntry,
  fresh: readonly PendingRow[],
): Promise<PendingRow[]> {
  const columns = LAKE_COLUMNS[object];
  const keyOf = (values: readonly SqlValue[]): string => {
    const get = (name: string): SqlValue => values[columns.findIndex((c) => c.name === name)] ?? null;
    return object === 'inventory' ? `${get('id')}|${get('as_of')}` : `${get('company_id')}|${get('as_of')}`;
  };
  const merged = new Map<string, PendingRow>();
  for (const row of await files.read(join(lakeDir, before.file), columns)) {
    const values = columns.map((c) => row[c.name] ?? null);
    merged.set(keyOf(values), { key: keyOf(values), values });
  }
  for (const row of fresh) merged.set(row.key, row);
  return [...merged.values()];
}
