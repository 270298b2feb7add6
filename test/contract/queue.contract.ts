import { describe, expect, it } from 'vitest';
import type { Delivery, Queue } from '../../src/ports/queue.js';
import { waitFor } from '../support/deadline.js';

/** One suite every queue adapter runs (SQLite, RabbitMQ). `open` gives an empty queue each call. */
export function describeQueueContract(name: string, open: () => Promise<Queue>, topicPrefix = 't') {
  let n = 0;
  const topic = () => `${topicPrefix}-${process.pid}-${Date.now()}-${n++}`;

  describe(`Queue contract: ${name}`, () => {
    it('delivers every published message once when acked', async () => {
      const q = await open();
      const t = topic();
      try {
        await q.publish(
          t,
          Array.from({ length: 50 }, (_, i) => ({ id: `m${i}`, body: { i } })),
        );
        const seen: number[] = [];
        const c = q.consume(
          t,
          async (d) => {
            seen.push((d.body as { i: number }).i);
            return { kind: 'ack' };
          },
          { prefetch: 8 },
        );
        await waitFor(() => seen.length >= 50, { what: '50 deliveries' });
        await c.stop();
        expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
        await waitFor(async () => (await q.stats(t)).ready === 0 && (await q.stats(t)).inFlight === 0, {
          what: 'empty queue',
        });
      } finally {
        await q.close();
      }
    });

    it('retries a failed message and counts attempts', async () => {
      const q = await open();
      const t = topic();
      try {
        await q.publish(t, [{ id: 'r1', body: 'x' }]);
        const attempts: number[] = [];
        const c = q.consume(
          t,
          async (d: Delivery) => {
            attempts.push(d.attempt);
            if (d.attempt < 3) return { kind: 'retry', delayMs: 10, reason: 'not yet' };
            return { kind: 'ack' };
          },
          { maxAttempts: 5 },
        );
        await waitFor(() => attempts.length >= 3, { what: 'three attempts' });
        await c.stop();
        expect(attempts).toEqual([1, 2, 3]);
      } finally {
        await q.close();
      }
    });

    it('dead-letters after the delivery limit and keeps serving the messages behind it', async () => {
      const q = await open();
      const t = topic();
      try {
        await q.publish(t, [
          { id: 'poison', body: { poison: true } },
          { id: 'ok1', body: { ok: 1 } },
          { id: 'ok2', body: { ok: 2 } },
        ]);
        const ok: number[] = [];
        const c = q.consume(
          t,
          async (d) => {
            const b = d.body as { poison?: boolean; ok?: number };
            if (b.poison) throw new Error('cannot parse');
            ok.push(b.ok ?? 0);
            return { kind: 'ack' };
          },
          { maxAttempts: 3, retryBaseMs: 5 },
        );
        await waitFor(async () => (await q.stats(t)).dead === 1 && ok.length === 2, { what: 'poison dead-lettered' });
        await c.stop();
        const dead = await q.takeDeadLetters(t, 10);
        expect(dead).toHaveLength(1);
        expect(dead[0]?.id).toBe('poison');
        expect(dead[0]?.reason).toContain('cannot parse');
        expect(dead[0]?.body).toEqual({ poison: true });
        expect((await q.stats(t)).dead).toBe(0);
      } finally {
        await q.close();
      }
    });

    it('redelivers a message whose consumer stopped without settling it', async () => {
      const q = await open();
      const t = topic();
      try {
        await q.publish(t, [{ id: 'x', body: 1 }]);
        const got: number[] = [];
        const c1 = q.consume(
          t,
          async (d) => {
            got.push(d.attempt);
            return { kind: 'retry', delayMs: 0, reason: 'worker going away' };
          },
          { maxAttempts: 5 },
        );
        await waitFor(() => got.length >= 1);
        await c1.stop();
        const c2 = q.consume(t, async (d) => {
          got.push(d.attempt);
          return { kind: 'ack' };
        });
        await waitFor(() => got.length >= 2);
        await c2.stop();
        expect(got[got.length - 1]).toBeGreaterThan(1);
      } finally {
        await q.close();
      }
    });

    it('reports depth and the age of the oldest ready message', async () => {
      const q = await open();
      const t = topic();
      try {
        await q.publish(t, [
          { id: 'a', body: 1 },
          { id: 'b', body: 2 },
        ]);
        const s = await waitFor(async () => {
          const st = await q.stats(t);
          return st.ready === 2 ? st : null;
        });
        expect(s.dead).toBe(0);
        expect(s.oldestAgeMs).toBeGreaterThanOrEqual(0);
      } finally {
        await q.close();
      }
    });
  });
}
