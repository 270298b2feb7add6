import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../../canonical/index.js';
import { add, CanonicalRecord, isZero, sub } from '../../../canonical/index.js';
import type { MapContext } from '../../kit/mapper.js';
import { mapInvoice } from './invoice.js';
import { mapLines } from './lines.js';
import { startOfDayUtc, zoneOffsetMs } from './source.js';

const ctx: MapContext = {
  platform: 'quickbooks',
  connectionId: 'conn_qbo',
  envelopeId: 'env_p',
  mappingVersion: 'qbo-test',
  timeZone: 'Asia/Kolkata',
  baseCurrency: 'INR',
};

const cents = (n: number) =>
  `${n < 0 ? '-' : ''}${Math.floor(Math.abs(n) / 100)}.${String(Math.abs(n) % 100).padStart(2, '0')}`;

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

describe('money properties', () => {
  it('JSON-number amounts read exactly: TotalAmt n/100 is always the 2-dp decimal of n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_00 }), (n) => {
        const body = {
          Id: '1',
          TxnDate: '2025-01-01',
          CustomerRef: { value: '1' },
          TotalAmt: n / 100,
          Balance: n / 100,
          Line: [
            { Amount: n / 100, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { Qty: 1, UnitPrice: n / 100 } },
          ],
          MetaData: { LastUpdatedTime: '2025-01-01T10:00:00+05:30' },
        };
        const res = mapInvoice(JSON.parse(JSON.stringify(body)), ctx);
        if (!('ok' in res)) return false;
        const inv = res.ok[0] as Invoice;
        CanonicalRecord.parse(inv);
        return inv.total === cents(n) && inv.subtotal === cents(n) && inv.amountDue === cents(n);
      }),
    );
  });

  it('line totals sum to the subtotal and allocated line taxes sum exactly to the document tax', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: fc.integer({ min: 0, max: 5_000_000 }), taxable: fc.boolean() }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (lines, taxCents) => {
          const qbo = lines.map((l, i) => ({
            Id: String(i + 1),
            LineNum: i + 1,
            Amount: l.amount / 100,
            DetailType: 'SalesItemLineDetail',
            SalesItemLineDetail: {
              Qty: 1,
              UnitPrice: l.amount / 100,
              TaxCodeRef: { value: l.taxable ? 'TAX' : 'NON' },
            },
          }));
          const res = mapLines(qbo, cents(taxCents));
          if ('error' in res) return false;
          const lineSum = add(...res.lines.map((l) => l.total));
          const taxSum = add(...res.lines.map((l) => l.tax));
          const allZero = lines.every((l) => l.amount === 0);
          expect(isZero(sub(lineSum, res.subtotal))).toBe(true);
          expect(isZero(sub(taxSum, allZero ? '0' : cents(taxCents)))).toBe(true);
          return res.lines.every((l) => !l.tax.startsWith('-'));
        },
      ),
    );
  });
});

describe('date properties', () => {
  it('LastUpdatedTime with any offset reads back as the same UTC instant, offset kept', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.integer({ min: -12 * 4, max: 14 * 4 }),
        (ms, quarterHours) => {
          const instant = Math.floor(ms / 1000) * 1000;
          const offMin = quarterHours * 15;
          const local = new Date(instant + offMin * 60_000).toISOString().slice(0, 19);
          const text = `${local}${offsetText(offMin)}`;
          const body = {
            Id: '1',
            TxnDate: local.slice(0, 10),
            CustomerRef: { value: '1' },
            TotalAmt: 1,
            Line: [],
            MetaData: { LastUpdatedTime: text },
          };
          const res = mapInvoice(body, ctx);
          if (!('ok' in res)) return false;
          const inv = res.ok[0] as Invoice;
          // The document date is the source's calendar date, never shifted through UTC.
          return (
            inv.source.sourceUpdatedAt === new Date(instant).toISOString() &&
            inv.source.sourceOffset === (offMin === 0 ? 'Z' : offsetText(offMin)) &&
            inv.issueDate === local.slice(0, 10)
          );
        },
      ),
    );
  });

  it('start of day in a zone is local midnight there', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2001-01-01'), max: new Date('2039-12-31'), noInvalidDate: true }),
        fc.constantFrom('America/Los_Angeles', 'Europe/London', 'Asia/Kolkata', 'Australia/Sydney', 'UTC'),
        (d, zone) => {
          const date = d.toISOString().slice(0, 10);
          const utc = Date.parse(startOfDayUtc(date, zone));
          const local = new Date(utc + zoneOffsetMs(utc, zone)).toISOString();
          return local.slice(0, 10) === date && local.slice(11, 16) === '00:00';
        },
      ),
    );
  });
});
