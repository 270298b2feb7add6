import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envValue, loadConfig } from '../config/load.js';
import { createRuntime, type OpenRuntime } from '../main.js';
import { RAW_TOPIC } from '../pipeline/context.js';
import { SYNC_TOPIC } from '../pipeline/jobs.js';
import type { SyncReport } from '../pipeline/runner.js';
import { type RoleEvent, type RoleProcess, startRoleProcess } from './demo-processes.js';
import {
  type DemoOptions,
  demoEconomy,
  finishDemo,
  registerDemoConnections,
  startDemoEmulators,
  waitForRawDrain,
} from './demo-steps.js';
import type { EmulatorHandle } from './emulators.js';
import { type LeaseEvent, leaseOverlaps } from './lease-overlaps.js';
import { UsageError } from './output.js';
import { createProgress } from './progress.js';

export interface DistributedUrls {
  readonly runId: string;
  readonly storeUrl: string;
  readonly queueUrl: string;
  readonly sharedUrl: string;
}

function pick(flag: string | undefined, ...names: string[]): string | undefined {
  return flag ?? names.map((n) => envValue(n)).find((v) => v !== undefined && v !== '');
}

function needScheme(what: string, url: string | undefined, schemes: readonly string[], env: string): URL {
  const hint = `set ${env} or run \`eval "$(scripts/services --print-env)"\` to use the local services`;
  if (!url) throw new UsageError(`the distributed demo needs a ${what} URL: ${hint}`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`${what} URL is not a URL: ${url}`);
  }
  if (!schemes.includes(u.protocol)) {
    throw new UsageError(
      `the distributed demo needs a ${schemes.join(' or ')} ${what} URL, got ${u.protocol}; ${hint}`,
    );
  }
  return u;
}

/**
 * The services' URLs, each narrowed to this run: a fresh PostgreSQL schema, a queue prefix and a
 * Redis prefix named after the run id, so runs never see each other's data or messages.
 */
export function distributedUrls(o: DemoOptions, now = new Date()): DistributedUrls {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const runId = o.runId ?? `demo_${stamp}_${randomBytes(2).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(runId)) {
    throw new UsageError(`--run-id must be a lower-case identifier (a-z, 0-9, _), got "${runId}"`);
  }
  const store = needScheme(
    'store',
    pick(o.storeUrl, 'LP_STORE_URL', 'LP_TEST_POSTGRES_URL'),
    ['postgres:', 'postgresql:', 'mysql:', 'mariadb:'],
    'LP_STORE_URL',
  );
  if (store.protocol.startsWith('postgres')) {
    if (!store.searchParams.has('schema')) store.searchParams.set('schema', runId);
    if (!store.searchParams.has('poolSize')) store.searchParams.set('poolSize', '4');
  }
  const queue = needScheme(
    'queue',
    pick(o.queueUrl, 'LP_QUEUE_URL', 'LP_TEST_AMQP_URL'),
    ['amqp:', 'amqps:'],
    'LP_QUEUE_URL',
  );
  if (!queue.searchParams.has('prefix')) queue.searchParams.set('prefix', `lp.${runId}.`);
  const shared = needScheme(
    'shared state',
    pick(o.sharedUrl, 'LP_SHARED_URL', 'LP_TEST_REDIS_URL'),
    ['redis:', 'rediss:'],
    'LP_SHARED_URL',
  );
  if (!shared.searchParams.has('prefix')) shared.searchParams.set('prefix', `lp:${runId}:`);
  return { runId, storeUrl: store.href, queueUrl: queue.href, sharedUrl: shared.href };
}

/** A URL fit for printing: no password. */
function shown(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.href;
}

function positive(text: string | undefined, fallback: number, what: string): number {
  const n = Number(text ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${what} must be a positive integer`);
  return n;
}

/** SIGTERM, and SIGKILL if the worker has not finished within `ms`. */
async function stopOrKill(w: RoleProcess, ms: number): Promise<void> {
  const timer = setTimeout(() => w.kill(), ms);
  try {
    await w.stop();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The distributed profile end to end: this process registers the connections and watches; the
 * roles run as their own processes (connector and normalizer workers, and `scheduler --once`)
 * against PostgreSQL, RabbitMQ and Redis, exactly as they would in production. The report is built
 * from the connectors' turn events and the store, like the embedded demo's.
 */
export async function runDistributedDemo(o: DemoOptions): Promise<void> {
  const started = Date.now();
  const connectors = positive(o.connectors, 2, '--connectors');
  const normalizers = positive(o.normalizers, 2, '--normalizers');
  const deadline = started + positive(o.timeout, 600, '--timeout') * 1000;
  const urls = distributedUrls(o);
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'ledgerpulse-distributed-'));
  mkdirSync(dataDir, { recursive: true });
  const masterKey = envValue('LEDGERPULSE_MASTER_KEY') || randomBytes(32).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LP_STORE_URL: urls.storeUrl,
    LP_QUEUE_URL: urls.queueUrl,
    LP_SHARED_URL: urls.sharedUrl,
    LEDGERPULSE_MASTER_KEY: masterKey,
    LP_DATA_DIR: dataDir,
    LP_LOG_LEVEL: envValue('LP_LOG_LEVEL') ?? 'warn',
    LP_METRICS_PORT: '0',
  };
  process.stderr.write(
    `Ledgerpulse demo (distributed, run ${urls.runId}):\n  store ${shown(urls.storeUrl)}\n` +
      `  queue ${shown(urls.queueUrl)}\n  shared ${shown(urls.sharedUrl)}\n  report in ${dataDir}\n`,
  );
  const demo = demoEconomy(o);
  // The parent migrates the schema before any worker starts, so workers never race to create it.
  const rt: OpenRuntime = await createRuntime(loadConfig({ dataDir, env }));
  const handles: EmulatorHandle[] = [];
  const workers: RoleProcess[] = [];
  try {
    handles.push(...(await startDemoEmulators(demo, o.faults)));
    const companies = await registerDemoConnections(rt, demo, handles);

    const reports: SyncReport[] = [];
    const finished = new Set<string>();
    let pages = 0;
    let records = 0;
    const progress = createProgress();
    const leases: LeaseEvent[] = [];
    const onEvent = (e: RoleEvent) => {
      if (e.event === 'lease') leases.push(e as unknown as LeaseEvent);
      if (e.event !== 'turn' || e['skipped']) return;
      const r = e as unknown as SyncReport;
      reports.push(r);
      for (const s of r.streams) {
        pages += s.pages;
        records += s.records;
      }
      if (!r.more) finished.add(r.connectionId);
      progress.update(finished.size, `${pages} pages, ${records} records`);
    };
    // The scheduler starts with the workers: its jobs wait in the queue until a connector takes them.
    process.stderr.write(
      `Starting ${connectors} connector and ${normalizers} normalizer process(es) and the scheduler\n`,
    );
    progress.start('Syncing companies', companies.length);
    const starting = [
      ...Array.from({ length: connectors }, () => startRoleProcess('connector', { env, onEvent, echoStderr: true })),
      ...Array.from({ length: normalizers }, () => startRoleProcess('normalizer', { env, echoStderr: true })),
    ];
    const scheduling = startRoleProcess('scheduler', { env, args: ['--once', '--no-metrics'], echoStderr: true });
    const settled = await Promise.allSettled([...starting, scheduling]);
    for (const s of settled) if (s.status === 'fulfilled') workers.push(s.value);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const scheduler = await scheduling;
    workers.splice(workers.indexOf(scheduler), 1);
    const code = await scheduler.exited;
    if (code !== 0) throw new Error(`scheduler --once failed (exit ${code}): ${scheduler.stderrTail()}`);

    const wanted = companies.map((c) => c.id);
    for (;;) {
      const crashed = workers.find((w) => w.hasExited());
      if (crashed) throw new Error(`a ${crashed.role} process exited during the run: ${crashed.stderrTail()}`);
      if (wanted.every((id) => finished.has(id))) break;
      if (Date.now() > deadline) {
        const left = wanted.filter((id) => !finished.has(id));
        throw new Error(`timed out waiting for ${left.length} connection(s) to sync: ${left.slice(0, 5).join(', ')}`);
      }
      await rt.clock.sleep(100);
    }
    progress.stop();
    await waitForRawDrain(rt, deadline);
    // Workers finish what they hold before exiting, so nothing is left in flight afterwards.
    await Promise.all(workers.map((w) => stopOrKill(w, 60_000)));
    const [raw, sync] = await Promise.all([rt.queue.stats(RAW_TOPIC), rt.queue.stats(SYNC_TOPIC)]);
    if (raw.ready + raw.delayed > 0) process.stderr.write(`warning: ${raw.ready + raw.delayed} raw message(s) left\n`);
    await finishDemo(rt, {
      dataDir,
      demo,
      reports,
      started,
      handles,
      json: o.json === true,
      extra: {
        profile: 'distributed',
        runId: urls.runId,
        store: shown(urls.storeUrl),
        queue: shown(urls.queueUrl),
        shared: shown(urls.sharedUrl),
        processes: { connector: connectors, normalizer: normalizers, scheduler: 1 },
        // From the connectors' lease events: every hold of a connection, and any two that overlapped.
        leaseHolds: leases.filter((l) => l.phase === 'acquired').length,
        leaseOverlaps: leaseOverlaps(leases),
        syncJobsLeft: sync.ready + sync.delayed,
      },
    });
  } finally {
    await Promise.all(workers.filter((w) => !w.hasExited()).map((w) => stopOrKill(w, 10_000)));
    await Promise.all(handles.map((h) => h.close()));
    await rt.close();
  }
}
