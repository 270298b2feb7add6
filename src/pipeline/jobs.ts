import { randomUUID } from 'node:crypto';
import type { ConnectorDefinition } from '../connectors/kit/define.js';
import type { Connection } from '../ports/connection-store.js';
import type { Consumer, HandlerResult, OutboundMessage } from '../ports/queue.js';
import type { Gate, PressureProbe } from './backpressure.js';
import { isoNow, type Runtime } from './context.js';
import type { PipelineMetrics, PressureLevel, SyncLag } from './metrics.js';
import { type SyncReport, syncConnection } from './runner.js';
import { intervalFor } from './schedule.js';
import { isDue } from './scheduler.js';

/** The queue topic sync jobs travel on: one message per connection turn. */
export const SYNC_TOPIC = 'sync';

export interface SyncJob {
  readonly connectionId: string;
  readonly turn: number;
  /** Id of the planned job this turn continues (continuations are named after it). */
  readonly plan?: string;
}

export interface PlanOptions {
  readonly minIntervalMs: number;
  readonly failureBackoffMs?: number;
  /** Raw-queue pressure: planning slows at 'slow' and holds at 'paused'. */
  readonly pressure?: PressureProbe;
  /** Jobs published per step while the raw queue is under 'slow' pressure (default 1). */
  readonly slowBatch?: number;
  /** Time between steps while slowed or paused, when draining (default 1000 ms). */
  readonly stepMs?: number;
  /**
   * Keep stepping until every due job is out (`scheduler --once`). Otherwise publish what the
   * pressure allows now and leave the rest to the next round.
   */
  readonly drain?: boolean;
  readonly signal?: AbortSignal;
  readonly metrics?: PipelineMetrics;
}

export interface PlanReport {
  readonly due: number;
  readonly planned: number;
  /** Due, but planned by this or another scheduler within the interval (its job is still out). */
  readonly alreadyPlanned: number;
  /** Held back by backpressure; planned in a later round. */
  readonly deferred: number;
  readonly level: PressureLevel;
}

/**
 * The scheduler role's step: publish one sync job per due connection, pacing itself by the raw
 * queue's pressure. A connection is claimed in shared state for 90% of the interval before its job
 * goes out, so any number of schedulers (or rounds of one) publish each job once per interval, even
 * while a long first sync keeps the connection due.
 */
export async function planSyncs(rt: Runtime, opts: PlanOptions): Promise<PlanReport> {
  const log = rt.logger.child({ role: 'scheduler' });
  const stepMs = opts.stepMs ?? 1000;
  const slowBatch = Math.max(1, opts.slowBatch ?? 1);
  const owner = `plan-${randomUUID()}`;
  const pending: Connection[] = [];
  for (const c of await rt.store.connections.list()) {
    const due = await isDue(rt, c, {
      minIntervalMs: opts.minIntervalMs,
      ...(opts.failureBackoffMs ? { failureBackoffMs: opts.failureBackoffMs } : {}),
    });
    if (due) pending.push(c);
  }
  const due = pending.length;
  let planned = 0;
  let alreadyPlanned = 0;
  let level: PressureLevel = 'ok';
  while (pending.length > 0 && !opts.signal?.aborted) {
    if (opts.pressure) {
      const p = await opts.pressure();
      level = p.level;
      opts.metrics?.pressure(p.level, p.depth, p.ageMs);
    }
    if (level === 'paused') {
      if (!opts.drain) break;
      await rt.clock.sleep(stepMs, opts.signal).catch(() => undefined);
      continue;
    }
    const batch = pending.splice(0, level === 'slow' ? slowBatch : pending.length);
    const jobs: OutboundMessage[] = [];
    for (const c of batch) {
      // Claimed for 90% of the connection's own interval (its schedule, else minIntervalMs).
      const intervalMs = intervalFor(c.schedule, opts.minIntervalMs);
      const claimMs = Math.max(1000, Math.floor(intervalMs * 0.9));
      const bucket = Math.floor(rt.clock.now() / intervalMs);
      if (!(await rt.shared.acquire(`plan:${c.id}`, owner, claimMs))) {
        alreadyPlanned++;
        continue;
      }
      const id = `${c.id}:${bucket}`;
      const body: SyncJob = { connectionId: c.id, turn: 0, plan: id };
      jobs.push({ id, body });
    }
    if (jobs.length > 0) await rt.queue.publish(SYNC_TOPIC, jobs);
    planned += jobs.length;
    if (pending.length > 0 && level === 'slow') {
      if (!opts.drain) break;
      await rt.clock.sleep(stepMs, opts.signal).catch(() => undefined);
    }
  }
  const report: PlanReport = { due, planned, alreadyPlanned, deferred: pending.length, level };
  opts.metrics?.syncJobs('planned', planned);
  opts.metrics?.syncJobs('already_planned', alreadyPlanned);
  opts.metrics?.syncJobs('deferred', report.deferred);
  log.info({ ...report, at: isoNow(rt.clock) }, 'planned syncs');
  return report;
}

export interface ConnectorRoleOptions {
  readonly concurrency: number;
  readonly maxPagesPerTurn: number;
  readonly gate?: Gate;
  /** Names this process in lease owners; every turn adds its own suffix. */
  readonly owner: string;
  readonly loadConnector: (platform: string) => Promise<ConnectorDefinition>;
  readonly onSync?: (r: SyncReport) => void;
  /** Connection lease length, renewed at every checkpoint (default 120 s). */
  readonly leaseMs?: number;
  /** Deliveries of one job before it is dead-lettered (default 10). */
  readonly maxAttempts?: number;
  /** Aborts the turns in progress (shutdown after the grace period); they are redone later. */
  readonly signal?: AbortSignal;
  readonly metrics?: PipelineMetrics;
}

function isSyncJob(body: unknown): body is SyncJob {
  const j = body as Partial<SyncJob> | null;
  return typeof j?.connectionId === 'string' && typeof j.turn === 'number';
}

/**
 * The connector role: takes sync jobs, runs one turn of the connection (at most maxPagesPerTurn
 * pages per stream), and re-publishes a continuation at the back of the queue if there is more,
 * which is what gives every connection its fair share. The runner's lease keeps two turns of one
 * connection apart, across processes and within one.
 */
export function startConnectorRole(rt: Runtime, opts: ConnectorRoleOptions): Consumer {
  const log = rt.logger.child({ role: 'connector' });
  const leaseMs = opts.leaseMs ?? 120_000;
  return rt.queue.consume(
    SYNC_TOPIC,
    async (d): Promise<HandlerResult> => {
      if (!isSyncJob(d.body)) return { kind: 'dead', reason: 'message is not a sync job' };
      const job = d.body;
      const connection = await rt.store.connections.get(job.connectionId);
      if (!connection) {
        log.warn({ connectionId: job.connectionId, messageId: d.id }, 'sync job for an unknown connection; dropped');
        return { kind: 'ack' };
      }
      const connector = await opts.loadConnector(connection.platform);
      const started = rt.clock.now();
      let report: SyncReport;
      try {
        report = await syncConnection(rt, connection, connector, {
          // One owner per turn: two turns of one connection in this process must exclude each other too.
          owner: `${opts.owner}:${randomUUID().slice(0, 8)}`,
          maxPagesPerTurn: opts.maxPagesPerTurn,
          leaseMs,
          ...(opts.gate ? { gate: opts.gate } : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
          onPage: (_id, stream, page) => opts.metrics?.pageFetched(connection.platform, stream, page.records.length),
        });
      } catch (error) {
        if (opts.signal?.aborted) {
          return { kind: 'retry', delayMs: 1000, reason: 'connector stopped mid-turn; the turn is redone' };
        }
        throw error;
      }
      opts.metrics?.syncTurn(connection.platform, report, (rt.clock.now() - started) / 1000);
      opts.onSync?.(report);
      if (report.skipped) {
        // A first delivery is a duplicate of a job the holder is running: it continues on its own.
        // A redelivery may be the very job a crashed holder was running: try again once its lease
        // can have expired.
        if (d.attempt <= 1) return { kind: 'ack' };
        return { kind: 'retry', delayMs: Math.min(60_000, leaseMs / 2), reason: 'connection leased by another turn' };
      }
      // A stream that failed transiently (its page not stored or not published, a 5xx burst past the
      // client's own retries) is redone by retrying this job from the last checkpoint, instead of
      // leaving the connection half-synced until the scheduler's next round.
      const failed = report.streams.filter((s) => s.error !== null && s.retryable);
      if (failed.length > 0) {
        const retryAt = Math.max(0, ...failed.map((s) => s.retryAt ?? 0));
        return {
          kind: 'retry',
          ...(retryAt > 0 ? { delayMs: Math.max(0, retryAt - rt.clock.now()) } : {}),
          reason: `stream ${failed.map((s) => s.stream).join(', ')} failed: ${failed[0]?.error ?? ''}`,
        };
      }
      if (report.more) {
        const plan = job.plan ?? d.id;
        const next: SyncJob = { connectionId: job.connectionId, turn: job.turn + 1, plan };
        await rt.queue.publish(SYNC_TOPIC, [{ id: `${plan}:t${next.turn}`, body: next }]);
      }
      return { kind: 'ack' };
    },
    {
      prefetch: opts.concurrency,
      maxAttempts: opts.maxAttempts ?? 10,
      onError: (error, d) => log.warn({ err: String(error), messageId: d.id, attempt: d.attempt }, 'sync job failed'),
    },
  );
}

/**
 * How long ago each connection last finished syncing all its streams (the least recently synced
 * stream counts); a connection never synced counts from its creation.
 */
export async function syncLags(rt: Runtime): Promise<SyncLag[]> {
  const now = rt.clock.now();
  const out: SyncLag[] = [];
  for (const c of await rt.store.connections.list()) {
    const states = await rt.store.connections.getState(c.id);
    const times = states.map((s) => (s.lastSyncAt ? Date.parse(s.lastSyncAt) : Date.parse(c.createdAt)));
    const oldest = times.length > 0 ? Math.min(...times) : Date.parse(c.createdAt);
    out.push({ connectionId: c.id, platform: c.platform, seconds: Math.max(0, (now - oldest) / 1000) });
  }
  return out;
}
