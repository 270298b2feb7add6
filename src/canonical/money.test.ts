import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, cmp, isZero, mul, neg, round, sub, toDecimal } from './money.js';

/** The reference: what money.ts computed on decimal.js alone, before the integer fast path. */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
const ref = {
  add: (...values: string[]) => values.reduce((acc, v) => acc.plus(new D(v)), new D(0)).toFixed(),
  sub: (a: string, b: string) => new D(a).minus(new D(b)).toFixed(),
  mul: (a: string, b: string) => new D(a).times(new D(b)).toFixed(),
  neg: (a: string) => new D(a).negated().toFixed(),
  cmp: (a: string, b: string) => new D(a).comparedTo(new D(b)),
  isZero: (a: string) => new D(a).isZero(),
  round: (a: string, places: number) => new D(a).toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toFixed(places),
  toDecimal: (a: string) => new D(a.trim()).toFixed(),
};

/**
 * Decimal texts as payloads write them: an optional "-" (negative zeros included), leading zeros,
 * 0 to 6 places with trailing zeros, and lengths on both sides of the fast path's 15-digit limit.
 */
const amount = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant(''), fc.constant('0'), fc.constant('00')),
    fc.oneof(fc.integer({ min: 0, max: 999_999 }).map(String), fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String)),
    fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9]{1,6}$/)),
  )
  .map(([negative, lead, whole, frac]) => `${negative ? '-' : ''}${lead}${whole}${frac ? `.${frac}` : ''}`);

/** Around the rounding boundaries: x.xx5 with a few digits either side. */
const nearHalf = fc
  .tuple(fc.boolean(), fc.integer({ min: 0, max: 100_000 }), fc.constantFrom('5', '50', '500', '49', '51', '05', '15'))
  .map(
    ([negative, whole, tail]) =>
      `${negative ? '-' : ''}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}${tail}`,
  );

const anyAmount = fc.oneof(
  amount,
  nearHalf,
  fc.constantFrom('0', '-0', '0.00', '-0.00', '999999999999999', '-999999999999999.9'),
);

describe('money fast path gives decimal.js results exactly', () => {
  const runs = { numRuns: 1500, seed: 20261203 };

  it('add', () => {
    fc.assert(
      fc.property(fc.array(anyAmount, { maxLength: 6 }), (values) => {
        expect(add(...values)).toBe(ref.add(...values));
      }),
      runs,
    );
  });

  it('sub, mul, cmp', () => {
    fc.assert(
      fc.property(anyAmount, anyAmount, (a, b) => {
        expect(sub(a, b)).toBe(ref.sub(a, b));
        expect(mul(a, b)).toBe(ref.mul(a, b));
        expect(cmp(a, b)).toBe(ref.cmp(a, b));
      }),
      runs,
    );
  });

  it('neg, isZero, toDecimal', () => {
    fc.assert(
      fc.property(anyAmount, (a) => {
        expect(neg(a)).toBe(ref.neg(a));
        expect(isZero(a)).toBe(ref.isZero(a));
        expect(toDecimal(` ${a} `)).toBe(ref.toDecimal(a));
      }),
      runs,
    );
  });

  it('round half to even at 0 to 6 places', () => {
    fc.assert(
      fc.property(anyAmount, fc.integer({ min: 0, max: 6 }), (a, places) => {
        expect(round(a, places)).toBe(ref.round(a, places));
      }),
      runs,
    );
  });

  it('numbers and bigints read through their text, as before', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()), (n) => {
        expect(toDecimal(n)).toBe(new D(String(n)).toFixed());
        expect(add(n, '0.10')).toBe(ref.add(String(n), '0.10'));
        expect(mul(n, '3')).toBe(ref.mul(String(n), '3'));
      }),
      runs,
    );
    expect(add(10n ** 30n, 1n)).toBe('1000000000000000000000000000001');
  });

  it('known cases', () => {
    expect(round('0.125', 2)).toBe('0.12');
    expect(round('0.135', 2)).toBe('0.14');
    expect(round('-0.001', 2)).toBe('0.00');
    expect(round('-0.015', 2)).toBe('-0.02');
    expect(round('7', 2)).toBe('7.00');
    expect(add('1.50', '2.50')).toBe('4');
    expect(sub('-0', '0')).toBe('0');
    expect(mul('-0', '5')).toBe('0');
    expect(neg('0')).toBe('0');
    expect(add()).toBe('0');
    expect(toDecimal('007.50')).toBe('7.5');
  });

  it('still refuses what decimal.js refuses', () => {
    expect(() => add('1.00', 'abc')).toThrow();
    expect(() => sub('1.', 'x')).toThrow();
    expect(() => round('12,50', 2)).toThrow();
    expect(() => toDecimal('1.2.3')).toThrow(RangeError);
  });
});
