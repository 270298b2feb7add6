import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { envValue } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { UsageError } from './output.js';
import type { RuntimeFlags } from './runtime.js';

export type RoleName = 'scheduler' | 'connector' | 'normalizer';

export interface RoleFlags extends RuntimeFlags {
  metricsPort?: string;
  metricsHost?: string;
  metrics?: boolean;
  json?: boolean;
  graceMs?: string;
  interval?: string;
  tick?: string;
  slowBatch?: string;
  once?: boolean;
  concurrency?: string;
  maxPages?: string;
  leaseMs?: string;
  maxAttempts?: string;
}

const int = (min = 1) => z.number().int().min(min);

/** Role settings beyond src/config's Config; docs/operations.md lists every key and variable. */
const RoleSettingsSchema = z.object({
  metricsPort: int(0).max(65535).nullable(),
  metricsHost: z.string().min(1),
  shutdownGraceMs: int(0),
  raw: z.object({ maxDepth: int(), maxAgeMs: int(), slowAt: z.number().gt(0).max(1), pollMs: int() }),
  scheduler: z.object({ intervalMs: int(), tickMs: int(), slowBatch: int(), failureBackoffMs: int() }),
  connector: z.object({ concurrency: int(), maxPagesPerTurn: int(), leaseMs: int(1000), maxAttempts: int() }),
  normalizer: z.object({ prefetch: int(), maxAttempts: int() }),
});
export type RoleSettings = z.infer<typeof RoleSettingsSchema>;

/** Environment variable → settings path (numbers unless noted). */
export const ROLE_ENV: Readonly<Record<string, string>> = {
  LP_METRICS_HOST: 'metricsHost',
  LP_SHUTDOWN_GRACE_MS: 'shutdownGraceMs',
  LP_RAW_MAX_DEPTH: 'raw.maxDepth',
  LP_RAW_MAX_AGE_MS: 'raw.maxAgeMs',
  LP_RAW_SLOW_AT: 'raw.slowAt',
  LP_RAW_POLL_MS: 'raw.pollMs',
  LP_SCHEDULER_INTERVAL_MS: 'scheduler.intervalMs',
  LP_SCHEDULER_TICK_MS: 'scheduler.tickMs',
  LP_SCHEDULER_SLOW_BATCH: 'scheduler.slowBatch',
  LP_SCHEDULER_FAILURE_BACKOFF_MS: 'scheduler.failureBackoffMs',
  LP_SYNC_CONCURRENCY: 'connector.concurrency',
  LP_MAX_PAGES_PER_TURN: 'connector.maxPagesPerTurn',
  LP_SYNC_LEASE_MS: 'connector.leaseMs',
  LP_SYNC_MAX_ATTEMPTS: 'connector.maxAttempts',
  LP_NORMALIZER_PREFETCH: 'normalizer.prefetch',
  LP_NORMALIZER_MAX_ATTEMPTS: 'normalizer.maxAttempts',
};

type Tree = Record<string, unknown>;

function setPath(tree: Tree, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = tree;
  for (const p of parts.slice(0, -1)) {
    node[p] = { ...((node[p] as Tree | undefined) ?? {}) };
    node = node[p] as Tree;
  }
  node[parts[parts.length - 1] ?? ''] = value;
}

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' ? merge(b as Tree, v as Tree) : v;
  }
  return out;
}

/**
 * Defaults, then the Config (its file and LP_* variables), then the role keys of the same JSON
 * file, then the role variables, then command-line flags.
 */
export function resolveRoleSettings(
  role: RoleName,
  flags: RoleFlags,
  config: Config,
  env?: NodeJS.ProcessEnv,
): RoleSettings {
  let tree: Tree = {
    metricsPort: config.metricsPort ?? 0,
    metricsHost: '127.0.0.1',
    shutdownGraceMs: 10_000,
    raw: { ...config.raw, slowAt: 0.5, pollMs: 100 },
    scheduler: { intervalMs: 900_000, tickMs: 5_000, slowBatch: 1, failureBackoffMs: 30_000 },
    connector: { concurrency: config.concurrency.syncs, maxPagesPerTurn: 20, leaseMs: 120_000, maxAttempts: 10 },
    normalizer: { prefetch: config.concurrency.normalizerPrefetch, maxAttempts: 5 },
  };
  const file = flags.config ?? envValue('LP_CONFIG', env);
  if (file) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Tree;
    const pick: Tree = {};
    for (const k of ['metricsHost', 'shutdownGraceMs', 'scheduler', 'connector', 'normalizer']) pick[k] = json[k];
    const raw = json['raw'] as Tree | undefined;
    if (raw && 'slowAt' in raw) pick['raw'] = { slowAt: raw['slowAt'] };
    if (raw && 'pollMs' in raw) pick['raw'] = { ...(pick['raw'] as Tree), pollMs: raw['pollMs'] };
    tree = merge(tree, pick);
  }
  const fromEnv: Tree = {};
  for (const [name, path] of Object.entries(ROLE_ENV)) {
    const v = envValue(name, env);
    if (v !== undefined && v !== '') setPath(fromEnv, path, path === 'metricsHost' ? v : Number(v));
  }
  tree = merge(tree, fromEnv);
  const flagTree: Tree = {};
  const num = (v: string | undefined, path: string) => {
    if (v !== undefined) setPath(flagTree, path, Number(v));
  };
  if (flags.metrics === false) flagTree['metricsPort'] = null;
  else num(flags.metricsPort, 'metricsPort');
  if (flags.metricsHost) flagTree['metricsHost'] = flags.metricsHost;
  num(flags.graceMs, 'shutdownGraceMs');
  num(flags.interval, 'scheduler.intervalMs');
  num(flags.tick, 'scheduler.tickMs');
  num(flags.slowBatch, 'scheduler.slowBatch');
  num(flags.maxPages, 'connector.maxPagesPerTurn');
  num(flags.leaseMs, 'connector.leaseMs');
  num(flags.concurrency, role === 'normalizer' ? 'normalizer.prefetch' : 'connector.concurrency');
  num(flags.maxAttempts, role === 'normalizer' ? 'normalizer.maxAttempts' : 'connector.maxAttempts');
  tree = merge(tree, flagTree);
  const parsed = RoleSettingsSchema.safeParse(tree);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`role setting ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
