import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LakeColumn, SqlRow, SqlValue } from '../../../ports/analytics-engine.js';

/** A SQL string literal. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A quoted identifier (lake column names are plain, but a reserved word must still work). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function hasParquet(path: string): boolean {
  if (!existsSync(path)) return false;
  if (!statSync(path).isDirectory()) return path.endsWith('.parquet');
  return readdirSync(path).some((name) => hasParquet(join(path, name)));
}

/**
 * A SELECT over one Parquet file or every `*.parquet` below a folder, with each column cast to
 * its declared type (the same types Spark is given), or an empty relation when there is no file.
 */
export function parquetSelect(path: string, columns: readonly LakeColumn[]): string {
  const list = columns.map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`).join(', ');
  if (!hasParquet(path)) {
    return `SELECT ${columns.map((c) => `CAST(NULL AS ${c.type}) AS ${ident(c.name)}`).join(', ')} WHERE 1 = 0`;
  }
  const glob = path.endsWith('.parquet') ? path : join(path, '**', '*.parquet');
  return `SELECT ${list} FROM read_parquet(${literal(glob)}, hive_partitioning = false, union_by_name = true)`;
}

/** DuckDB's JSON form of a value as port text: decimals and big integers already arrive as exact strings. */
export function toSqlValue(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

export function toSqlRows(rows: readonly Record<string, unknown>[]): SqlRow[] {
  return rows.map((row) => {
    const out: Record<string, SqlValue> = {};
    for (const [k, v] of Object.entries(row)) out[k] = toSqlValue(v);
    return out;
  });
}
