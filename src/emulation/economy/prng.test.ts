import { describe, expect, it } from 'vitest';
import { hashString, Rng, seedOf } from './prng.js';

describe('Rng', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = Rng.of(42, 'c0001', 'documents');
    const b = Rng.of(42, 'c0001', 'documents');
    const c = Rng.of(42, 'c0002', 'documents');
    const seq = (r: Rng): number[] => Array.from({ length: 20 }, () => r.uint32());
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
    expect(seedOf(1, 'a', 'b')).not.toBe(seedOf(1, 'ab'));
    expect(hashString('x')).toBe(hashString('x'));
  });

  it('draws within ranges and with the right means', () => {
    const rng = new Rng(7);
    let sum = 0;
    let poisson = 0;
    let big = 0;
    const ints = new Set<number>();
    let lowest = 1;
    let highest = 0;
    for (let i = 0; i < 20_000; i++) {
      const u = rng.next();
      lowest = Math.min(lowest, u);
      highest = Math.max(highest, u);
      ints.add(rng.int(3, 5));
      sum += u;
      poisson += rng.poisson(2.5);
      big += rng.poisson(50);
    }
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(highest).toBeLessThan(1);
    expect(ints).toEqual(new Set([3, 4, 5]));
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
    expect(poisson / 20_000).toBeCloseTo(2.5, 1);
    expect(big / 20_000 / 50).toBeCloseTo(1, 1);
    expect(rng.poisson(0)).toBe(0);
    expect(() => rng.pick([])).toThrow(RangeError);
  });
});
