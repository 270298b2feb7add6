import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ConfigError } from '../../../errors/index.js';
import type { LakeColumn, ParquetFiles, SqlRow, SqlValue } from '../../../ports/analytics-engine.js';
import type { AdapterDeps } from '../../../ports/deps.js';
import { ident, literal, parquetSelect, toSqlRows } from './sql-text.js';

/**
 * Parquet files written and read by an embedded DuckDB. Rows arrive as text and are appended to
 * an all-VARCHAR staging table, then cast to the declared types inside DuckDB (text to DECIMAL
 * is exact), written to a temporary file and renamed into place.
 */
export async function createDuckdbParquetFiles(_deps: AdapterDeps): Promise<ParquetFiles> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // One statement sequence at a time on the shared connection.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    write(path: string, columns: readonly LakeColumn[], rows: readonly (readonly SqlValue[])[]) {
      return serial(async () => {
        const stage = `stage_${randomUUID().replace(/-/g, '')}`;
        const tmp = `${path}.tmp-${randomUUID()}`;
        mkdirSync(dirname(path), { recursive: true });
        await connection.run(
          `CREATE TEMPORARY TABLE ${stage} (${columns.map((c) => `${ident(c.name)} VARCHAR`).join(', ')})`,
        );
        try {
          const appender = await connection.createAppender(stage);
          for (const row of rows) {
            for (let i = 0; i < columns.length; i++) {
              const value = row[i];
              if (value === null || value === undefined) appender.appendNull();
              else appender.appendVarchar(value);
            }
            appender.endRow();
          }
          appender.closeSync();
          const select = columns.map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`).join(', ');
          await connection.run(
            `COPY (SELECT ${select} FROM ${stage}) TO ${literal(tmp)} (FORMAT PARQUET, COMPRESSION ZSTD)`,
          );
          renameSync(tmp, path);
        } catch (cause) {
          rmSync(tmp, { force: true });
          throw new ConfigError(
            'LP_CONFIG_PARQUET_WRITE',
            `cannot write ${path}: ${(cause as Error).message}`,
            { path },
            { cause },
          );
        } finally {
          await connection.run(`DROP TABLE IF EXISTS ${stage}`);
        }
      });
    },
    read(path: string, columns: readonly LakeColumn[]): Promise<SqlRow[]> {
      return serial(async () => {
        const reader = await connection.runAndReadAll(parquetSelect(path, columns));
        return toSqlRows(reader.getRowObjectsJson());
      });
    },
    async close() {
      await queue;
      connection.closeSync();
      instance.closeSync();
    },
  };
}
