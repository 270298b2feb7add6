import { type Kysely, sql } from 'kysely';
import type { CanonicalRow, StoreDialect } from './dialect.js';
import type { StoreSchema } from './schema.js';

type OnConflictOps = Pick<StoreDialect, 'insertIgnore' | 'upsertCanonical' | 'upsert'>;

/** Every canonical column but the key, in the order the update assigns them. */
const CANONICAL_UPDATE: readonly (keyof CanonicalRow)[] = [
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
];

/**
 * `INSERT … ON CONFLICT` as SQLite and PostgreSQL both spell it. A dialect passes `prepare` to
 * adjust canonical rows for its column types before they are written.
 */
export function onConflictOps(prepare: (row: CanonicalRow) => CanonicalRow = (row) => row): OnConflictOps {
  return {
    async insertIgnore(db, table, key, rows) {
      if (rows.length === 0) return 0;
      const res = await (db as Kysely<StoreSchema>)
        .insertInto(table)
        // biome-ignore lint/suspicious/noExplicitAny: Kysely cannot type a table chosen at run time
        .values(rows as any)
        .onConflict((oc) => oc.column(key as never).doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0);
    },

    async upsertCanonical(db, rows) {
      if (rows.length === 0) return;
      const set: Record<string, unknown> = {};
      for (const col of CANONICAL_UPDATE) set[col] = sql.ref(`excluded.${col}`);
      await db
        .insertInto('canonical_records')
        .values(rows.map(prepare))
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet(set as never)
            // The version guard: a concurrent writer holding a newer source version keeps its row.
            .where(sql<boolean>`canonical_records.source_updated_at <= excluded.source_updated_at`),
        )
        .execute();
    },

    async upsert(db, table, keys, row) {
      const set: Record<string, unknown> = {};
      for (const col of Object.keys(row)) if (!keys.includes(col)) set[col] = sql.ref(`excluded.${col}`);
      await (db as Kysely<StoreSchema>)
        .insertInto(table)
        // biome-ignore lint/suspicious/noExplicitAny: Kysely cannot type a table chosen at run time
        .values(row as any)
        .onConflict((oc) => oc.columns(keys as never[]).doUpdateSet(set as never))
        .execute();
    },
  };
}
