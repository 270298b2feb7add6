import type { Clock } from '../ports/clock.js';
import type { Queue, QueueStats } from '../ports/queue.js';
import type { SharedState } from '../ports/shared-state.js';
import { RAW_TOPIC } from './context.js';
import type { PressureLevel } from './metrics.js';

export type { PressureLevel } from './metrics.js';

export interface BackpressureLimits {
  /** Depth (ready + in flight + delayed) at which new pages wait and the scheduler pauses. */
  readonly maxDepth: number;
  /** Age of the oldest ready message at which new pages wait and the scheduler pauses. */
  readonly maxAgeMs: number;
  /** Fraction of either limit at which the scheduler slows down (default 0.5). */
  readonly slowAt?: number;
  /** Poll interval while held back. */
  readonly pollMs?: number;
  /** How long the gate keeps asking a queue that fails to report its depth before it fails (default 10 s). */
  readonly probeRetryMs?: number;
}

export interface Pressure {
  readonly level: PressureLevel;
  readonly depth: number;
  readonly ageMs: number;
  readonly stats: QueueStats;
}

export type PressureProbe = () => Promise<Pressure>;

export interface Gate {
  (): Promise<void>;
  readonly waits: { count: number; totalMs: number };
}

/**
 * The newest publish time of a raw message any normalizer has taken, kept in shared state. A
 * RabbitMQ quorum queue cannot be peeked, and a process that neither publishes nor consumes the raw
 * topic (the scheduler) has no idea of its age otherwise: every message still ready was published
 * after that time (first in, first out), so `now - head` bounds the oldest one's age from above.
 */
export interface QueueHead {
  observe(publishedAt: number): void;
  publishedAt(): Promise<number | null>;
}

export function sharedQueueHead(
  shared: SharedState,
  clock: Clock,
  topic: string = RAW_TOPIC,
  minWriteIntervalMs = 500,
): QueueHead {
  const key = `queue-head:${topic}`;
  let newest = 0;
  let written = 0;
  let lastWriteAt = 0;
  return {
    observe(publishedAt) {
      newest = Math.max(newest, publishedAt);
      const now = clock.now();
      // Throttled: one write per interval per process is plenty for an estimate.
      if (newest <= written || now - lastWriteAt < minWriteIntervalMs) return;
      written = newest;
      lastWriteAt = now;
      shared.setValue(key, String(newest), 24 * 3_600_000).catch(() => {
        written = 0; // try again on the next delivery
      });
    },
    async publishedAt() {
      const v = await shared.getValue(key);
      const n = v === null ? Number.NaN : Number(v);
      return Number.isFinite(n) && n > 0 ? n : null;
    },
  };
}

/** ok below `slowAt` of both limits, paused at either limit, slow in between. */
export function levelOf(depth: number, ageMs: number, limits: BackpressureLimits): PressureLevel {
  if (depth >= limits.maxDepth || ageMs >= limits.maxAgeMs) return 'paused';
  const slowAt = limits.slowAt ?? 0.5;
  if (depth >= limits.maxDepth * slowAt || ageMs >= limits.maxAgeMs * slowAt) return 'slow';
  return 'ok';
}

/**
 * Reads the raw queue's pressure. The age is the smallest of the upper bounds known here: the
 * adapter's own estimate, the shared head (see QueueHead), and the time since this process last saw
 * the queue empty; 0 when the queue has nothing ready.
 */
export function rawQueuePressure(
  queue: Queue,
  clock: Clock,
  limits: BackpressureLimits,
  head?: QueueHead,
): PressureProbe {
  let lastEmptyAt: number | null = null;
  return async () => {
    const stats = await queue.stats(RAW_TOPIC);
    const now = clock.now();
    const depth = stats.ready + stats.inFlight + stats.delayed;
    let ageMs = 0;
    if (stats.ready === 0) lastEmptyAt = now;
    else {
      const bounds: number[] = [];
      if (stats.oldestAgeMs > 0) bounds.push(stats.oldestAgeMs);
      const published = head ? await head.publishedAt().catch(() => null) : null;
      if (published !== null) bounds.push(Math.max(0, now - published));
      if (lastEmptyAt !== null) bounds.push(now - lastEmptyAt);
      ageMs = bounds.length > 0 ? Math.min(...bounds) : 0;
    }
    return { level: levelOf(depth, ageMs, limits), depth, ageMs, stats };
  };
}

export interface GateOptions {
  readonly head?: QueueHead;
  /** Called once per hold with how long the caller waited. */
  readonly onWait?: (waitedMs: number) => void;
  readonly onPressure?: (p: Pressure) => void;
}

/**
 * Holds connectors back while the raw queue is paused (at its depth or age limit), so a burst of
 * pages from one connection cannot flood the normalizers; every connector passes through the same
 * gate before each page. With N syncs running at once the depth can pass the limit by at most N
 * pages (each checked the gate before the others published).
 */
export function rawQueueGate(
  queue: Queue,
  clock: Clock,
  limits: BackpressureLimits,
  signal?: AbortSignal,
  opts: GateOptions = {},
): Gate {
  const waits = { count: 0, totalMs: 0 };
  const pollMs = limits.pollMs ?? 50;
  const probe = rawQueuePressure(queue, clock, limits, opts.head);
  const gate = async () => {
    const started = clock.now();
    let held = false;
    for (;;) {
      let p: Pressure;
      try {
        p = await probe();
      } catch (error) {
        // The queue cannot say its depth right now (its connection is recovering): wait and ask
        // again rather than fail the turn, up to the limit, then let the caller's retry take over.
        if (signal?.aborted || clock.now() - started >= (limits.probeRetryMs ?? 10_000)) throw error;
        await clock.sleep(pollMs * 4, signal).catch(() => undefined);
        continue;
      }
      opts.onPressure?.(p);
      if (p.level !== 'paused' || signal?.aborted) break;
      held = true;
      await clock.sleep(pollMs, signal).catch(() => undefined);
    }
    if (held) {
      const waited = clock.now() - started;
      waits.count++;
      waits.totalMs += waited;
      opts.onWait?.(waited);
    }
  };
  return Object.assign(gate, { waits });
}
