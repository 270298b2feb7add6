import { describe, expect, it } from 'vitest';
import type { SharedState } from '../../src/ports/shared-state.js';

/** One suite every shared-state adapter runs (memory, Redis). Keys are unique per call. */
export function describeSharedStateContract(name: string, open: () => Promise<SharedState>) {
  let n = 0;
  const key = (k: string) => `${k}-${process.pid}-${Date.now()}-${n++}`;

  describe(`SharedState contract: ${name}`, () => {
    it('grants a token bucket up to its capacity, then says how long to wait', async () => {
      const s = await open();
      try {
        const k = key('bucket');
        const rule = { capacity: 3, refillPerSecond: 1 };
        const results = [];
        for (let i = 0; i < 4; i++) results.push(await s.take(k, rule));
        expect(results.slice(0, 3).every((r) => r.granted)).toBe(true);
        expect(results[3]?.granted).toBe(false);
        expect(results[3]?.waitMs).toBeGreaterThan(0);
        expect(results[3]?.waitMs).toBeLessThanOrEqual(1000);
      } finally {
        await s.close();
      }
    });

    it('gives a lease to one owner at a time, with increasing fencing tokens', async () => {
      const s = await open();
      try {
        const k = key('lease');
        const a = await s.acquire(k, 'worker-a', 10_000);
        expect(a).not.toBeNull();
        expect(await s.acquire(k, 'worker-b', 10_000)).toBeNull();
        if (!a) throw new Error('no lease');
        expect(await s.isCurrent(k, a.fencingToken)).toBe(true);
        const renewed = await s.renew(a, 10_000);
        expect(renewed?.fencingToken).toBe(a.fencingToken);
        await s.release(a);
        const b = await s.acquire(k, 'worker-b', 10_000);
        expect(b?.fencingToken).toBeGreaterThan(a.fencingToken);
        // The old holder's token is stale: its writes must be refused.
        expect(await s.isCurrent(k, a.fencingToken)).toBe(false);
        expect(await s.renew(a, 10_000)).toBeNull();
      } finally {
        await s.close();
      }
    });

    it('lets a lease lapse after its ttl', async () => {
      const s = await open();
      try {
        const k = key('ttl');
        const a = await s.acquire(k, 'a', 1);
        expect(a).not.toBeNull();
        const deadline = Date.now() + 2000;
        let b = await s.acquire(k, 'b', 10_000);
        while (!b && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 5));
          b = await s.acquire(k, 'b', 10_000);
        }
        expect(b?.owner).toBe('b');
      } finally {
        await s.close();
      }
    });

    it('caches values with a ttl', async () => {
      const s = await open();
      try {
        const k = key('val');
        expect(await s.getValue(k)).toBeNull();
        await s.setValue(k, 'token-1');
        expect(await s.getValue(k)).toBe('token-1');
        await s.setValue(k, 'token-2', 60_000);
        expect(await s.getValue(k)).toBe('token-2');
      } finally {
        await s.close();
      }
    });
  });
}
