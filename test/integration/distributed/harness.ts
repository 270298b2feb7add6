import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, it } from 'vitest';
import { allQueueNames, topicQueues } from '../../../src/adapters/queue/rabbitmq/topology.js';
import type { EmulatorEndpoints } from '../../../src/cli/demo-steps.js';
import { emulators } from '../../../src/cli/emulators.js';
import { loadConfig } from '../../../src/config/load.js';
import {
  type ApiPlatform,
  type CompanySpec,
  createFaultInjector,
  documentAt,
  type Economy,
} from '../../../src/emulation/economy/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { createRuntime, type OpenRuntime } from '../../../src/main.js';
import { RAW_TOPIC } from '../../../src/pipeline/context.js';
import { SYNC_TOPIC } from '../../../src/pipeline/jobs.js';

/**
 * Shared set-up of the distributed-profile tests: the three services from scripts/services, one
 * PostgreSQL schema, queue prefix and Redis prefix per run (removed afterwards), emulators in this
 * process, and the canonical counts the economy says a full sync must produce.
 */

export interface ServiceUrls {
  readonly postgres: string;
  readonly amqp: string;
  readonly redis: string;
}

const SERVICES = [
  { adapter: 'postgres', env: 'LP_TEST_POSTGRES_URL', key: 'postgres' },
  { adapter: 'rabbitmq', env: 'LP_TEST_AMQP_URL', key: 'amqp' },
  { adapter: 'redis', env: 'LP_TEST_REDIS_URL', key: 'redis' },
] as const;

// Destructured: tsc wants env[...] and Biome wants env.X; both accept this.
const {
  LP_ADAPTERS: adapters = '',
  LP_TEST_DISTRIBUTED_PLATFORMS: platformList = 'shopify',
  LP_TEST_POSTGRES_URL,
  LP_TEST_AMQP_URL,
  LP_TEST_REDIS_URL,
} = process.env;
const VALUES: Record<string, string | undefined> = {
  LP_TEST_POSTGRES_URL,
  LP_TEST_AMQP_URL,
  LP_TEST_REDIS_URL,
};

/** Platforms the end-to-end runs sync; widen with LP_TEST_DISTRIBUTED_PLATFORMS=shopify,xero,… */
export const PLATFORMS = platformList
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean) as ApiPlatform[];

/**
 * A suite on the three services: skipped when LP_ADAPTERS leaves one of them out, failing with the
 * way to fix it when one of the LP_TEST_* variables is missing.
 */
export function describeDistributed(name: string, body: (urls: ServiceUrls) => void): void {
  const only = adapters
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const left = SERVICES.filter((s) => only.length > 0 && !only.includes(s.adapter));
  if (left.length > 0) {
    describe.skip(`${name} (LP_ADAPTERS=${only.join(',')} leaves out ${left.map((s) => s.adapter).join(', ')})`, () => {
      it('is not run', () => {});
    });
    return;
  }
  const missing = SERVICES.filter((s) => !VALUES[s.env]);
  if (missing.length > 0) {
    describe(name, () => {
      it(`needs ${missing.map((s) => s.env).join(', ')}`, () => {
        throw new Error(
          `${missing.map((s) => s.env).join(', ')} not set: run \`eval "$(scripts/services --print-env)"\` ` +
            '(starts PostgreSQL, RabbitMQ and Redis) or set them, or leave the distributed profile out with ' +
            'LP_ADAPTERS=sqlite,memory',
        );
      });
    });
    return;
  }
  const urls: ServiceUrls = {
    postgres: LP_TEST_POSTGRES_URL ?? '',
    amqp: LP_TEST_AMQP_URL ?? '',
    redis: LP_TEST_REDIS_URL ?? '',
  };
  describe(name, () => body(urls));
}

export interface Run {
  readonly id: string;
  readonly storeUrl: string;
  readonly queueUrl: string;
  readonly sharedUrl: string;
  readonly masterKey: string;
  readonly dataDir: string;
  readonly urls: ServiceUrls;
}

/** Names everything of one run after a fresh id. `queueUrl` may be replaced (a relay in front of the broker). */
export function newRun(urls: ServiceUrls, tag: string): Run {
  const id = `lp_t_${tag}_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const store = new URL(urls.postgres);
  store.searchParams.set('schema', id);
  store.searchParams.set('poolSize', '3');
  const queue = new URL(urls.amqp);
  queue.searchParams.set('prefix', `lp.${id}.`);
  const shared = new URL(urls.redis);
  shared.searchParams.set('prefix', `lp:${id}:`);
  return {
    id,
    storeUrl: store.href,
    queueUrl: queue.href,
    sharedUrl: shared.href,
    masterKey: randomBytes(32).toString('hex'),
    dataDir: mkdtempSync(join(tmpdir(), `${id}-`)),
    urls,
  };
}

/** The environment a role process of this run gets. */
export function roleEnv(run: Run, extra: Record<string, string> = {}, queueUrl = run.queueUrl): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LP_CONFIG: '',
    LP_STORE_URL: run.storeUrl,
    LP_QUEUE_URL: queueUrl,
    LP_SHARED_URL: run.sharedUrl,
    LEDGERPULSE_MASTER_KEY: run.masterKey,
    LP_DATA_DIR: run.dataDir,
    LP_LOG_LEVEL: 'warn',
    LP_METRICS_PORT: '0',
    ...extra,
  };
}

/** A runtime of this run in the test process (the "operator" side: registers, watches, counts). */
export function openRun(run: Run, queueUrl = run.queueUrl): Promise<OpenRuntime> {
  const config = loadConfig({
    dataDir: run.dataDir,
    env: {
      LP_STORE_URL: run.storeUrl,
      LP_QUEUE_URL: queueUrl,
      LP_SHARED_URL: run.sharedUrl,
      LEDGERPULSE_MASTER_KEY: run.masterKey,
    },
  });
  return createRuntime(config, { logger: silentLogger() });
}

/** Drops the schema, deletes the run's queues and Redis keys. */
export async function removeRun(
  run: Pick<Run, 'id' | 'urls'>,
  topics: readonly string[] = [RAW_TOPIC, SYNC_TOPIC],
): Promise<void> {
  const admin = new pg.Client({ connectionString: run.urls.postgres });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists ${run.id} cascade`);
  } finally {
    await admin.end();
  }
  const conn = await amqp.connect(run.urls.amqp);
  try {
    const ch = await conn.createChannel();
    for (const t of topics) for (const q of allQueueNames(topicQueues(`lp.${run.id}.`, t))) await ch.deleteQueue(q);
  } finally {
    await conn.close();
  }
  const redis = new Redis(run.urls.redis);
  try {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `lp:${run.id}:*`, 'COUNT', 500);
      if (found.length) await redis.del(...found);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

export interface Emulated {
  readonly endpoints: EmulatorEndpoints[];
  violations(): number;
  requests(): number;
  close(): Promise<void>;
}

/** The platforms' emulators, in this process (the connectors under test run in other processes). */
export async function startEmulators(economy: Economy, platforms: readonly ApiPlatform[]): Promise<Emulated> {
  const running = await Promise.all(
    platforms.map(async (platform) => {
      const start = await emulators[platform]();
      const emu = await start({ economy, faults: createFaultInjector(economy.config.seed, 'none') });
      const credentials: Record<string, Record<string, string>> = {};
      const urls: Record<string, string> = {};
      for (const c of economy.companiesOn(platform)) {
        credentials[c.account] = emu.credentialsFor(c.account);
        urls[c.account] = emu.shopUrl ? emu.shopUrl(c.account) : emu.baseUrl;
      }
      return { emu, endpoints: { platform, baseUrl: emu.baseUrl, credentials, urls } };
    }),
  );
  return {
    endpoints: running.map((r) => r.endpoints),
    violations: () => running.reduce((a, r) => a + r.emu.stats().rateLimitViolations, 0),
    requests: () => running.reduce((a, r) => a + r.emu.stats().requests, 0),
    close: async () => {
      await Promise.all(running.map((r) => r.emu.close()));
    },
  };
}

type Counts = Record<string, { live: number; deleted: number }>;

/** Live canonical records per kind one company's full sync yields, by platform. */
const EXPECTED: Partial<Record<ApiPlatform, (economy: Economy, spec: CompanySpec) => Record<string, number>>> = {
  shopify: (economy, spec) => {
    const book = economy.company(spec.id);
    const orders = book.documents.filter((d) => {
      if (d.kind !== 'sales_order') return false;
      const s = documentAt(d, economy.endAt);
      return s !== null && s !== undefined && s.status !== 'deleted';
    });
    return {
      company: 1,
      sales_order: orders.length,
      product: book.products.length,
      inventory_level: book.inventoryAt(economy.endAt).length,
    };
  },
};

export function expectedCounts(economy: Economy, specs: readonly CompanySpec[]): Counts {
  const out: Counts = {};
  for (const spec of specs) {
    const f = EXPECTED[spec.platform];
    if (!f) throw new Error(`no expected counts for ${spec.platform} yet: add them to EXPECTED in harness.ts`);
    for (const [kind, n] of Object.entries(f(economy, spec))) {
      const c = out[kind] ?? { live: 0, deleted: 0 };
      c.live += n;
      out[kind] = c;
    }
  }
  return out;
}

/** Counts with the kinds in a stable order, for toEqual. */
export function sorted(c: Counts): Counts {
  return Object.fromEntries(Object.entries(c).sort(([a], [b]) => a.localeCompare(b)));
}

/** The sum of a metric's samples whose labels include `labels`, from Prometheus text. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => have.includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}

export async function scrape(baseUrl: string | null, path = '/metrics'): Promise<{ status: number; text: string }> {
  if (!baseUrl) throw new Error('the process has no metrics endpoint');
  const res = await fetch(`${baseUrl}${path}`);
  return { status: res.status, text: await res.text() };
}
