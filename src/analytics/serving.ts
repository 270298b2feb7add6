import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../errors/index.js';
import type { LakeColumn, ParquetFiles, SqlRow, SqlValue } from '../ports/analytics-engine.js';
import type { Dimension } from './cell-stats.js';
import type { DisclosureRules, SuppressionReason } from './disclosure.js';
import type { Grain } from './periods.js';
import type { SignalMetric, SignalRow, SignalUnit } from './signal-row.js';

/**
 * The serving table: the disclosure-controlled signal rows of the last run, one Parquet file in
 * the data dir (`serving/signals.parquet`) with its run metadata beside it. The Store port has no
 * serving-table API yet; `signals show` and `signals export` read this file.
 */
export interface SignalsMeta {
  readonly engine: string;
  readonly asOf: string;
  readonly reportingCurrency: string;
  readonly fxSource: string;
  readonly rules: DisclosureRules;
  readonly provisionalDays: number;
  readonly from: string;
  readonly to: string;
  readonly rows: number;
  readonly published: number;
  readonly suppressed: number;
  readonly timingsMs: Readonly<Record<string, number>>;
}

export const SERVING_COLUMNS: readonly LakeColumn[] = [
  { name: 'metric', type: 'VARCHAR' },
  { name: 'grain', type: 'VARCHAR' },
  { name: 'period', type: 'VARCHAR' },
  { name: 'period_start', type: 'VARCHAR' },
  { name: 'period_end', type: 'VARCHAR' },
  { name: 'dimension', type: 'VARCHAR' },
  { name: 'cell', type: 'VARCHAR' },
  { name: 'cell_label', type: 'VARCHAR' },
  { name: 'unit', type: 'VARCHAR' },
  { name: 'currency', type: 'VARCHAR' },
  // Text, so each metric keeps its exact documented places.
  { name: 'value', type: 'VARCHAR' },
  { name: 'companies', type: 'INTEGER' },
  { name: 'provisional', type: 'BOOLEAN' },
  { name: 'status', type: 'VARCHAR' },
  { name: 'reason', type: 'VARCHAR' },
];

export const SIGNALS_FILE = 'signals.parquet';
export const META_FILE = 'signals.meta.json';

export function servingValues(r: SignalRow): SqlValue[] {
  return [
    r.metric,
    r.grain,
    r.period,
    r.periodStart,
    r.periodEnd,
    r.dimension,
    r.cell,
    r.cellLabel,
    r.unit,
    r.currency,
    r.value,
    String(r.companies),
    String(r.provisional),
    r.status,
    r.reason,
  ];
}

function fromServing(row: SqlRow): SignalRow {
  const s = (k: string): string => row[k] ?? '';
  return {
    metric: s('metric') as SignalMetric,
    grain: s('grain') as Grain,
    period: s('period'),
    periodStart: s('period_start'),
    periodEnd: s('period_end'),
    dimension: s('dimension') as Dimension,
    cell: s('cell'),
    cellLabel: s('cell_label'),
    unit: s('unit') as SignalUnit,
    currency: row['currency'] ?? null,
    value: row['value'] ?? null,
    companies: Number(s('companies')),
    provisional: s('provisional') === 'true',
    status: s('status') === 'published' ? 'published' : 'suppressed',
    reason: (row['reason'] ?? null) as SuppressionReason | null,
  };
}

export async function writeServing(
  files: ParquetFiles,
  dir: string,
  rows: readonly SignalRow[],
  meta: SignalsMeta,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await files.write(join(dir, SIGNALS_FILE), SERVING_COLUMNS, rows.map(servingValues));
  const tmp = join(dir, `${META_FILE}.tmp-${process.pid}`);
  writeFileSync(tmp, `${JSON.stringify(meta, null, 2)}\n`);
  renameSync(tmp, join(dir, META_FILE));
}

export async function readServing(files: ParquetFiles, dir: string): Promise<{ rows: SignalRow[]; meta: SignalsMeta }> {
  const path = join(dir, SIGNALS_FILE);
  if (!existsSync(path) || !existsSync(join(dir, META_FILE))) {
    throw new InvalidInputError('LP_INPUT_NO_SIGNALS', `no signals in ${dir}: run \`ledgerpulse signals run\` first`, {
      dir,
    });
  }
  const meta = JSON.parse(readFileSync(join(dir, META_FILE), 'utf8')) as SignalsMeta;
  const rows = (await files.read(path, SERVING_COLUMNS)).map(fromServing);
  return { rows, meta };
}

export interface SignalFilter {
  readonly metric?: string;
  readonly grain?: string;
  readonly dimension?: string;
  readonly cell?: string;
  /** Keep only the last N periods of each (metric, grain). */
  readonly last?: number;
  readonly publishedOnly?: boolean;
}

export function filterSignals(rows: readonly SignalRow[], f: SignalFilter): SignalRow[] {
  let out = rows.filter(
    (r) =>
      (!f.metric || r.metric === f.metric) &&
      (!f.grain || r.grain === f.grain) &&
      (!f.dimension || r.dimension === f.dimension) &&
      (!f.cell || r.cell === f.cell) &&
      (!f.publishedOnly || r.status === 'published'),
  );
  if (f.last !== undefined) {
    const keep = new Set<string>();
    const byStream = new Map<string, Set<string>>();
    for (const r of out) {
      const k = `${r.metric}|${r.grain}`;
      const set = byStream.get(k) ?? new Set<string>();
      set.add(r.periodStart);
      byStream.set(k, set);
    }
    for (const [k, starts] of byStream) {
      for (const s of [...starts].sort().slice(-(f.last ?? 0))) keep.add(`${k}|${s}`);
    }
    out = out.filter((r) => keep.has(`${r.metric}|${r.grain}|${r.periodStart}`));
  }
  return out;
}

const CSV_HEADER = SERVING_COLUMNS.map((c) => c.name);

function csvField(value: SqlValue): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function signalsCsv(rows: readonly SignalRow[]): string {
  return `${CSV_HEADER.join(',')}\n${rows.map((r) => `${servingValues(r).map(csvField).join(',')}\n`).join('')}`;
}

export function signalsJson(rows: readonly SignalRow[], meta: SignalsMeta): string {
  return `${JSON.stringify({ meta, rows }, null, 2)}\n`;
}
