import { ConfigError } from '../errors/index.js';
import type {
  AnalyticsEngine,
  AnalyticsEngineFactory,
  AnalyticsEngineOptions,
  ParquetFiles,
} from '../ports/analytics-engine.js';
import type { AdapterDeps } from '../ports/deps.js';
import type { Queue } from '../ports/queue.js';
import type { SharedState } from '../ports/shared-state.js';
import type { Store } from '../ports/store.js';

type Factory<T> = (url: URL, deps: AdapterDeps) => Promise<T>;

/**
 * URL scheme → lazy adapter import. The embedded profile never loads pg, mysql2, amqplib or
 * ioredis, because nothing imports them until a URL asks for them.
 */
const postgresStore = async () => (await import('./store/postgres/store.js')).createPostgresStore;
const mariadbStore = async () => (await import('./store/mariadb/store.js')).createMariadbStore;
const rabbitQueue = async () => (await import('./queue/rabbitmq/queue.js')).createRabbitQueue;
const redisSharedState = async () => (await import('./shared-state/redis/shared-state.js')).createRedisSharedState;

const stores: Record<string, () => Promise<Factory<Store>>> = {
  'sqlite:': async () => (await import('./store/sqlite/store.js')).createSqliteStore,
  'postgres:': postgresStore,
  'postgresql:': postgresStore,
  'mysql:': mariadbStore,
  'mariadb:': mariadbStore,
};

const queues: Record<string, () => Promise<Factory<Queue>>> = {
  'sqlite:': async () => (await import('./queue/sqlite/queue.js')).createSqliteQueue,
  'amqp:': rabbitQueue,
  'amqps:': rabbitQueue,
};

const sharedStates: Record<string, () => Promise<Factory<SharedState>>> = {
  'memory:': async () => async (_url, deps) =>
    (await import('./shared-state/memory/shared-state.js')).createMemorySharedState(deps.clock),
  'redis:': redisSharedState,
  'rediss:': redisSharedState,
};

async function resolve<T>(
  kind: string,
  table: Record<string, () => Promise<Factory<T>>>,
  url: string,
  deps: AdapterDeps,
) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new ConfigError('LP_CONFIG_INVALID', `${kind} URL is not a URL: ${url}`, {}, { cause });
  }
  const load = table[parsed.protocol];
  if (!load) {
    throw new ConfigError(
      'LP_CONFIG_UNKNOWN_ADAPTER',
      `no ${kind} adapter for "${parsed.protocol}" (known: ${Object.keys(table).join(', ')})`,
    );
  }
  return (await load())(parsed, deps);
}

export function openStore(url: string, deps: AdapterDeps): Promise<Store> {
  return resolve('store', stores, url, deps);
}

export function openQueue(url: string, deps: AdapterDeps): Promise<Queue> {
  return resolve('queue', queues, url, deps);
}

export function openSharedState(url: string, deps: AdapterDeps): Promise<SharedState> {
  return resolve('shared state', sharedStates, url, deps);
}

/** Lets the distributed adapters register themselves without this file importing their drivers. */
export const adapterTables = { stores, queues, sharedStates };

/** Analytics engines by name, loaded lazily: DuckDB's native module and Spark's python only when asked. */
const analyticsEngines: Record<string, () => Promise<AnalyticsEngineFactory>> = {
  duckdb: async () => (await import('./analytics/duckdb/engine.js')).createDuckdbEngine,
  spark: async () => (await import('./analytics/spark/engine.js')).createSparkEngine,
};

export async function openAnalyticsEngine(
  name: string,
  options: AnalyticsEngineOptions,
  deps: AdapterDeps,
): Promise<AnalyticsEngine> {
  const load = analyticsEngines[name];
  if (!load) {
    throw new ConfigError(
      'LP_CONFIG_UNKNOWN_ADAPTER',
      `no analytics engine "${name}" (known: ${Object.keys(analyticsEngines).join(', ')})`,
    );
  }
  return (await load())(options, deps);
}

/** Parquet reading and writing for the lake and the serving table (DuckDB in both profiles). */
export async function openParquetFiles(deps: AdapterDeps): Promise<ParquetFiles> {
  return (await import('./analytics/duckdb/parquet-files.js')).createDuckdbParquetFiles(deps);
}
