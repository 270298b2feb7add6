import { randomBytes } from 'node:crypto';
import { Kysely, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import { createConnection } from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { mariadbDialect } from '../../../src/adapters/store/mariadb/dialect.js';
import { createMariadbStore } from '../../../src/adapters/store/mariadb/store.js';
import type { StoreSchema } from '../../../src/adapters/store/shared/schema.js';
import type { SalesOrder } from '../../../src/canonical/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { describeStoreContract, envelope, order } from '../../contract/store.contract.js';
import { realClock } from '../../support/fake-clock.js';

/**
 * The store contract on MariaDB. Every `open()` gets a fresh database ledgerpulse_<run>_<n> (dropped
 * afterwards). A missing LP_TEST_MARIADB_URL fails the run unless LP_ADAPTERS leaves mariadb out.
 */
const ADAPTER = 'mariadb';
const ENV = 'LP_TEST_MARIADB_URL';
// Destructured: tsc wants env[...] and Biome wants env.X; both accept this.
const { LP_ADAPTERS: adapters = '', LP_TEST_MARIADB_URL: baseUrl } = process.env;
const only = adapters
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

if (only.length > 0 && !only.includes(ADAPTER) && !only.includes('mysql')) {
  describe.skip(`${ADAPTER} (left out by LP_ADAPTERS=${only.join(',')})`, () => {
    it('is not run', () => {});
  });
} else if (!baseUrl) {
  describe(ADAPTER, () => {
    it(`needs ${ENV}`, () => {
      throw new Error(
        `${ENV} is not set: run \`eval "$(scripts/services --print-env)"\` (starts MariaDB) or set it, ` +
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
  const run = `ledgerpulse_t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const databases: string[] = [];
  const admin = () => createConnection({ uri: baseUrl });

  const dbUrl = (name: string) => {
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    return url;
  };
  const open = async () => {
    const name = `${run}_${databases.length}`;
    databases.push(name);
    const c = await admin();
    try {
      await c.query(`create database ${name} character set utf8mb4 collate utf8mb4_unicode_ci`);
    } finally {
      await c.end();
    }
    const url = dbUrl(name);
    url.searchParams.set('poolSize', '4');
    return createMariadbStore(url, deps);
  };

  afterAll(async () => {
    const c = await admin();
    try {
      for (const d of databases) await c.query(`drop database if exists ${d}`);
    } finally {
      await c.end();
    }
  });

  describeStoreContract(ADAPTER, open);

  describe('MariaDB store specifics', () => {
    it('compares keys case-sensitively even in a database whose default collation does not', async () => {
      const store = await open();
      try {
        expect(await store.raw.put([envelope(1, { id: 'env_Ab' }), envelope(2, { id: 'env_aB' })])).toBe(2);
        const ids: string[] = [];
        for await (const b of store.raw.scan({}, 1)) ids.push(...b.map((e) => e.id));
        expect(ids).toEqual(['env_Ab', 'env_aB']);
      } finally {
        await store.close();
      }
    });

    it('fails a raw put loudly when a value does not fit its column, instead of cutting it', async () => {
      const store = await open();
      try {
        const long = envelope(1, { externalId: 'x'.repeat(300) });
        await expect(store.raw.put([envelope(2), long])).rejects.toMatchObject({ code: 'LP_INPUT_STORE_COLUMN' });
        // The transaction rolled back: not even the good envelope is half-written.
        expect(await store.raw.count()).toBe(0);
        expect(await store.raw.put([envelope(2), envelope(2)])).toBe(1);
      } finally {
        await store.close();
      }
    });

    it('types the lifted columns and keeps the version guard in SQL for concurrent writers', async () => {
      const store = await open();
      const db = databases[databases.length - 1] ?? '';
      const c = await admin();
      try {
        const v2 = order('1', '2026-01-02T00:00:00.000Z', '123456789012345.6789', { orderDate: '2026-02-28' });
        const bad = order('2', '2026-01-01T00:00:00.000Z', '0.10', { orderDate: '2026-02-30' });
        expect(await store.canonical.upsert([v2, bad])).toEqual({ written: 2, skippedOlder: 0 });
        const [cols] = await c.query(
          `select column_name as c, data_type as t from information_schema.columns
           where table_schema = ? and table_name = 'canonical_records' and column_name in ('total', 'doc_date')
           order by column_name`,
          [db],
        );
        expect(cols).toEqual([
          { c: 'doc_date', t: 'date' },
          { c: 'total', t: 'decimal' },
        ]);
        const [sums] = await c.query(
          `select cast(sum(total) as char) as s, count(doc_date) as dated from ${db}.canonical_records`,
        );
        expect(sums).toEqual([{ s: '123456789012345.778900000000000000000000000000', dated: 1 }]);
        expect((await store.canonical.get([bad.id]))[0]).toEqual(bad);
        // A racing writer holding an older version, past the shared pre-check, goes straight to the
        // dialect: the IF() guards must leave every column of the newer row alone.
        const raw = new Kysely<StoreSchema>({
          dialect: new MysqlDialect({ pool: createPool({ uri: dbUrl(db).href }) }),
        });
        try {
          const v1 = order('1', '2026-01-01T00:00:00.000Z', '1.00', { deleted: true });
          await mariadbDialect.upsertCanonical(raw, [
            { ...canonicalRow(v1), doc_date: '2020-01-01', currency: 'EUR', total: '1.00' },
          ]);
        } finally {
          await raw.destroy();
        }
        const [row] = await c.query(
          `select deleted, cast(total as char) as total, currency, source_updated_at as v from ${db}.canonical_records where id = ?`,
          [v2.id],
        );
        expect(row).toEqual([
          {
            deleted: 0,
            total: '123456789012345.678900000000000000000000000000',
            currency: 'USD',
            v: v2.source.sourceUpdatedAt,
          },
        ]);
        expect(((await store.canonical.get([v2.id])) as (typeof v2)[])[0]?.total).toBe('123456789012345.6789');
      } finally {
        await c.end();
        await store.close();
      }
    });
  });
}
