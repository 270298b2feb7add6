import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresDialect } from '../../../src/adapters/store/postgres/dialect.js';
import { createPostgresStore } from '../../../src/adapters/store/postgres/store.js';
import type { StoreSchema } from '../../../src/adapters/store/shared/schema.js';
import type { SalesOrder } from '../../../src/canonical/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { describeStoreContract, envelope, order } from '../../contract/store.contract.js';
import { realClock } from '../../support/fake-clock.js';

/**
 * The store contract on PostgreSQL. Every `open()` gets its own fresh schema (dropped afterwards), so
 * runs repeat. A missing LP_TEST_POSTGRES_URL fails the run unless LP_ADAPTERS leaves postgres out.
 */
const ADAPTER = 'postgres';
const ENV = 'LP_TEST_POSTGRES_URL';
// Destructured: tsc wants env[...] and Biome wants env.X; both accept this.
const { LP_ADAPTERS: adapters = '', LP_TEST_POSTGRES_URL: baseUrl } = process.env;
const only = adapters
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

if (only.length > 0 && !only.includes(ADAPTER)) {
  describe.skip(`${ADAPTER} (left out by LP_ADAPTERS=${only.join(',')})`, () => {
    it('is not run', () => {});
  });
} else if (!baseUrl) {
  describe(ADAPTER, () => {
    it(`needs ${ENV}`, () => {
      throw new Error(
        `${ENV} is not set: run \`eval "$(scripts/services --print-env)"\` (starts PostgreSQL) or set it, ` +
          `or leave ${ADAPTER} out with LP_ADAPTERS=sqlite,memory`,
      );
    });
  });
} else {
  const deps = { logger: silentLogger(), clock: realClock };
  const canonicalRow = (r: SalesOrder) => ({
    id: r.id,
    kind: r.kind,
    connection_id: r.source.connectionId,
    source_id: r.source.sourceId,
    source_updated_at: r.source.sourceUpdatedAt,
    envelope_id: r.provenance.envelopeId,
    mapping_version: r.provenance.mappingVersion,
    deleted: r.deleted ? 1 : 0,
    doc_date: r.orderDate,
    currency: r.currency,
    total: r.total,
    data: JSON.stringify(r),
    written_at: '2026-01-09T00:00:00.000Z',
  });
  const run = `lp_t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const schemas: string[] = [];
  const open = () => {
    const schema = `${run}_${schemas.length}`;
    schemas.push(schema);
    const url = new URL(baseUrl);
    url.searchParams.set('schema', schema);
    url.searchParams.set('poolSize', '4');
    return createPostgresStore(url, deps);
  };

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    try {
      for (const s of schemas) await admin.query(`drop schema if exists ${s} cascade`);
    } finally {
      await admin.end();
    }
  });

  describeStoreContract(ADAPTER, open);

  describe('PostgreSQL store specifics', () => {
    it('types the lifted columns: NUMERIC total, DATE doc_date, JSONB data', async () => {
      const store = await open();
      const schema = schemas[schemas.length - 1] ?? '';
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      try {
        const r = order('1', '2026-01-01T00:00:00.000Z', '123456789012345.6789', { orderDate: '2026-02-28' });
        // The regex lets 2026-02-30 through; DATE cannot hold it, so the column is NULL and the JSON keeps it.
        const bad = order('2', '2026-01-01T00:00:00.000Z', '0.10', { orderDate: '2026-02-30' });
        expect(await store.canonical.upsert([r, bad])).toEqual({ written: 2, skippedOlder: 0 });
        const cols = await admin.query(
          `select column_name, data_type from information_schema.columns
           where table_schema = $1 and table_name = 'canonical_records' and column_name in ('total', 'doc_date', 'data')
           order by column_name`,
          [schema],
        );
        expect(cols.rows).toEqual([
          { column_name: 'data', data_type: 'jsonb' },
          { column_name: 'doc_date', data_type: 'date' },
          { column_name: 'total', data_type: 'numeric' },
        ]);
        const sums = await admin.query(
          `select sum(total)::text as sum, count(doc_date)::int as dated, max(data->>'orderDate') as latest
           from ${schema}.canonical_records`,
        );
        expect(sums.rows[0]).toEqual({ sum: '123456789012345.7789', dated: 1, latest: '2026-02-30' });
        expect((await store.canonical.get([bad.id]))[0]).toEqual(bad);
        // A racing writer holding an older version, past the shared pre-check, goes straight to the
        // dialect: the ON CONFLICT … WHERE guard must leave the newer row alone.
        const pool = new pg.Pool({ connectionString: baseUrl, options: `-c search_path=${schema}`, max: 1 });
        const raw = new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool }) });
        try {
          const older = order('1', '2025-12-31T00:00:00.000Z', '1.00', { deleted: true });
          await postgresDialect.upsertCanonical(raw, [{ ...canonicalRow(older), currency: 'EUR' }]);
        } finally {
          await raw.destroy();
        }
        const kept = await admin.query(
          `select deleted, total::text as total, currency from ${schema}.canonical_records where id = $1`,
          [r.id],
        );
        expect(kept.rows).toEqual([{ deleted: 0, total: '123456789012345.6789', currency: 'USD' }]);
      } finally {
        await admin.end();
        await store.close();
      }
    });

    it('keeps raw payloads as TEXT and reads them as JSON only when they parse', async () => {
      const store = await open();
      const schema = schemas[schemas.length - 1] ?? '';
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      try {
        const notJson = envelope(2, { payload: '{"id": 2, truncated', contentType: 'application/json' });
        const nul = envelope(3, { payload: '{"note":"a\\u0000b"}' });
        expect(await store.raw.put([envelope(1), notJson, nul])).toBe(3);
        const r = await admin.query(
          `select id, ${schema}.lp_try_jsonb(payload)->>'total_price' as price, ${schema}.lp_try_jsonb(payload) is null as unparsed
           from ${schema}.raw_envelopes order by id`,
        );
        expect(r.rows).toEqual([
          { id: 'env_000001', price: '10.00', unparsed: false },
          { id: 'env_000002', price: null, unparsed: true },
          // Valid JSON that JSONB refuses (\u0000) is also just "not readable as JSONB", never an error.
          { id: 'env_000003', price: null, unparsed: true },
        ]);
        expect((await store.raw.get(['env_000002']))[0]?.payload).toBe('{"id": 2, truncated');
        // Beside the byte-exact text: the payload as JSONB and the instants as timestamptz.
        const typed = await admin.query(
          `select column_name, data_type from information_schema.columns
           where table_schema = $1 and table_name = 'raw_envelopes'
             and column_name in ('payload', 'payload_jsonb', 'fetched_at_tz', 'source_updated_at_tz')
           order by column_name`,
          [schema],
        );
        expect(typed.rows).toEqual([
          { column_name: 'fetched_at_tz', data_type: 'timestamp with time zone' },
          { column_name: 'payload', data_type: 'text' },
          { column_name: 'payload_jsonb', data_type: 'jsonb' },
          { column_name: 'source_updated_at_tz', data_type: 'timestamp with time zone' },
        ]);
        const values = await admin.query(
          `select id, payload_jsonb->>'total_price' as price,
                  fetched_at_tz = '2026-01-02T00:00:00Z'::timestamptz as fetched
           from ${schema}.raw_envelopes order by id`,
        );
        expect(values.rows).toEqual([
          { id: 'env_000001', price: '10.00', fetched: true },
          { id: 'env_000002', price: null, fetched: true },
          { id: 'env_000003', price: null, fetched: true },
        ]);
      } finally {
        await admin.end();
        await store.close();
      }
    });
  });
}
