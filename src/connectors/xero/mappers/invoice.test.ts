import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanonicalRecord } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { mapInvoice } from './invoice.js';

const fixtures = new URL('../../../../../shared/fixtures/xero/', import.meta.url);
const invoicesList = JSON.parse(readFileSync(new URL('invoices_list.json', fixtures), 'utf8')) as {
  Invoices: Record<string, unknown>[];
};
const ctx: MapContext = {
  platform: 'xero',
  connectionId: 'conn-x1',
  envelopeId: 'env_test',
  mappingVersion: 'test-1',
  timeZone: 'Pacific/Auckland',
  baseCurrency: 'NZD',
};

function invoiceAt(i: number): Record<string, unknown> {
  const inv = invoicesList.Invoices[i];
  if (!inv) throw new Error(`no invoice ${i}`);
  return structuredClone(inv);
}

function only(result: MapResult) {
  if (!('ok' in result)) throw new Error(`expected ok, got review ${JSON.stringify(result.review)}`);
  expect(result.ok).toHaveLength(1);
  const rec = result.ok[0];
  if (!rec || (rec.kind !== 'invoice' && rec.kind !== 'bill')) throw new Error('expected a document');
  CanonicalRecord.parse(rec);
  return rec;
}

describe('mapInvoice on invoices_list.json', () => {
  it('INV-0001: a voided invoice is status void with its totals kept', () => {
    const rec = only(mapInvoice(invoiceAt(0), ctx));
    expect(rec).toMatchObject({
      kind: 'invoice',
      id: 'invoice:conn-x1:d4956132-ed94-4dd7-9eaa-aa22dfdf06f2',
      companyId: 'conn-x1',
      documentType: 'invoice',
      number: 'INV-0001',
      issueDate: '2018-10-20',
      dueDate: '2018-12-30',
      currency: 'NZD',
      subtotal: '40.00',
      discountTotal: '0.00',
      taxTotal: '0.00',
      total: '40.00',
      amountDue: '0.00',
      deleted: false,
      status: { value: 'void', original: 'VOIDED' },
      party: { sourceId: 'a3675fc4-f8dd-4f03-ba5b-f1870566bcd7', name: 'Example Contact a367' },
      lines: [],
    });
    expect(rec.source).toEqual({
      platform: 'xero',
      connectionId: 'conn-x1',
      sourceId: 'd4956132-ed94-4dd7-9eaa-aa22dfdf06f2',
      sourceUpdatedAt: '2018-11-02T16:31:30.160Z',
      sourceOffset: 'Z',
    });
    expect(rec.provenance).toEqual({ envelopeId: 'env_test', mappingVersion: 'test-1', modelVersion: '1.0.0' });
  });

  it('INV-0002: paid, tax 6.00 on 40.00', () => {
    const rec = only(mapInvoice(invoiceAt(1), ctx));
    expect(rec).toMatchObject({
      number: 'INV-0002',
      subtotal: '40.00',
      taxTotal: '6.00',
      total: '46.00',
      amountDue: '0.00',
      status: { value: 'paid', original: 'PAID' },
    });
    expect(rec.source.sourceUpdatedAt).toBe('2018-11-02T16:36:32.690Z');
  });

  it('INV-0003: authorised and unpaid is open with the full amount due', () => {
    const rec = only(mapInvoice(invoiceAt(2), ctx));
    expect(rec).toMatchObject({
      number: 'INV-0003',
      issueDate: '2018-11-02',
      dueDate: '2018-11-07',
      subtotal: '100.00',
      taxTotal: '15.00',
      total: '115.00',
      amountDue: '115.00',
      status: { value: 'open', original: 'AUTHORISED' },
    });
  });

  it('accepts the record as JSON text too', () => {
    const rec = only(mapInvoice(JSON.stringify(invoiceAt(2)), ctx));
    expect(rec.total).toBe('115.00');
  });

  it('ACCPAY is a bill; a partial payment is partially_paid', () => {
    const inv = { ...invoiceAt(2), Type: 'ACCPAY', AmountPaid: 15, AmountDue: 100 };
    const rec = only(mapInvoice(inv, ctx));
    expect(rec.kind).toBe('bill');
    expect(rec.id).toBe('bill:conn-x1:7ef31b20-de17-4312-8382-412f869b1510');
    expect(rec.status).toEqual({ value: 'partially_paid', original: 'AUTHORISED' });
    expect(rec.amountDue).toBe('100.00');
  });

  it('DELETED is status deleted with deleted: true', () => {
    const rec = only(mapInvoice({ ...invoiceAt(2), Status: 'DELETED' }, ctx));
    expect(rec.deleted).toBe(true);
    expect(rec.status).toEqual({ value: 'deleted', original: 'DELETED' });
  });

  it('DRAFT and SUBMITTED are drafts', () => {
    expect(only(mapInvoice({ ...invoiceAt(2), Status: 'DRAFT' }, ctx)).status.value).toBe('draft');
    expect(only(mapInvoice({ ...invoiceAt(2), Status: 'SUBMITTED' }, ctx)).status.value).toBe('draft');
  });

  it('maps line items with discounts, tax and item codes (Exclusive)', () => {
    const inv = {
      ...invoiceAt(2),
      SubTotal: 90.0,
      TotalTax: 13.5,
      Total: 103.5,
      LineItems: [
        {
          LineItemID: 'l1',
          Description: 'Guitar strings',
          Quantity: 2.0,
          UnitAmount: 25.0,
          ItemCode: 'STR-1',
          Item: { ItemID: 'item-1', Code: 'STR-1', Name: 'Strings' },
          TaxAmount: 6.75,
          LineAmount: 45.0,
          DiscountRate: 10.0,
        },
        {
          LineItemID: 'l2',
          Description: 'Setup',
          Quantity: 1.0,
          UnitAmount: 50.0,
          TaxAmount: 6.75,
          LineAmount: 45.0,
          DiscountAmount: 5.0,
        },
        { LineItemID: 'l3', Description: 'Thank you' },
      ],
    };
    const rec = only(mapInvoice(inv, ctx));
    expect(rec.lines).toEqual([
      {
        lineNumber: 1,
        description: 'Guitar strings',
        sku: 'STR-1',
        productSourceId: 'item-1',
        quantity: '2',
        unitPrice: '25',
        discount: '5',
        tax: '6.75',
        total: '45',
      },
      {
        lineNumber: 2,
        description: 'Setup',
        sku: null,
        productSourceId: null,
        quantity: '1',
        unitPrice: '50',
        discount: '5',
        tax: '6.75',
        total: '45',
      },
      {
        lineNumber: 3,
        description: 'Thank you',
        sku: null,
        productSourceId: null,
        quantity: '0',
        unitPrice: '0',
        discount: '0',
        tax: '0',
        total: '0',
      },
    ]);
    expect(rec).toMatchObject({ subtotal: '100.00', discountTotal: '10.00', taxTotal: '13.50', total: '103.50' });
  });

  it('Inclusive line amounts give tax-exclusive line totals', () => {
    const inv = {
      ...invoiceAt(2),
      LineAmountTypes: 'Inclusive',
      LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 115.0, TaxAmount: 15.0, LineAmount: 115.0 }],
    };
    const rec = only(mapInvoice(inv, ctx));
    expect(rec.lines[0]?.total).toBe('100');
    expect(rec.lines[0]?.tax).toBe('15');
  });

  it('falls back to the /Date()/ value when DateString is missing, and to the base currency', () => {
    const { DateString: _d, DueDateString: _dd, CurrencyCode: _c, ...rest } = invoiceAt(2);
    const rec = only(mapInvoice(rest, { ...ctx, baseCurrency: 'AUD' }));
    expect(rec.issueDate).toBe('2018-11-02');
    expect(rec.dueDate).toBe('2018-11-07');
    expect(rec.currency).toBe('AUD');
  });

  it('a missing due date is null', () => {
    const { DueDateString: _dd, DueDate: _d, ...rest } = invoiceAt(2);
    expect(only(mapInvoice(rest, ctx)).dueDate).toBeNull();
  });
});

describe('mapInvoice bad input goes to review, never throws', () => {
  const cases: [string, unknown, string][] = [
    ['not JSON text', '{"Invoices": [', 'LP_INPUT_NOT_JSON'],
    ['null', null, 'LP_INPUT_SCHEMA'],
    ['an array', [], 'LP_INPUT_SCHEMA'],
    [
      'missing Contact',
      (() => {
        const { Contact: _c, ...r } = invoiceAt(2);
        return r;
      })(),
      'LP_INPUT_SCHEMA',
    ],
    ['Total as text', { ...invoiceAt(2), Total: 'one hundred' }, 'LP_INPUT_SCHEMA'],
    ['decimal comma', { ...invoiceAt(2), Total: '115,00' }, 'LP_INPUT_SCHEMA'],
    [
      'renamed TotalTax (schema drift)',
      (() => {
        const { TotalTax, ...r } = invoiceAt(2);
        return { ...r, TaxTotal: TotalTax };
      })(),
      'LP_INPUT_SCHEMA',
    ],
    ['bad UpdatedDateUTC', { ...invoiceAt(2), UpdatedDateUTC: '2018-11-02T16:37:28Z' }, 'LP_INPUT_SCHEMA'],
    ['unknown Type', { ...invoiceAt(2), Type: 'ACCRECCREDIT' }, 'LP_INPUT_SCHEMA'],
    ['unknown Status', { ...invoiceAt(2), Status: 'ARCHIVED' }, 'LP_INPUT_MAPPING'],
    [
      'no dates',
      (() => {
        const { Date: _a, DateString: _b, ...r } = invoiceAt(2);
        return r;
      })(),
      'LP_INPUT_MAPPING',
    ],
    ['bad currency', { ...invoiceAt(2), CurrencyCode: 'dollars' }, 'LP_INPUT_MAPPING'],
    ['LineItems not an array', { ...invoiceAt(2), LineItems: { LineAmount: 1 } }, 'LP_INPUT_SCHEMA'],
  ];
  for (const [name, input, code] of cases) {
    it(name, () => {
      const result = mapInvoice(input, ctx);
      expect('review' in result && result.review.code).toBe(code);
    });
  }

  it('names the drifted field', () => {
    const { TotalTax, ...r } = invoiceAt(2);
    const result = mapInvoice({ ...r, TaxTotal: TotalTax }, ctx);
    expect('review' in result && result.review.field).toBe('TotalTax');
  });
});
