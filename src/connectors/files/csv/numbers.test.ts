import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDecimal } from '../../../canonical/index.js';
import { decimalEvidence, parseLocaleDecimal } from './numbers.js';

describe('parseLocaleDecimal', () => {
  it.each([
    ['1,234.56', '.', '1234.56'],
    ['1.234,56', ',', '1234.56'],
    ['1 234,56', ',', '1234.56'],
    ['1\u202f234,56', ',', '1234.56'],
    ["1'234.56", '.', '1234.56'],
    ['12,5', ',', '12.5'],
    ['-3.61', '.', '-3.61'],
    ['3.61-', '.', '-3.61'],
    ['(42.00)', '.', '-42'],
    ['$1,000.00', '.', '1000'],
    ['EUR 12,50', ',', '12.5'],
    ['12,50 €', ',', '12.5'],
    ['0.00', '.', '0'],
  ] as const)('%s with %s -> %s', (text, sep, expected) => {
    expect(parseLocaleDecimal(text, sep)).toBe(expected);
  });

  it.each([
    ['1,23.45', '.'],
    ['12.5', ','],
    ['abc', '.'],
    ['1.2.3', '.'],
    ['', '.'],
    ['12 apples', '.'],
  ] as const)('refuses %j with %s', (text, sep) => {
    expect(parseLocaleDecimal(text, sep)).toBeNull();
  });

  it('reads back any amount written with either convention and thousands grouping', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.boolean(), (cents, comma) => {
        const negative = cents < 0n;
        const abs = negative ? -cents : cents;
        const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, comma ? '.' : ',');
        const text = `${negative ? '-' : ''}${whole}${comma ? ',' : '.'}${(abs % 100n).toString().padStart(2, '0')}`;
        const expected = toDecimal(`${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`);
        expect(parseLocaleDecimal(text, comma ? ',' : '.')).toBe(expected === '-0' ? '0' : expected);
      }),
      { seed: 20260105, numRuns: 300 },
    );
  });
});

describe('decimalEvidence', () => {
  it.each([
    ['1,234.56', '.'],
    ['1.234,56', ','],
    ['12,5', ','],
    ['12.50', '.'],
    ['1,234,567', '.'],
    ['1.234.567', ','],
    ['1,500', 'ambiguous'],
    ['1.500', 'ambiguous'],
    ['42', null],
  ] as const)('%s says %s', (text, expected) => {
    expect(decimalEvidence(text)).toBe(expected);
  });
});
