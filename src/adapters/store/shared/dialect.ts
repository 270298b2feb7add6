import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.js';

/** Rows for the canonical table, with the version guard applied by the dialect. */
export type CanonicalRow = StoreSchema['canonical_records'];

/** What differs between SQLite, PostgreSQL and MariaDB; everything else is shared Kysely code. */
export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres' | 'mysql';
  /** Insert rows, ignoring those whose primary key exists. */
  insertIgnore<T extends 'raw_pages' | 'raw_envelopes'>(
    db: Kysely<StoreSchema>,
    table: T,
    key: string,
    rows: readonly StoreSchema[T][],
  ): Promise<number>;
  /** Upsert canonical rows, never replacing a row whose source_updated_at is newer. */
  upsertCanonical(db: Kysely<StoreSchema>, rows: readonly CanonicalRow[]): Promise<void>;
  /** Upsert by primary key, replacing every listed column. */
  upsert<T extends 'connections' | 'stream_state'>(
    db: Kysely<StoreSchema>,
    table: T,
    keys: readonly string[],
    row: StoreSchema[T],
  ): Promise<void>;
  /** JSON columns come back as text on some drivers and parsed on others. */
  readJson(value: unknown): unknown;
  writeJson(value: unknown): unknown;
  /** Rows per INSERT statement that stay under the driver's parameter limit. */
  readonly maxRowsPerInsert: number;
}
