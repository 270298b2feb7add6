import type { ConnectorDefinition } from '../connectors/kit/define.js';
import type { Consumer, HandlerResult } from '../ports/queue.js';
import type { Gate } from './backpressure.js';
import { isoNow, type Runtime } from './context.js';
import { type SyncReport, syncConnection } from './runner.js';
import { isDue } from './scheduler.js';

/** The queue topic sync jobs travel on: one message per connection turn. */
export const SYNC_TOPIC = 'sync';

export interface SyncJob {
  readonly connectionId: string;
  readonly turn: number;
}

export interface PlanOptions {
  readonly minIntervalMs: number;
  readonly failureBackoffMs?: number;
  readonly gate?: Gate;
}

/**
 * The scheduler role's step: publish one sync job per due connection. Job ids are per connection
 * and time bucket, so two schedulers planning at once publish each job once.
 */
export async function planSyncs(rt: Runtime, opts: PlanOptions): Promise<number> {
  if (opts.gate) await opts.gate();
  const bucket = Math.floor(rt.clock.now() / opts.minIntervalMs);
  const jobs = [];
  for (const c of await rt.store.connections.list()) {
    if (
      await isDue(rt, c, {
        minIntervalMs: opts.minIntervalMs,
        ...(opts.failureBackoffMs ? { failureBackoffMs: opts.failureBackoffMs } : {}),
      })
    ) {
      const body: SyncJob = { connectionId: c.id, turn: 0 };
      jobs.push({ id: `${c.id}:${bucket}`, body });
    }
  }
  await rt.queue.publish(SYNC_TOPIC, jobs);
  rt.logger.child({ role: 'scheduler' }).info({ jobs: jobs.length, at: isoNow(rt.clock) }, 'planned syncs');
  return jobs.length;
}

export interface ConnectorRoleOptions {
  readonly concurrency: number;
  readonly maxPagesPerTurn: number;
  readonly gate?: Gate;
  readonly owner: string;
  readonly loadConnector: (platform: string) => Promise<ConnectorDefinition>;
  readonly onSync?: (r: SyncReport) => void;
}

/**
 * The connector role: takes sync jobs, runs one turn of the connection (at most maxPagesPerTurn
 * pages per stream), and re-publishes a continuation at the back of the queue if there is more,
 * which is what gives every connection its fair share.
 */
export function startConnectorRole(rt: Runtime, opts: ConnectorRoleOptions): Consumer {
  return rt.queue.consume(
    SYNC_TOPIC,
    async (d): Promise<HandlerResult> => {
      const job = d.body as SyncJob;
      const connection = await rt.store.connections.get(job.connectionId);
      if (!connection) return { kind: 'ack' };
      const connector = await opts.loadConnector(connection.platform);
      const report = await syncConnection(rt, connection, connector, {
        owner: opts.owner,
        maxPagesPerTurn: opts.maxPagesPerTurn,
        ...(opts.gate ? { gate: opts.gate } : {}),
      });
      opts.onSync?.(report);
      if (report.skipped) return { kind: 'retry', delayMs: 1000, reason: 'connection busy in another worker' };
      if (report.more) {
        const next: SyncJob = { connectionId: job.connectionId, turn: job.turn + 1 };
        await rt.queue.publish(SYNC_TOPIC, [{ id: `${d.id}:t${next.turn}`, body: next }]);
      }
      return { kind: 'ack' };
    },
    { prefetch: opts.concurrency, maxAttempts: 10 },
  );
}
