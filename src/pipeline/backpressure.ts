import type { Clock } from '../ports/clock.js';
import type { Queue } from '../ports/queue.js';
import { RAW_TOPIC } from './context.js';

export interface BackpressureLimits {
  /** Depth (ready + in flight + delayed) above which new pages wait. */
  readonly maxDepth: number;
  /** Age of the oldest ready message above which new pages wait. */
  readonly maxAgeMs: number;
  /** Poll interval while held back. */
  readonly pollMs?: number;
}

export interface Gate {
  (): Promise<void>;
  readonly waits: { count: number; totalMs: number };
}

/**
 * Holds connectors back while the raw queue is over its limits, so a burst of pages from one
 * connection cannot flood the normalizers; every connector passes through the same gate per page.
 */
export function rawQueueGate(queue: Queue, clock: Clock, limits: BackpressureLimits, signal?: AbortSignal): Gate {
  const waits = { count: 0, totalMs: 0 };
  const pollMs = limits.pollMs ?? 50;
  const gate = async () => {
    const started = clock.now();
    let held = false;
    for (;;) {
      const s = await queue.stats(RAW_TOPIC);
      const depth = s.ready + s.inFlight + s.delayed;
      if (depth < limits.maxDepth && s.oldestAgeMs < limits.maxAgeMs) break;
      if (signal?.aborted) break;
      held = true;
      await clock.sleep(pollMs, signal);
    }
    if (held) {
      waits.count++;
      waits.totalMs += clock.now() - started;
    }
  };
  return Object.assign(gate, { waits });
}
