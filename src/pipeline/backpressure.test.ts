import { describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../adapters/shared-state/memory/shared-state.js';
import type { Clock } from '../ports/clock.js';
import type { Queue, QueueStats } from '../ports/queue.js';
import { levelOf, rawQueueGate, rawQueuePressure, sharedQueueHead } from './backpressure.js';

/** A clock whose sleep moves time forward at once (and lets the test change the world on each sleep). */
function steppingClock(start = 1_000_000, onSleep: (now: number) => void = () => {}) {
  let now = start;
  const clock: Clock & { advance(ms: number): void } = {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
      onSleep(now);
    },
    advance: (ms) => {
      now += ms;
    },
  };
  return clock;
}

function queueWith(stats: () => Partial<QueueStats>): Queue {
  return {
    capabilities: { deadLetter: true, delayedRetry: true },
    publish: async () => {},
    consume: () => ({ stop: async () => {} }),
    stats: async () => ({ ready: 0, inFlight: 0, delayed: 0, dead: 0, oldestAgeMs: 0, ...stats() }),
    takeDeadLetters: async () => [],
    close: async () => {},
  };
}

const LIMITS = { maxDepth: 100, maxAgeMs: 60_000 };

describe('levelOf', () => {
  it('is ok below half of both limits, slow from half, paused at either limit', () => {
    expect(levelOf(49, 29_999, LIMITS)).toBe('ok');
    expect(levelOf(50, 0, LIMITS)).toBe('slow');
    expect(levelOf(0, 30_000, LIMITS)).toBe('slow');
    expect(levelOf(100, 0, LIMITS)).toBe('paused');
    expect(levelOf(0, 60_000, LIMITS)).toBe('paused');
    expect(levelOf(80, 0, { ...LIMITS, slowAt: 0.9 })).toBe('ok');
  });
});

describe('rawQueuePressure', () => {
  it('takes the tightest known bound on the oldest message age, and 0 when nothing is ready', async () => {
    const clock = steppingClock();
    const shared = createMemorySharedState(clock);
    const head = sharedQueueHead(shared, clock);
    let stats: Partial<QueueStats> = { ready: 5 };
    const probe = rawQueuePressure(
      queueWith(() => stats),
      clock,
      LIMITS,
      head,
    );

    // Nothing known about age yet: depth alone decides.
    expect(await probe()).toMatchObject({ level: 'ok', depth: 5, ageMs: 0 });

    // A normalizer last took a message published 40 s ago: the rest is at most that old.
    head.observe(clock.now() - 40_000);
    await waitForValue(() => head.publishedAt());
    expect(await probe()).toMatchObject({ level: 'slow', ageMs: 40_000 });

    // The adapter's own estimate is tighter.
    stats = { ready: 5, oldestAgeMs: 10_000 };
    expect((await probe()).ageMs).toBe(10_000);

    // Seen empty 2 s ago: nothing ready can be older than that.
    stats = { ready: 0, inFlight: 3 };
    expect(await probe()).toMatchObject({ depth: 3, ageMs: 0 });
    clock.advance(2_000);
    stats = { ready: 5, oldestAgeMs: 10_000 };
    expect((await probe()).ageMs).toBe(2_000);
  });

  it('pauses on age alone', async () => {
    const clock = steppingClock();
    const probe = rawQueuePressure(
      queueWith(() => ({ ready: 1, oldestAgeMs: 61_000 })),
      clock,
      LIMITS,
    );
    expect((await probe()).level).toBe('paused');
  });
});

async function waitForValue<T>(read: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (v !== null) return v;
    await Promise.resolve();
  }
  throw new Error('no value');
}

describe('sharedQueueHead', () => {
  it('keeps the newest publish time and writes at most once per interval', async () => {
    const clock = steppingClock();
    const shared = createMemorySharedState(clock);
    const writes: string[] = [];
    const counting = {
      ...shared,
      setValue: async (k: string, v: string, t?: number) => {
        writes.push(v);
        await shared.setValue(k, v, t);
      },
    };
    const head = sharedQueueHead(counting, clock, 'raw', 500);
    head.observe(1000);
    head.observe(900);
    head.observe(1200);
    expect(writes).toEqual(['1000']);
    clock.advance(500);
    head.observe(1100);
    expect(writes).toEqual(['1000', '1200']);
    expect(await head.publishedAt()).toBe(1200);
  });
});

describe('rawQueueGate', () => {
  it('holds while the queue is at its limit and lets go when it drains, counting the wait', async () => {
    let depth = 150;
    const clock = steppingClock(1_000_000, () => {
      depth -= 20;
    });
    const waited: number[] = [];
    const gate = rawQueueGate(
      queueWith(() => ({ ready: depth })),
      clock,
      { ...LIMITS, pollMs: 100 },
      undefined,
      {
        onWait: (ms) => waited.push(ms),
      },
    );
    await gate();
    // 150 → 130 → 110 → 90: three polls of 100 ms.
    expect(depth).toBe(90);
    expect(gate.waits).toEqual({ count: 1, totalMs: 300 });
    expect(waited).toEqual([300]);
    await gate();
    expect(gate.waits.count).toBe(1);
  });

  it('lets go at once when its signal aborts', async () => {
    const stop = new AbortController();
    const clock = steppingClock(0, () => stop.abort());
    const gate = rawQueueGate(
      queueWith(() => ({ ready: 1000 })),
      clock,
      LIMITS,
      stop.signal,
    );
    await gate();
    expect(gate.waits.count).toBe(1);
  });
});
