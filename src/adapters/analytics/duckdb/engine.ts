import { DuckDBInstance } from '@duckdb/node-api';
import { ConfigError } from '../../../errors/index.js';
import type {
  AnalyticsEngine,
  AnalyticsEngineOptions,
  AnalyticsJob,
  SqlRow,
  SqlStatement,
} from '../../../ports/analytics-engine.js';
import type { AdapterDeps } from '../../../ports/deps.js';
import { ident, parquetSelect, toSqlRows } from './sql-text.js';

/**
 * The embedded analytics engine: DuckDB in this process. Each job gets a fresh connection, so
 * the temporary views of one job never leak into the next.
 */
export async function createDuckdbEngine(
  _options: AnalyticsEngineOptions,
  deps: AdapterDeps,
): Promise<AnalyticsEngine> {
  const instance = await DuckDBInstance.create(':memory:');
  const log = deps.logger.child({ role: 'analytics', engine: 'duckdb' });
  return {
    name: 'duckdb',
    capabilities: { embedded: true },
    async run(job: AnalyticsJob): Promise<Record<string, SqlRow[]>> {
      const connection = await instance.connect();
      const exec = async (statement: SqlStatement): Promise<SqlRow[]> => {
        try {
          const reader = await connection.runAndReadAll(statement.sql);
          return toSqlRows(reader.getRowObjectsJson());
        } catch (cause) {
          throw new ConfigError(
            'LP_CONFIG_ENGINE_SQL',
            `duckdb failed on ${statement.name}: ${(cause as Error).message}`,
            { engine: 'duckdb', statement: statement.name },
            { cause },
          );
        }
      };
      try {
        for (const table of job.tables) {
          await exec({
            name: `lake table ${table.name}`,
            sql: `CREATE OR REPLACE TEMPORARY VIEW ${ident(table.name)} AS ${parquetSelect(table.path, table.columns)}`,
          });
        }
        for (const statement of job.setup) await exec(statement);
        const results: Record<string, SqlRow[]> = {};
        for (const query of job.queries) {
          const started = Date.now();
          results[query.name] = await exec(query);
          log.debug({ query: query.name, rows: results[query.name]?.length, ms: Date.now() - started }, 'query done');
        }
        return results;
      } finally {
        connection.closeSync();
      }
    },
    async close() {
      instance.closeSync();
    },
  };
}
