import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { reviewWorkflowMigration } from './migration-0002-review.js';

/** Column types per dialect: MariaDB cannot index TEXT, SQLite does not care, PostgreSQL has JSONB. */
export interface ColumnTypes {
  readonly key: string;
  readonly text: string;
  readonly json: string;
  readonly int: string;
  readonly bigint: string;
  /** Exact decimal for the lifted `total` column (PostgreSQL NUMERIC); defaults to `key` (text). */
  readonly decimal?: string;
  /** Calendar date for the lifted `doc_date` column; defaults to `key` (text). */
  readonly date?: string;
}

export interface MigrateOptions {
  /**
   * Schema of Kysely's own migration tables. Without it Kysely's introspection sees a
   * `kysely_migration` table in any schema of a PostgreSQL database and skips creating ours.
   */
  readonly migrationTableSchema?: string;
}

function migrations(t: ColumnTypes): Record<string, Migration> {
  const k = sql.raw(t.key);
  const txt = sql.raw(t.text);
  const json = sql.raw(t.json);
  const int = sql.raw(t.int);
  const decimal = sql.raw(t.decimal ?? t.key);
  const date = sql.raw(t.date ?? t.key);
  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('raw_pages')
          .addColumn('hash', k, (c) => c.primaryKey())
          .addColumn('connection_id', k, (c) => c.notNull())
          .addColumn('content_type', k, (c) => c.notNull())
          .addColumn('body', txt, (c) => c.notNull())
          .addColumn('source', txt, (c) => c.notNull())
          .addColumn('fetched_at', k, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('raw_envelopes')
          .addColumn('id', k, (c) => c.primaryKey())
          .addColumn('platform', k, (c) => c.notNull())
          .addColumn('connection_id', k, (c) => c.notNull())
          .addColumn('object', k, (c) => c.notNull())
          .addColumn('external_id', k, (c) => c.notNull())
          .addColumn('source_version', k, (c) => c.notNull())
          .addColumn('source_updated_at', k)
          .addColumn('fetched_at', k, (c) => c.notNull())
          .addColumn('content_type', k, (c) => c.notNull())
          .addColumn('payload', txt, (c) => c.notNull())
          .addColumn('payload_hash', k, (c) => c.notNull())
          .addColumn('page_hash', k)
          .addColumn('run_id', k)
          .execute();
        await db.schema
          .createIndex('raw_envelopes_conn_obj')
          .on('raw_envelopes')
          .columns(['connection_id', 'object'])
          .execute();
        await db.schema
          .createTable('canonical_records')
          .addColumn('id', k, (c) => c.primaryKey())
          .addColumn('kind', k, (c) => c.notNull())
          .addColumn('connection_id', k, (c) => c.notNull())
          .addColumn('source_id', k, (c) => c.notNull())
          .addColumn('source_updated_at', k, (c) => c.notNull())
          .addColumn('envelope_id', k, (c) => c.notNull())
          .addColumn('mapping_version', k, (c) => c.notNull())
          .addColumn('deleted', int, (c) => c.notNull())
          .addColumn('doc_date', date)
          .addColumn('currency', k)
          .addColumn('total', decimal)
          .addColumn('data', json, (c) => c.notNull())
          .addColumn('written_at', k, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('canonical_kind_conn')
          .on('canonical_records')
          .columns(['kind', 'connection_id', 'doc_date'])
          .execute();
        await db.schema
          .createTable('review_items')
          .addColumn('id', k, (c) => c.primaryKey())
          .addColumn('reason', k, (c) => c.notNull())
          .addColumn('message', txt, (c) => c.notNull())
          .addColumn('platform', k, (c) => c.notNull())
          .addColumn('connection_id', k, (c) => c.notNull())
          .addColumn('object', k)
          .addColumn('envelope_id', k)
          .addColumn('field', k)
          .addColumn('detail', json)
          .addColumn('status', k, (c) => c.notNull())
          .addColumn('first_seen', k, (c) => c.notNull())
          .addColumn('last_seen', k, (c) => c.notNull())
          .addColumn('occurrences', int, (c) => c.notNull())
          .addColumn('resolved_by', k)
          .addColumn('note', txt)
          .execute();
        await db.schema.createIndex('review_status_reason').on('review_items').columns(['status', 'reason']).execute();
        await db.schema
          .createTable('connections')
          .addColumn('id', k, (c) => c.primaryKey())
          .addColumn('platform', k, (c) => c.notNull())
          .addColumn('account', k, (c) => c.notNull())
          .addColumn('base_url', txt, (c) => c.notNull())
          .addColumn('company', json, (c) => c.notNull())
          .addColumn('sealed_credentials', txt)
          .addColumn('schedule', k)
          .addColumn('created_at', k, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('stream_state')
          .addColumn('connection_id', k, (c) => c.notNull())
          .addColumn('stream', k, (c) => c.notNull())
          .addColumn('cursor', txt)
          .addColumn('last_sync_at', k)
          .addColumn('last_error', txt)
          .addColumn('failures', int, (c) => c.notNull())
          .addPrimaryKeyConstraint('stream_state_pk', ['connection_id', 'stream'])
          .execute();
      },
    },
    '0002_review': reviewWorkflowMigration(t),
  };
}

/** Runs every pending migration; fails loudly with the migration's own error. */
export async function migrateToLatest(
  db: Kysely<unknown>,
  types: ColumnTypes,
  extra: Record<string, Migration> = {},
  options: MigrateOptions = {},
) {
  const all = { ...migrations(types), ...extra };
  const provider: MigrationProvider = { getMigrations: async () => all };
  const migrator = new Migrator({
    db,
    provider,
    ...(options.migrationTableSchema ? { migrationTableSchema: options.migrationTableSchema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
