import type { Migration } from 'kysely';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ConfigError } from '../../../errors/index.js';
import type { AdapterDeps } from '../../../ports/deps.js';
import type { Store } from '../../../ports/store.js';
import { type ColumnTypes, migrateToLatest } from '../shared/migrations.js';
import type { StoreSchema } from '../shared/schema.js';
import { assembleStore } from '../shared/store.js';
import { postgresDialect } from './dialect.js';

/** Keys sort and compare bytewise (collation "C"), as on SQLite, whatever the database's locale. */
export const POSTGRES_TYPES: ColumnTypes = {
  key: 'text collate "C"',
  text: 'text',
  json: 'jsonb',
  int: 'integer',
  bigint: 'bigint',
  decimal: 'numeric',
  date: 'date',
};

const DATE_OID = 1082;

/** DATE stays the 'YYYY-MM-DD' text the schema type promises, never a host-zone Date object. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Named `<shared number>a_postgres_…` so each runs right after the shared migration it extends and
 * later shared migrations (0002_…) still sort after every one already run.
 */
const POSTGRES_MIGRATIONS: Record<string, Migration> = {
  // Raw payloads stay TEXT (byte for byte). This function lets ad-hoc SQL read a payload as JSONB
  // without ever failing on one that is not JSON (PostgreSQL 15 has no pg_input_is_valid). Not
  // PARALLEL SAFE: its exception block needs a subtransaction, which parallel workers cannot open.
  '0001a_postgres_try_jsonb': {
    async up(db: Kysely<unknown>) {
      await sql`
        create or replace function lp_try_jsonb(t text) returns jsonb
        language plpgsql immutable as $$
        begin
          return t::jsonb;
        exception when others then
          return null;
        end $$`.execute(db);
    },
  },
  // Typed companions of the byte-exact text columns, computed by PostgreSQL on write (no extra
  // round trip, nothing for the hot path to send): each JSON payload as JSONB for querying, and
  // every timestamp as timestamptz (the text stays the source-version key the upsert guard
  // compares). A value that does not parse gives NULL rather than failing the insert.
  '0002a_postgres_jsonb_timestamptz': {
    async up(db: Kysely<unknown>) {
      await sql`
        create or replace function lp_try_timestamptz(t text) returns timestamptz
        language plpgsql immutable as $$
        begin
          return t::timestamptz;
        exception when others then
          return null;
        end $$`.execute(db);
      await sql`alter table raw_envelopes
        add column payload_jsonb jsonb generated always as
          (case when content_type like '%json%' then lp_try_jsonb(payload) end) stored,
        add column fetched_at_tz timestamptz generated always as (lp_try_timestamptz(fetched_at)) stored,
        add column source_updated_at_tz timestamptz generated always as (lp_try_timestamptz(source_updated_at)) stored`.execute(
        db,
      );
      await sql`alter table canonical_records
        add column source_updated_at_tz timestamptz generated always as (lp_try_timestamptz(source_updated_at)) stored,
        add column written_at_tz timestamptz generated always as (lp_try_timestamptz(written_at)) stored`.execute(db);
      await sql`create index canonical_updated_tz on canonical_records (kind, connection_id, source_updated_at_tz)`.execute(
        db,
      );
      await sql`create index raw_envelopes_fetched_tz on raw_envelopes (connection_id, fetched_at_tz)`.execute(db);
    },
  },
};

/**
 * `postgres://user:pass@host:5432/db?schema=ledgerpulse&poolSize=10`. Without `schema` the
 * tables live in `public`; the search path is pinned to that one schema either way.
 */
export async function createPostgresStore(url: URL, deps: AdapterDeps): Promise<Store> {
  const schema = url.searchParams.get('schema') ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError('LP_CONFIG_INVALID', `PostgreSQL schema must be a lower-case identifier, got "${schema}"`);
  }
  const poolSize = Number(url.searchParams.get('poolSize') ?? 10);
  const connection = new URL(url);
  connection.searchParams.delete('schema');
  connection.searchParams.delete('poolSize');
  const pool = new pg.Pool({
    connectionString: connection.href,
    max: poolSize,
    options: `-c search_path=${schema}`,
    types,
  });
  // An idle client whose server went away emits here; without a listener the process would crash.
  pool.on('error', (err) => deps.logger.warn({ err }, 'idle PostgreSQL connection failed'));
  const db = new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db as Kysely<unknown>, POSTGRES_TYPES, POSTGRES_MIGRATIONS, {
      migrationTableSchema: schema,
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return assembleStore(
    db,
    postgresDialect,
    () => new Date(deps.clock.now()).toISOString(),
    () => db.destroy(),
  );
}
