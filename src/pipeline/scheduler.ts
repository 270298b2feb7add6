import type { ConnectorDefinition } from '../connectors/kit/define.js';
import type { Connection } from '../ports/connection-store.js';
import type { Gate } from './backpressure.js';
import { isoNow, type Runtime } from './context.js';
import { type SyncReport, syncConnection } from './runner.js';
import { intervalFor } from './schedule.js';

export interface SchedulerOptions {
  readonly concurrency: number;
  /** Run each due connection until it has nothing more, then return (demo, tests, cron). */
  readonly once?: boolean;
  /** A connection synced less than this long ago is not due. */
  readonly minIntervalMs?: number;
  /** Base of the backoff after failed syncs (doubles per consecutive failure, capped at 1 h). */
  readonly failureBackoffMs?: number;
  readonly maxPagesPerTurn?: number;
  readonly gate?: Gate;
  readonly signal?: AbortSignal;
  readonly connectionIds?: readonly string[];
  readonly loadConnector: (platform: string) => Promise<ConnectorDefinition>;
  readonly onSync?: (report: SyncReport) => void;
  readonly owner?: string;
}

/** Is a connection due: never synced, stale (by its own schedule, else minIntervalMs), and not backing off after failures? */
export interface DuePolicy {
  readonly once?: boolean;
  readonly minIntervalMs?: number;
  readonly failureBackoffMs?: number;
}

export async function isDue(rt: Runtime, c: Connection, opts: DuePolicy): Promise<boolean> {
  const states = await rt.store.connections.getState(c.id);
  if (states.length === 0) return true;
  const now = rt.clock.now();
  const failures = Math.max(...states.map((s) => s.failures));
  if (failures > 0) {
    const last = Math.max(...states.map((s) => Date.parse(s.lastSyncAt ?? '1970-01-01T00:00:00Z')));
    const backoff = Math.min(3_600_000, (opts.failureBackoffMs ?? 30_000) * 2 ** (failures - 1));
    if (now - last < backoff && !opts.once) return false;
  }
  const oldest = Math.min(...states.map((s) => (s.lastSyncAt ? Date.parse(s.lastSyncAt) : 0)));
  return opts.once || now - oldest >= intervalFor(c.schedule, opts.minIntervalMs ?? 15 * 60_000);
}

/**
 * Decides which connection to sync when and runs up to `concurrency` at once. Fair share: a
 * connection syncs at most `maxPagesPerTurn` pages per stream in one turn and then goes to the
 * back of the line, so one huge new customer cannot starve the others. A lease per connection
 * (taken by the runner) means two schedulers never sync one connection at once.
 */
export async function runScheduler(rt: Runtime, opts: SchedulerOptions): Promise<SyncReport[]> {
  const log = rt.logger.child({ role: 'scheduler' });
  const reports: SyncReport[] = [];
  const all = await rt.store.connections.list();
  const wanted = opts.connectionIds ? all.filter((c) => opts.connectionIds?.includes(c.id)) : all;
  const line: Connection[] = [];
  for (const c of wanted) if (await isDue(rt, c, opts)) line.push(c);
  const running = new Set<Promise<void>>();
  while ((line.length > 0 || running.size > 0) && !opts.signal?.aborted) {
    while (line.length > 0 && running.size < opts.concurrency) {
      const c = line.shift() as Connection;
      const p = (async () => {
        const connector = await opts.loadConnector(c.platform);
        const report = await syncConnection(rt, c, connector, {
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.gate ? { gate: opts.gate } : {}),
          ...(opts.maxPagesPerTurn ? { maxPagesPerTurn: opts.maxPagesPerTurn } : {}),
          ...(opts.owner ? { owner: opts.owner } : {}),
        });
        reports.push(report);
        opts.onSync?.(report);
        if (report.more) line.push(c);
      })()
        .catch((error) => log.error({ connectionId: c.id, err: String(error), at: isoNow(rt.clock) }, 'sync crashed'))
        .finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size > 0) await Promise.race(running);
  }
  await Promise.all(running);
  return reports;
}
