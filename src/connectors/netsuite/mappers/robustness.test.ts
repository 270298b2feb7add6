import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, CanonicalRecord, cmp, mul, round, sub } from '../../../canonical/index.js';
import type { MapContext } from '../../kit/mapper.js';
import { mappers } from './index.js';

const ctx: MapContext = {
  platform: 'netsuite',
  connectionId: 'conn-ns-5',
  envelopeId: 'env_p',
  mappingVersion: 'test-1',
  timeZone: 'America/New_York',
  baseCurrency: 'USD',
};

const base = {
  id: '100',
  tranId: 'INV-1',
  tranDate: '2026-05-01',
  lastModifiedDate: '2026-05-01T12:00:00Z',
  entity: { id: '5', refName: 'C' },
  status: { id: 'Open', refName: 'Open' },
  currency: { id: '1', refName: 'US Dollar' },
  total: 10,
  item: { items: [{ line: 1, item: { id: '9' }, quantity: 1, rate: 10, amount: 10 }], totalResults: 1 },
};

/** Cents as a JSON number the way NetSuite writes money (shortest text of the double). */
const money = fc.integer({ min: 0, max: 10_000_000 }).map((c) => c / 100);

describe('bad input goes to review, never throws', () => {
  it.each([
    ['not JSON', '{"id": "1", ', 'LP_INPUT_NOT_JSON'],
    [
      'missing tranDate (schema drift renamed it)',
      { ...base, tranDate: undefined, trandate: '2026-05-01' },
      'LP_INPUT_SCHEMA',
    ],
    ['total of the wrong type', { ...base, total: true }, 'LP_INPUT_SCHEMA'],
    ['decimal comma', { ...base, total: '1.234,50' }, 'LP_INPUT_SCHEMA'],
    ['unknown currency name', { ...base, currency: { id: '9', refName: 'Monopoly Money' } }, 'LP_INPUT_MAPPING'],
    ['unknown status', { ...base, status: { id: 'Haunted' } }, 'LP_INPUT_MAPPING'],
    ['a line amount that is not a number', { ...base, item: { items: [{ amount: 'ten' }] } }, 'LP_INPUT_SCHEMA'],
    ['an array', '[]', 'LP_INPUT_SCHEMA'],
  ])('%s', (_name, payload, code) => {
    const result = mappers.invoice(typeof payload === 'string' ? payload : JSON.stringify(payload), ctx);
    expect('review' in result && result.review.code).toBe(code);
  });

  it('never throws on arbitrary JSON for any object', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...Object.keys(mappers)), (value, object) => {
        const mapper = mappers[object as keyof typeof mappers];
        const result = mapper(JSON.stringify(value), ctx);
        expect('ok' in result || 'review' in result).toBe(true);
      }),
      { seed: 11, numRuns: 400 },
    );
  });

  it('never throws when fields of a valid record are replaced by arbitrary values', () => {
    const keys = Object.keys(base) as (keyof typeof base)[];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
        const result = mappers.invoice({ ...base, [key]: value }, ctx);
        if ('ok' in result) for (const r of result.ok) CanonicalRecord.parse(r);
      }),
      { seed: 12, numRuns: 400 },
    );
  });
});

describe('money properties', () => {
  it('lines before discount − discounts + tax equals the total for consistent records, exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), money, money, money), { minLength: 1, maxLength: 8 }),
        (specs) => {
          const items: Record<string, unknown>[] = [];
          let expected = '0';
          let line = 1;
          for (const [qty, rate, discountRaw, tax] of specs) {
            // The JSON number NetSuite would send for quantity × rate, rounded to cents.
            const gross = round(mul(qty, rate), 2);
            const amount = Number(gross);
            const discount = cmp(String(discountRaw), gross) > 0 ? 0 : discountRaw;
            items.push({ line: line++, item: { id: '1' }, quantity: qty, rate, amount, tax1Amt: tax });
            if (discount > 0) items.push({ line: line++, itemType: { id: 'Discount' }, amount: -discount });
            expected = add(expected, sub(gross, String(discount)), String(tax));
          }
          const total = Number(expected);
          const result = mappers.invoice({ ...base, total, item: { items, totalResults: items.length } }, ctx);
          if (!('ok' in result)) throw new Error(JSON.stringify(result.review));
          const rec = CanonicalRecord.parse(result.ok[0]);
          if (rec.kind !== 'invoice') throw new Error(rec.kind);
          expect(cmp(add(sub(rec.subtotal, rec.discountTotal), rec.taxTotal), rec.total)).toBe(0);
          // Each canonical line total is its amount minus its folded discount.
          const lineTotals = rec.lines.reduce((acc, l) => add(acc, l.total), '0');
          expect(cmp(lineTotals, sub(rec.subtotal, rec.discountTotal))).toBe(0);
          // No float artefacts ever reach a canonical amount.
          for (const v of [rec.subtotal, rec.discountTotal, rec.taxTotal, rec.total])
            expect(v).toMatch(/^-?\d+(\.\d{1,2})?$/);
        },
      ),
      { seed: 13, numRuns: 300 },
    );
  });

  it('keeps the exact decimal text of any JSON amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (cents) => {
        const total = cents / 100;
        const result = mappers.invoice({ ...base, total, item: { items: [], totalResults: 0 } }, ctx);
        if (!('ok' in result)) throw new Error('review');
        const rec = CanonicalRecord.parse(result.ok[0]);
        if (rec.kind !== 'invoice') throw new Error(rec.kind);
        expect(cmp(rec.total, String(total))).toBe(0);
        expect(rec.total).toBe(String(total).replace(/^-0$/, '0'));
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});

describe('date properties', () => {
  it('keeps tranDate as the calendar date and lastModifiedDate as the UTC instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString();
          const result = mappers.invoice(
            { ...base, tranDate: iso.slice(0, 10), lastModifiedDate: `${iso.slice(0, 19)}Z` },
            ctx,
          );
          if (!('ok' in result)) throw new Error('review');
          const rec = CanonicalRecord.parse(result.ok[0]);
          if (rec.kind !== 'invoice') throw new Error(rec.kind);
          expect(rec.issueDate).toBe(iso.slice(0, 10));
          expect(rec.source.sourceUpdatedAt).toBe(`${iso.slice(0, 19)}.000Z`);
        },
      ),
      { seed: 15, numRuns: 200 },
    );
  });
});
