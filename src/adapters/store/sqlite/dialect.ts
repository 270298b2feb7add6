import type Database from 'better-sqlite3';
import type { StoreDialect } from '../shared/dialect.js';
import { onConflictOps } from '../shared/on-conflict.js';

const CANONICAL_COLUMNS = [
  'id',
  'kind',
  'connection_id',
  'source_id',
  'source_updated_at',
  'envelope_id',
  'mapping_version',
  'deleted',
  'doc_date',
  'currency',
  'total',
  'data',
  'written_at',
] as const;

/**
 * SQLite dialect. The two hot-path writes (raw envelopes and canonical upserts) run as cached
 * prepared statements on the same better-sqlite3 handle inside the caller's transaction: one
 * statement compiled once and stepped per row is several times faster than a freshly compiled
 * multi-row INSERT per batch. Everything else goes through the shared Kysely code.
 */
export function createSqliteDialect(database: Database.Database): StoreDialect {
  const shared = onConflictOps();
  const cache = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = database.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const upsertSql = `insert into canonical_records (${CANONICAL_COLUMNS.join(', ')}) values (${CANONICAL_COLUMNS.map(() => '?').join(', ')})
    on conflict (id) do update set ${CANONICAL_COLUMNS.filter((c) => c !== 'id')
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}
    where canonical_records.source_updated_at <= excluded.source_updated_at`;

  return {
    name: 'sqlite',
    // SQLite's default bound-parameter limit is 32766; 13 columns × 500 rows stays well under it.
    maxRowsPerInsert: 500,
    upsert: shared.upsert,

    async insertIgnore(_db, table, key, rows) {
      const first = rows[0];
      if (!first) return 0;
      const cols = Object.keys(first);
      const s = statement(
        `insert into ${table} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')}) on conflict (${key}) do nothing`,
      );
      let inserted = 0;
      for (const row of rows) {
        const r = row as unknown as Record<string, unknown>;
        inserted += s.run(...cols.map((c) => r[c] ?? null)).changes;
      }
      return inserted;
    },

    async upsertCanonical(_db, rows) {
      const s = statement(upsertSql);
      for (const row of rows) s.run(...CANONICAL_COLUMNS.map((c) => (row[c] ?? null) as unknown));
    },

    readJson(value) {
      return typeof value === 'string' ? JSON.parse(value) : value;
    },
    writeJson(value) {
      return JSON.stringify(value);
    },
  };
}
