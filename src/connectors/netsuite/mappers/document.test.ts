import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanonicalRecord } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { mappers } from './index.js';

const FIXTURES = new URL('../../../../../shared/fixtures/netsuite/', import.meta.url);
const po = JSON.parse(readFileSync(new URL('purchaseorder_record_expanded.json', FIXTURES), 'utf8')) as Record<
  string,
  unknown
>;

const ctx: MapContext = {
  platform: 'netsuite',
  connectionId: 'conn-ns-2',
  envelopeId: 'env_inv',
  mappingVersion: 'test-1',
  timeZone: 'Europe/Berlin',
  baseCurrency: 'EUR',
};

/**
 * An invoice in the record shape of the real fixture (refs with links, sublist collections, ISO
 * dates, JSON numbers): the fixture's header refs are reused, the lines are an item line followed
 * by an item-level Discount line, as NetSuite writes them.
 */
function invoice(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '8812',
    tranId: 'INV-1042',
    transactionNumber: 'CUSTINVC311',
    tranDate: '2026-03-02',
    dueDate: '2026-04-01',
    createdDate: '2026-03-02T09:14:00Z',
    lastModifiedDate: '2026-03-05T16:40:12Z',
    entity: { id: '4411', refName: 'Example Customer A', links: [] },
    status: { id: 'Open', refName: 'Open' },
    currency: { id: '2', refName: 'British pound', links: [] },
    exchangeRate: 1.1712,
    subsidiary: po['subsidiary'],
    location: po['location'],
    subtotal: 225,
    discountTotal: 0,
    taxTotal: 45,
    total: 270,
    amountRemaining: 270,
    amountPaid: 0,
    item: {
      items: [
        {
          line: 1,
          item: { id: '13861', refName: 'Widgets : Blue Widget', links: [] },
          itemType: { id: 'InvtPart', refName: 'InvtPart' },
          description: 'Blue widget',
          quantity: 10,
          rate: 25,
          amount: 250,
          taxRate1: 20,
          tax1Amt: 50,
          links: [],
        },
        {
          line: 2,
          item: { id: '-6', refName: 'Line Discount', links: [] },
          itemType: { id: 'Discount', refName: 'Discount' },
          rate: -25,
          amount: -25,
          taxRate1: 20,
          tax1Amt: -5,
          links: [],
        },
      ],
      links: [],
      totalResults: 2,
    },
    ...overrides,
  };
}

function one(result: MapResult) {
  if (!('ok' in result)) throw new Error(`expected ok, got review ${JSON.stringify(result.review)}`);
  expect(result.ok).toHaveLength(1);
  return CanonicalRecord.parse(result.ok[0]);
}

describe('invoice records', () => {
  it('maps an invoice with an item-level discount line folded into the line above', () => {
    const rec = one(mappers.invoice(JSON.stringify(invoice()), ctx));
    if (rec.kind !== 'invoice') throw new Error(rec.kind);
    expect(rec.id).toBe('invoice:conn-ns-2:8812');
    expect(rec.documentType).toBe('invoice');
    expect(rec.number).toBe('INV-1042');
    expect(rec.issueDate).toBe('2026-03-02');
    expect(rec.dueDate).toBe('2026-04-01');
    expect(rec.party).toEqual({ sourceId: '4411', name: 'Example Customer A' });
    expect(rec.currency).toBe('GBP');
    expect(rec.subtotal).toBe('250');
    expect(rec.discountTotal).toBe('25');
    expect(rec.taxTotal).toBe('45');
    expect(rec.total).toBe('270');
    expect(rec.amountDue).toBe('270');
    expect(rec.status).toEqual({ value: 'open', original: 'Open' });
    expect(rec.source.sourceUpdatedAt).toBe('2026-03-05T16:40:12.000Z');
    expect(rec.lines).toEqual([
      {
        lineNumber: 1,
        description: 'Blue widget',
        sku: null,
        productSourceId: '13861',
        quantity: '10',
        unitPrice: '25',
        discount: '25',
        tax: '45',
        total: '225',
      },
    ]);
  });

  it('is partially paid when something is settled and something remains', () => {
    const rec = one(mappers.invoice(invoice({ amountRemaining: 70.5, amountPaid: 199.5 }), ctx));
    if (rec.kind !== 'invoice') throw new Error(rec.kind);
    expect(rec.status.value).toBe('partially_paid');
    expect(rec.amountDue).toBe('70.5');
  });

  it('maps Paid In Full to paid with nothing due', () => {
    const rec = one(mappers.invoice(invoice({ status: { id: 'Paid In Full' }, amountRemaining: 0 }), ctx));
    if (rec.kind !== 'invoice') throw new Error(rec.kind);
    expect(rec.status).toEqual({ value: 'paid', original: 'Paid In Full' });
    expect(rec.amountDue).toBe('0');
  });

  it('keeps a voided invoice as void with its totals (not a zero-value paid one)', () => {
    const rec = one(mappers.invoice(invoice({ status: { id: 'Voided', refName: 'Voided' }, amountRemaining: 0 }), ctx));
    if (rec.kind !== 'invoice') throw new Error(rec.kind);
    expect(rec.status).toEqual({ value: 'void', original: 'Voided' });
    expect(rec.total).toBe('270');
    expect(rec.deleted).toBe(false);
  });

  it('treats Pending Approval as a draft', () => {
    const rec = one(mappers.invoice(invoice({ status: { id: 'CustInvc:E' } }), ctx));
    if (rec.kind !== 'invoice') throw new Error(rec.kind);
    expect(rec.status.value).toBe('draft');
  });

  it('falls back to the header when lines were not expanded', () => {
    const rec = one(mappers.invoice(invoice({ item: { links: [], totalResults: 2 } }), ctx));
    if (rec.kind !== 'invoice') throw new Error(rec.kind);
    expect(rec.lines).toEqual([]);
    expect(rec.subtotal).toBe('225');
    expect(rec.total).toBe('270');
  });
});

describe('credit memo records', () => {
  it('are invoices of document type credit_note; what is unapplied is still due', () => {
    const rec = one(
      mappers.creditmemo(invoice({ id: '9001', tranId: 'CM-7', status: { id: 'Open' }, unapplied: 120 }), ctx),
    );
    if (rec.kind !== 'invoice') throw new Error(rec.kind);
    expect(rec.id).toBe('invoice:conn-ns-2:9001');
    expect(rec.documentType).toBe('credit_note');
    expect(rec.amountDue).toBe('120');
    expect(rec.status.value).toBe('partially_paid');
  });

  it('maps Fully Applied to paid', () => {
    const rec = one(mappers.creditmemo(invoice({ status: { id: 'Fully Applied' }, unapplied: 0 }), ctx));
    if (rec.kind !== 'invoice') throw new Error(rec.kind);
    expect(rec.status.value).toBe('paid');
  });
});

describe('vendor bill records', () => {
  it('are bills, with expense lines as lines and a vendor party', () => {
    const bill = invoice({
      id: '7001',
      tranId: 'BILL-88',
      entity: { id: '1335929', refName: 'Example Vendor' },
      currency: { id: '1', refName: 'US Dollar' },
      status: { id: 'Open', refName: 'Open' },
      taxTotal: undefined,
      total: 320,
      amountRemaining: 320,
      expense: {
        items: [{ line: 3, account: { id: '58', refName: 'Freight' }, memo: 'Freight in', amount: 50 }],
        links: [],
        totalResults: 1,
      },
    });
    const rec = one(mappers.vendorbill(bill, ctx));
    if (rec.kind !== 'bill') throw new Error(rec.kind);
    expect(rec.id).toBe('bill:conn-ns-2:7001');
    expect(rec.currency).toBe('USD');
    expect(rec.party).toEqual({ sourceId: '1335929', name: 'Example Vendor' });
    expect(rec.lines.map((l) => [l.lineNumber, l.total])).toEqual([
      [1, '225'],
      [3, '50'],
    ]);
    expect(rec.subtotal).toBe('300');
    expect(rec.discountTotal).toBe('25');
    // No header taxTotal: the sum of line tax.
    expect(rec.taxTotal).toBe('45');
  });

  it('maps a cancelled bill to void', () => {
    const rec = one(mappers.vendorbill(invoice({ status: { id: 'Cancelled', refName: 'Cancelled' } }), ctx));
    if (rec.kind !== 'bill') throw new Error(rec.kind);
    expect(rec.status).toEqual({ value: 'void', original: 'Cancelled' });
  });
});

describe('deleted transactions (deletedrecord rows)', () => {
  const row = { links: [], recordid: '8812', type: 'invoice', name: 'INV-1042', deleted: '2026-03-29 02:30:00' };

  it('become tombstones dated by the deletion, converted from the user zone to UTC', () => {
    const rec = one(mappers.invoice(JSON.stringify(row), ctx));
    if (rec.kind !== 'invoice') throw new Error(rec.kind);
    expect(rec.id).toBe('invoice:conn-ns-2:8812');
    expect(rec.deleted).toBe(true);
    expect(rec.status).toEqual({ value: 'deleted', original: 'deleted' });
    // 02:30 on 29 March 2026 does not exist in Berlin (clocks jump 02:00 → 03:00): past the gap.
    expect(rec.source.sourceUpdatedAt).toBe('2026-03-29T01:30:00.000Z');
    expect(rec.source.sourceOffset).toBe('+02:00');
    expect(rec.issueDate).toBe('2026-03-29');
    expect(rec.number).toBe('INV-1042');
    expect(rec.total).toBe('0');
    expect(rec.lines).toEqual([]);
  });

  it('are typed by the stream: bills, purchase orders and sales orders', () => {
    expect(one(mappers.vendorbill({ ...row, type: 'vendorbill' }, ctx)).id).toBe('bill:conn-ns-2:8812');
    const po = one(mappers.purchaseorder({ ...row, deleted: '2026-01-10 08:00:00' }, ctx));
    expect(po.kind).toBe('purchase_order');
    expect(po.source.sourceUpdatedAt).toBe('2026-01-10T07:00:00.000Z');
    const so = one(mappers.salesorder(row, ctx));
    if (so.kind !== 'sales_order') throw new Error(so.kind);
    expect(so.status.value).toBe('deleted');
    expect(so.deleted).toBe(true);
    const cm = one(mappers.creditmemo(row, ctx));
    if (cm.kind !== 'invoice') throw new Error(cm.kind);
    expect(cm.documentType).toBe('credit_note');
  });

  it('sends an unreadable deletion time to review', () => {
    expect(mappers.invoice({ ...row, deleted: '29/03/2026' }, ctx)).toMatchObject({
      review: { code: 'LP_INPUT_SCHEMA', field: 'deleted' },
    });
  });
});
