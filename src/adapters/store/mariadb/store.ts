import { CompiledQuery, Kysely, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import { ConfigError } from '../../../errors/index.js';
import type { AdapterDeps } from '../../../ports/deps.js';
import type { Store } from '../../../ports/store.js';
import { type ColumnTypes, migrateToLatest } from '../shared/migrations.js';
import type { StoreSchema } from '../shared/schema.js';
import { assembleStore } from '../shared/store.js';
import { mariadbDialect, TOTAL_PRECISION, TOTAL_SCALE } from './dialect.js';

/**
 * Keys are VARCHAR(191): the most utf8mb4 characters an InnoDB index prefix of 767 bytes holds.
 * They compare bytewise (utf8mb4_bin): ids are case-sensitive hashes, and scans must order as
 * on SQLite and PostgreSQL.
 */
export const MARIADB_TYPES: ColumnTypes = {
  key: 'varchar(191) character set utf8mb4 collate utf8mb4_bin',
  text: 'longtext character set utf8mb4 collate utf8mb4_bin',
  json: 'json',
  int: 'int',
  bigint: 'bigint',
  decimal: `decimal(${TOTAL_PRECISION}, ${TOTAL_SCALE})`,
  date: 'date',
};

/** Strict, so a value that does not fit its column fails instead of being silently cut. */
const SESSION = CompiledQuery.raw(
  `set session sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'`,
);

/** `mysql://user:pass@host:3306/db?poolSize=10` (also `mariadb://`). */
export async function createMariadbStore(url: URL, deps: AdapterDeps): Promise<Store> {
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new ConfigError('LP_CONFIG_INVALID', 'MariaDB URL needs a database name: mysql://host/db');
  const pool = createPool({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
    connectionLimit: Number(url.searchParams.get('poolSize') ?? 10),
    charset: 'UTF8MB4_BIN',
    // DATE stays 'YYYY-MM-DD' text and DECIMAL/BIGINT stay exact strings: no host-zone Dates, no floats.
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
  });
  const db = new Kysely<StoreSchema>({
    dialect: new MysqlDialect({
      pool,
      onCreateConnection: async (connection) => {
        await connection.executeQuery(SESSION);
      },
    }),
  });
  try {
    await migrateToLatest(db as Kysely<unknown>, MARIADB_TYPES);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return assembleStore(
    db,
    mariadbDialect,
    () => new Date(deps.clock.now()).toISOString(),
    () => db.destroy(),
  );
}
