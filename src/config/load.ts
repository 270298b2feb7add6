import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors/index.js';
import { type Config, ConfigSchema } from './schema.js';

export interface LoadOptions {
  readonly dataDir?: string;
  readonly file?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly overrides?: Partial<Config>;
}

/**
 * Defaults, then an optional JSON file (LP_CONFIG or --config), then LP_* variables, then
 * command-line overrides. This module is the only reader of process.env.
 */
export function loadConfig(opts: LoadOptions = {}): Config {
  const env = opts.env ?? process.env;
  const file = opts.file ?? env['LP_CONFIG'];
  let fromFile: Record<string, unknown> = {};
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (cause) {
      throw new ConfigError('LP_CONFIG_INVALID', `cannot read config file ${file}: ${(cause as Error).message}`);
    }
  }
  const dataDir = resolve(
    opts.dataDir ?? opts.overrides?.dataDir ?? (fromFile['dataDir'] as string) ?? env['LP_DATA_DIR'] ?? '.data',
  );
  const masterKeyFile = env['LEDGERPULSE_MASTER_KEY_FILE'];
  const defaultKeyFile = join(dataDir, 'master.key');
  const masterKey =
    env['LEDGERPULSE_MASTER_KEY'] ??
    (masterKeyFile ? readFileSync(masterKeyFile, 'utf8').trim() : undefined) ??
    (existsSync(defaultKeyFile) ? readFileSync(defaultKeyFile, 'utf8').trim() : undefined);
  const merged = {
    dataDir,
    storeUrl: `sqlite://${join(dataDir, 'store.db')}`,
    queueUrl: `sqlite://${join(dataDir, 'queue.db')}`,
    sharedUrl: 'memory:',
    logLevel: 'warn',
    ...fromFile,
    ...(env['LP_STORE_URL'] ? { storeUrl: env['LP_STORE_URL'] } : {}),
    ...(env['LP_QUEUE_URL'] ? { queueUrl: env['LP_QUEUE_URL'] } : {}),
    ...(env['LP_SHARED_URL'] ? { sharedUrl: env['LP_SHARED_URL'] } : {}),
    ...(env['LP_LOG_LEVEL'] ? { logLevel: env['LP_LOG_LEVEL'] } : {}),
    ...(env['LP_METRICS_PORT'] ? { metricsPort: Number(env['LP_METRICS_PORT']) } : {}),
    ...(masterKey ? { masterKey } : {}),
    ...opts.overrides,
  };
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError('LP_CONFIG_INVALID', `configuration invalid at ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return Object.freeze(parsed.data);
}

/** Reads an environment variable for the CLI (e.g. LP_TEST_* service URLs) through the config layer. */
export function envValue(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[name];
}
