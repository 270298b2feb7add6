import { type Kysely, sql } from 'kysely';
import type { StoreDialect } from '../shared/dialect.js';
import type { StoreSchema } from '../shared/schema.js';

export const sqliteDialect: StoreDialect = {
  name: 'sqlite',
  // SQLite's default bound-parameter limit is 32766; 13 columns × 500 rows stays well under it.
  maxRowsPerInsert: 500,

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
    await db
      .insertInto('canonical_records')
      .values([...rows])
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({
            kind: sql.ref('excluded.kind'),
            connection_id: sql.ref('excluded.connection_id'),
            source_id: sql.ref('excluded.source_id'),
            source_updated_at: sql.ref('excluded.source_updated_at'),
            envelope_id: sql.ref('excluded.envelope_id'),
            mapping_version: sql.ref('excluded.mapping_version'),
            deleted: sql.ref('excluded.deleted'),
            doc_date: sql.ref('excluded.doc_date'),
            currency: sql.ref('excluded.currency'),
            total: sql.ref('excluded.total'),
            data: sql.ref('excluded.data'),
            written_at: sql.ref('excluded.written_at'),
          })
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

  readJson(value) {
    return typeof value === 'string' ? JSON.parse(value) : value;
  },
  writeJson(value) {
    return JSON.stringify(value);
  },
};
