import { hostname } from 'node:os';
import type { Command } from 'commander';
import { loadConnector } from '../../connectors/registry.js';
import type { OpenRuntime } from '../../main.js';
import {
  type BackpressureLimits,
  rawQueueGate,
  rawQueuePressure,
  sharedQueueHead,
} from '../../pipeline/backpressure.js';
import { RAW_TOPIC, type Runtime } from '../../pipeline/context.js';
import { planSyncs, SYNC_TOPIC, startConnectorRole, syncLags } from '../../pipeline/jobs.js';
import {
  createPrometheusMetrics,
  limitLabel,
  observeQueue,
  observeSharedState,
  type PrometheusMetrics,
  type SyncLag,
} from '../../pipeline/metrics.js';
import { reviewDeadLetters, startNormalizer } from '../../pipeline/normalizer.js';
import type { Consumer } from '../../ports/queue.js';
import { type MetricsEndpoint, runtimeHealthChecks, startMetricsEndpoint } from '../../server/metrics-endpoint.js';
import { type RoleFlags, type RoleName, type RoleSettings, resolveRoleSettings } from '../role-settings.js';
import { openCliRuntime } from '../runtime.js';

/** The pieces every role shares: instrumented runtime, metrics endpoint, event output, shutdown. */
interface RoleContext {
  readonly rt: Runtime;
  readonly metrics: PrometheusMetrics;
  readonly settings: RoleSettings;
  emit(event: Record<string, unknown>, text?: string): void;
  /** Resolves at the first SIGINT/SIGTERM; a second one exits at once. */
  readonly stopRequested: Promise<void>;
  close(): Promise<void>;
}

async function openRole(role: RoleName, flags: RoleFlags) {
  const base: OpenRuntime = await openCliRuntime(flags);
  let settings: RoleSettings;
  try {
    settings = resolveRoleSettings(role, flags, base.config);
  } catch (error) {
    await base.close();
    throw error;
  }
  const metrics = createPrometheusMetrics({ role });
  const now = () => base.clock.now();
  const emit = (event: Record<string, unknown>, text?: string) => {
    if (flags.json) process.stdout.write(`${JSON.stringify({ role, pid: process.pid, ...event })}\n`);
    else if (text) process.stdout.write(`${text}\n`);
  };
  const head = sharedQueueHead(base.shared, base.clock, RAW_TOPIC);
  const shared = observeSharedState(base.shared, now, {
    rateLimitWait: (key, waitMs) => metrics.rateLimitWait(limitLabel(key), waitMs),
    leaseAcquired: (connectionId, lease, at) => {
      metrics.leaseHeld(1);
      emit({ event: 'lease', phase: 'acquired', connectionId, owner: lease.owner, token: lease.fencingToken, at });
    },
    leaseReleased: (connectionId, lease, at) => {
      metrics.leaseHeld(-1);
      emit({ event: 'lease', phase: 'released', connectionId, owner: lease.owner, token: lease.fencingToken, at });
    },
  });
  const queue = observeQueue(base.queue, now, {
    delivered: (topic, d) => {
      if (topic === RAW_TOPIC) head.observe(d.publishedAt);
    },
    settled: (topic, outcome, ms) => metrics.batchSettled(topic, outcome, ms / 1000),
  });
  const rt: Runtime = { ...base, shared, queue };
  const probe = rawQueuePressure(queue, base.clock, settings.raw, head);
  metrics.watchQueue(RAW_TOPIC, async () => {
    const p = await probe();
    return { ...p.stats, ageMs: p.ageMs };
  });
  // The normalizer never touches the sync topic; asking the broker about it would only log 404s.
  if (role !== 'normalizer') {
    metrics.watchQueue(SYNC_TOPIC, async () => {
      const s = await queue.stats(SYNC_TOPIC);
      return { ...s, ageMs: s.oldestAgeMs };
    });
  }

  const abort = new AbortController();
  let running = true;
  const stopRequested = new Promise<void>((resolve) => {
    const onSignal = () => {
      if (!running) process.exit(130);
      running = false;
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  let endpoint: MetricsEndpoint | null = null;
  try {
    if (settings.metricsPort !== null) {
      endpoint = await startMetricsEndpoint({
        port: settings.metricsPort,
        host: settings.metricsHost,
        source: metrics.registry,
        checks: runtimeHealthChecks(rt, () => running),
        info: { role, pid: process.pid },
      });
    }
  } catch (error) {
    await base.close();
    throw error;
  }
  const where = endpoint ? `; metrics at ${endpoint.url}/metrics, health at ${endpoint.url}/healthz` : '';
  emit(
    { event: 'ready', metricsPort: endpoint?.port ?? null, metricsUrl: endpoint?.url ?? null },
    `${role} ready (pid ${process.pid})${where}`,
  );
  const ctx: RoleContext = {
    rt,
    metrics,
    settings,
    emit,
    stopRequested,
    async close() {
      running = false;
      abort.abort();
      await endpoint?.close();
      await base.close();
      emit({ event: 'stopped' }, `${role} stopped`);
    },
  };
  return { ctx, head, probe, abort };
}

/** Stops taking work, lets what is in hand finish for the grace period, then aborts it. */
async function stopWithGrace(consumer: Consumer, graceMs: number, abort: AbortController): Promise<void> {
  const stopped = consumer.stop();
  const timer = setTimeout(() => abort.abort(), graceMs);
  try {
    await stopped;
  } finally {
    clearTimeout(timer);
  }
}

function cachedFor<T>(ms: number, now: () => number, read: () => Promise<T>): () => Promise<T> {
  let at = -Infinity;
  let last: Promise<T> | null = null;
  return () => {
    if (!last || now() - at > ms) {
      at = now();
      last = read();
    }
    return last;
  };
}

async function runScheduler(flags: RoleFlags): Promise<void> {
  const { ctx, probe } = await openRole('scheduler', flags);
  const { rt, metrics, settings: s } = ctx;
  const stop = new AbortController();
  void ctx.stopRequested.then(() => stop.abort());
  metrics.watchSyncLag(
    cachedFor<SyncLag[]>(
      15_000,
      () => rt.clock.now(),
      () => syncLags(rt),
    ),
  );
  try {
    do {
      try {
        const report = await planSyncs(rt, {
          minIntervalMs: s.scheduler.intervalMs,
          failureBackoffMs: s.scheduler.failureBackoffMs,
          pressure: probe,
          slowBatch: s.scheduler.slowBatch,
          stepMs: Math.min(s.scheduler.tickMs, 1000),
          drain: flags.once === true,
          signal: stop.signal,
          metrics,
        });
        ctx.emit(
          { event: 'plan', ...report },
          `planned ${report.planned} sync job(s); ${report.deferred} deferred (raw queue ${report.level})`,
        );
        metrics.deadLettersReviewed(await reviewDeadLetters(rt));
      } catch (error) {
        if (flags.once) throw error;
        rt.logger.error({ role: 'scheduler', err: String(error) }, 'planning round failed; retrying next tick');
      }
      if (flags.once) break;
      await rt.clock.sleep(s.scheduler.tickMs, stop.signal).catch(() => undefined);
    } while (!stop.signal.aborted);
  } finally {
    await ctx.close();
  }
}

async function runConnector(flags: RoleFlags): Promise<void> {
  const { ctx, head, abort } = await openRole('connector', flags);
  const { rt, metrics, settings: s } = ctx;
  try {
    const limits: BackpressureLimits = s.raw;
    const gate = rawQueueGate(rt.queue, rt.clock, limits, abort.signal, {
      head,
      onWait: (ms) => metrics.backpressureWait(ms),
      onPressure: (p) => metrics.pressure(p.level, p.depth, p.ageMs),
    });
    const consumer = startConnectorRole(rt, {
      concurrency: s.connector.concurrency,
      maxPagesPerTurn: s.connector.maxPagesPerTurn,
      leaseMs: s.connector.leaseMs,
      maxAttempts: s.connector.maxAttempts,
      gate,
      owner: `connector-${hostname()}-${process.pid}`,
      loadConnector,
      signal: abort.signal,
      metrics,
      onSync: (r) => ctx.emit({ event: 'turn', ...r }),
    });
    await ctx.stopRequested;
    await stopWithGrace(consumer, s.shutdownGraceMs, abort);
  } finally {
    await ctx.close();
  }
}

async function runNormalizer(flags: RoleFlags): Promise<void> {
  const { ctx, abort } = await openRole('normalizer', flags);
  const { rt, metrics, settings: s } = ctx;
  try {
    const consumer = startNormalizer(rt, {
      prefetch: s.normalizer.prefetch,
      maxAttempts: s.normalizer.maxAttempts,
      onBatch: (b) => metrics.normalized(b),
    });
    await ctx.stopRequested;
    await stopWithGrace(consumer, s.shutdownGraceMs, abort);
  } finally {
    await ctx.close();
  }
}

export function registerRoles(program: Command): void {
  const common = (c: Command) =>
    c
      .option('--data-dir <dir>', 'data directory (embedded profile)')
      .option('--config <file>', 'JSON config file (see docs/operations.md)')
      .option('--log-level <level>', 'fatal|error|warn|info|debug')
      .option('--metrics-port <port>', 'port of /metrics and /healthz (0 = any free port; LP_METRICS_PORT)')
      .option('--metrics-host <host>', 'address the metrics endpoint binds (default 127.0.0.1; LP_METRICS_HOST)')
      .option('--no-metrics', 'do not open the metrics endpoint')
      .option('--grace-ms <ms>', 'on SIGTERM, time to finish work in hand before aborting it')
      .option('--json', 'print one JSON line per event (ready, plan, turn, lease, stopped) on stdout');

  common(
    program
      .command('scheduler')
      .description(
        'role: plan sync jobs for due connections, slowing and pausing while the raw queue is over its limits',
      )
      .option('--interval <ms>', 'minimum time between syncs of one connection (LP_SCHEDULER_INTERVAL_MS)')
      .option('--tick <ms>', 'time between planning rounds (LP_SCHEDULER_TICK_MS)')
      .option('--slow-batch <n>', 'jobs per step while the raw queue is slow (LP_SCHEDULER_SLOW_BATCH)')
      .option('--once', 'plan every due connection (waiting out backpressure) and exit'),
  ).action(runScheduler);

  common(
    program
      .command('connector')
      .description('role: run sync jobs (one connection turn each), storing raw envelopes and publishing pages')
      .option('--concurrency <n>', 'connection turns at once in this process (LP_SYNC_CONCURRENCY)')
      .option('--max-pages <n>', 'pages per stream per turn, the fair share (LP_MAX_PAGES_PER_TURN)')
      .option('--lease-ms <ms>', 'connection lease length, renewed at each checkpoint (LP_SYNC_LEASE_MS)')
      .option('--max-attempts <n>', 'deliveries of one sync job before it is dead-lettered (LP_SYNC_MAX_ATTEMPTS)'),
  ).action(runConnector);

  common(
    program
      .command('normalizer')
      .description('role: map raw envelopes to canonical records, or to review items')
      .option('--concurrency <n>', 'raw messages in flight in this process (LP_NORMALIZER_PREFETCH)')
      .option('--max-attempts <n>', 'deliveries before a raw message is dead-lettered (LP_NORMALIZER_MAX_ATTEMPTS)'),
  ).action(runNormalizer);
}
