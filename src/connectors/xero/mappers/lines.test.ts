import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, div, mul, round, sub } from '../../../canonical/index.js';
import type { MapContext } from '../../kit/mapper.js';
import { mapInvoice } from './invoice.js';
import { mapLine } from './lines.js';

/** Cents as decimal text, built from integers so no float is involved. */
const cents = (max: number) =>
  fc.integer({ min: 0, max }).map((c) => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`);

const ctx: MapContext = {
  platform: 'xero',
  connectionId: 'c',
  envelopeId: 'e',
  mappingVersion: 'v',
  timeZone: 'UTC',
  baseCurrency: 'USD',
};

describe('line money properties', () => {
  it('line total = quantity × unit price − discount, exactly, for 4-dp quantities and prices', () => {
    fc.assert(
      fc.property(cents(1_000_000), cents(500_000), fc.integer({ min: 0, max: 100 }), (unit, qty, pct) => {
        const gross = mul(qty, unit);
        const discount = round(mul(gross, div(pct, 100)), 2);
        const lineAmount = sub(gross, discount);
        // Numeric strings take the same path as the JSON numbers Xero sends, without float rounding.
        const line = mapLine(
          { Quantity: qty, UnitAmount: unit, LineAmount: lineAmount, DiscountAmount: discount, TaxAmount: '0' },
          0,
          'Exclusive',
        );
        expect(add(line.total, line.discount)).toBe(mul(line.quantity, line.unitPrice));
      }),
    );
  });

  it('document: subtotal − discountTotal + taxTotal = total, and line totals sum to Xero SubTotal', () => {
    const lineArb = fc.record({
      qty: fc.integer({ min: 1, max: 50 }),
      unit: cents(100_000),
      disc: fc.integer({ min: 0, max: 30 }),
      tax: cents(5_000),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), (ls) => {
        const items = ls.map((l) => {
          const gross = mul(l.qty, l.unit);
          const discount = round(mul(gross, div(l.disc, 100)), 2);
          return {
            Quantity: l.qty,
            UnitAmount: l.unit,
            DiscountAmount: discount,
            LineAmount: sub(gross, discount),
            TaxAmount: l.tax,
          };
        });
        const subTotal = add('0', ...items.map((i) => i.LineAmount));
        const totalTax = add('0', ...items.map((i) => i.TaxAmount));
        const total = add(subTotal, totalTax);
        const r = mapInvoice(
          {
            Type: 'ACCREC',
            InvoiceID: 'i',
            Contact: { ContactID: 'p' },
            DateString: '2025-01-31T00:00:00',
            Status: 'AUTHORISED',
            LineAmountTypes: 'Exclusive',
            LineItems: items,
            SubTotal: subTotal,
            TotalTax: totalTax,
            Total: total,
            AmountDue: total,
            UpdatedDateUTC: '/Date(1738281600000+0000)/',
          },
          ctx,
        );
        if (!('ok' in r)) throw new Error(JSON.stringify(r.review));
        const doc = r.ok[0];
        if (doc?.kind !== 'invoice') throw new Error('no invoice');
        expect(round(add(sub(doc.subtotal, doc.discountTotal), doc.taxTotal), 2)).toBe(doc.total);
        expect(round(add('0', ...doc.lines.map((l) => l.total)), 2)).toBe(round(subTotal, 2));
        expect(doc.total).toBe(round(total, 2));
      }),
    );
  });
});
