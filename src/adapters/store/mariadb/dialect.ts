import { type Kysely, type RawBuilder, sql } from 'kysely';
import { InvalidInputError } from '../../../errors/index.js';
import type { CanonicalRow, StoreDialect } from '../shared/dialect.js';
import { fitsDecimal, isCalendarDate } from '../shared/lifted-columns.js';
import type { StoreSchema } from '../shared/schema.js';

/** `total` is DECIMAL(65, 30): 35 integer digits, far beyond any ledger amount. */
export const TOTAL_PRECISION = 65;
export const TOTAL_SCALE = 30;

/**
 * The mysql2 driver inlines parameters, so one statement is one packet: stay well under MariaDB's
 * default max_allowed_packet (16 MiB) even when every character takes 4 bytes.
 */
const MAX_CHARS_PER_STATEMENT = 2_000_000;

function bySize<T extends object>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  let part: T[] = [];
  let size = 0;
  for (const row of rows) {
    let n = 0;
    for (const v of Object.values(row)) n += typeof v === 'string' ? v.length : 16;
    if (part.length > 0 && size + n > MAX_CHARS_PER_STATEMENT) {
      out.push(part);
      part = [];
      size = 0;
    }
    part.push(row);
    size += n;
  }
  if (part.length > 0) out.push(part);
  return out;
}

/** Runs `fn` on one connection, so a follow-up `select @@warning_count` sees its statement. */
function onOneConnection<R>(db: Kysely<StoreSchema>, fn: (c: Kysely<StoreSchema>) => Promise<R>): Promise<R> {
  return db.isTransaction ? fn(db) : db.connection().execute(fn);
}

const ifNewer = (col: string): RawBuilder<unknown> =>
  sql`if(source_updated_at <= values(source_updated_at), values(${sql.ref(col)}), ${sql.ref(col)})`;

/** Every canonical column but the key; the guard column comes last (see upsertCanonical). */
const CANONICAL_UPDATE: readonly (keyof CanonicalRow)[] = [
  'kind',
  'connection_id',
  'source_id',
  'envelope_id',
  'mapping_version',
  'deleted',
  'doc_date',
  'currency',
  'total',
  'data',
  'written_at',
  'source_updated_at',
];

function prepareCanonical(row: CanonicalRow): CanonicalRow {
  const docDate = row.doc_date === null || isCalendarDate(row.doc_date) ? row.doc_date : null;
  const total = row.total === null || fitsDecimal(row.total, TOTAL_PRECISION, TOTAL_SCALE) ? row.total : null;
  return docDate === row.doc_date && total === row.total ? row : { ...row, doc_date: docDate, total };
}

export const mariadbDialect: StoreDialect = {
  name: 'mysql',
  maxRowsPerInsert: 500,

  async insertIgnore(db, table, _key, rows) {
    let inserted = 0;
    for (const part of bySize(rows)) {
      inserted += await onOneConnection(db, async (c) => {
        const res = await c
          .insertInto(table)
          // biome-ignore lint/suspicious/noExplicitAny: Kysely cannot type a table chosen at run time
          .values(part as any)
          .ignore()
          .executeTakeFirst();
        const n = Number(res.numInsertedOrUpdatedRows ?? 0);
        // IGNORE also turns "data too long" and friends into warnings. Each skipped duplicate
        // leaves exactly one warning; any more means a value was mangled, so fail the transaction.
        const { rows: w } = await sql<{ w: number }>`select @@warning_count as w`.execute(c);
        if (Number(w[0]?.w ?? 0) > part.length - n) {
          const { rows: all } = await sql<{ Code: number; Message: string }>`show warnings`.execute(c);
          const bad = all.find((x) => Number(x.Code) !== 1062);
          throw new InvalidInputError('LP_INPUT_STORE_COLUMN', `MariaDB refused a ${table} value: ${bad?.Message}`, {
            table,
          });
        }
        return n;
      });
    }
    return inserted;
  },

  async upsertCanonical(db, rows) {
    // MariaDB applies ON DUPLICATE KEY UPDATE assignments left to right, each seeing the ones
    // before it, so source_updated_at is assigned last and every IF() compares the stored version.
    // (With `<=` an early assignment would happen to give the same result; a strict guard would not.)
    const set: Record<string, RawBuilder<unknown>> = {};
    for (const col of CANONICAL_UPDATE) set[col] = ifNewer(col);
    for (const part of bySize(rows.map(prepareCanonical))) {
      await db
        .insertInto('canonical_records')
        .values(part)
        .onDuplicateKeyUpdate(set as never)
        .execute();
    }
  },

  async upsert(db, table, keys, row) {
    const set: Record<string, RawBuilder<unknown>> = {};
    for (const col of Object.keys(row)) if (!keys.includes(col)) set[col] = sql`values(${sql.ref(col)})`;
    await (db as Kysely<StoreSchema>)
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: Kysely cannot type a table chosen at run time
      .values(row as any)
      .onDuplicateKeyUpdate(set as never)
      .execute();
  },

  // MariaDB's JSON is LONGTEXT with a json_valid check, so mysql2 returns text; MySQL's native
  // JSON comes back parsed. Both are handled.
  readJson(value) {
    if (typeof value === 'string') return JSON.parse(value);
    if (Buffer.isBuffer(value)) return JSON.parse(value.toString('utf8'));
    return value;
  },
  writeJson(value) {
    return JSON.stringify(value);
  },
};
