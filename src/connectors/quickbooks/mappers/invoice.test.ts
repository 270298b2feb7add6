import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Bill, Invoice } from '../../../canonical/index.js';
import { CanonicalRecord } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { parseIntuitXml } from '../intuit-xml.js';
import { mapBill } from './bill.js';
import { mapCreditMemo, mapInvoice } from './invoice.js';

const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/quickbooks/', import.meta.url));
const json = (name: string) => JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8'));
const xml = (name: string) => parseIntuitXml(readFileSync(`${FIXTURES}${name}`, 'utf8'));

const ctx: MapContext = {
  platform: 'quickbooks',
  connectionId: 'conn_qbo',
  envelopeId: 'env_1',
  mappingVersion: 'qbo-test',
  timeZone: 'America/Los_Angeles',
  baseCurrency: 'USD',
};

function one<T>(result: MapResult): T {
  if (!('ok' in result)) throw new Error(`expected ok, got review ${JSON.stringify(result.review)}`);
  expect(result.ok).toHaveLength(1);
  const record = result.ok[0];
  CanonicalRecord.parse(record);
  return record as T;
}

function cdcEntities(entity: string): Record<string, unknown>[] {
  const cdc = xml('cdc_response.xml') as { CDCResponse: { QueryResponse: Record<string, unknown>[] }[] };
  return cdc.CDCResponse.flatMap((r) => r.QueryResponse).flatMap((q) => (q[entity] as Record<string, unknown>[]) ?? []);
}

describe('mapInvoice on Intuit fixtures', () => {
  it('maps the full invoice sample with tax, lines, totals and its offset timestamp', () => {
    const inv = one<Invoice>(mapInvoice(json('invoice_read_response.json').Invoice, ctx));
    expect(inv).toMatchObject({
      id: 'invoice:conn_qbo:130',
      kind: 'invoice',
      documentType: 'invoice',
      number: '1037',
      issueDate: '2014-09-19',
      dueDate: '2014-10-19',
      party: { sourceId: '24', name: 'Example Customer A' },
      currency: 'USD',
      subtotal: '335.25',
      discountTotal: '0.00',
      taxTotal: '26.82',
      total: '362.07',
      amountDue: '362.07',
      status: { value: 'open', original: 'Balance=362.07' },
      deleted: false,
      source: {
        platform: 'quickbooks',
        sourceId: '130',
        sourceUpdatedAt: '2014-09-19T20:16:17.000Z',
        sourceOffset: '-07:00',
      },
      provenance: { envelopeId: 'env_1', mappingVersion: 'qbo-test' },
    });
    expect(inv.lines.map((l) => [l.lineNumber, l.productSourceId, l.quantity, l.unitPrice, l.total, l.tax])).toEqual([
      [1, '5', '1', '275', '275.00', '22.00'],
      [2, '11', '1', '12.75', '12.75', '1.02'],
      [3, '3', '5', '9.5', '47.50', '3.80'],
    ]);
    expect(inv.lines[0]?.description).toBe('Rock Fountain');
  });

  it('maps the query sample, skipping the SubTotal line, dated from TxnDate when MetaData is absent', () => {
    const res = json('invoice_query_response.json') as { QueryResponse: { Invoice: unknown[] } };
    const inv = one<Invoice>(mapInvoice(res.QueryResponse.Invoice[0], ctx));
    expect(inv.lines).toHaveLength(1);
    expect(inv).toMatchObject({
      number: '1070',
      total: '150.00',
      subtotal: '150.00',
      taxTotal: '0.00',
      amountDue: '150.00',
    });
    expect(inv.lines[0]).toMatchObject({ quantity: '1', unitPrice: '150', total: '150.00', tax: '0.00' });
    expect(inv.status.value).toBe('open');
    // Midnight of 2015-07-24 in Los Angeles (PDT, -07:00).
    expect(inv.source.sourceUpdatedAt).toBe('2015-07-24T07:00:00.000Z');
  });

  it('recognises the voided invoice as void, not as a zero-value paid invoice', () => {
    const inv = one<Invoice>(mapInvoice(json('invoice_void_response.json').Invoice, ctx));
    expect(inv.status).toEqual({ value: 'void', original: 'Voided' });
    expect(inv).toMatchObject({ total: '0.00', amountDue: '0.00', number: '1036', deleted: false });
    expect(inv.lines[0]).toMatchObject({ productSourceId: '14', quantity: '0', unitPrice: '0', total: '0.00' });
  });

  it('recognises a void without the note from zeroed amounts and quantities', () => {
    const body = { ...(json('invoice_void_response.json').Invoice as object), PrivateNote: undefined };
    expect(one<Invoice>(mapInvoice(body, ctx)).status.value).toBe('void');
  });

  it('keeps a genuine zero-value invoice (quantity kept) as paid, not void', () => {
    const body = {
      Id: '9',
      TxnDate: '2024-01-02',
      CustomerRef: { value: '1' },
      TotalAmt: 0,
      Balance: 0,
      Line: [{ Amount: 0, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { Qty: 2, UnitPrice: 0 } }],
      MetaData: { LastUpdatedTime: '2024-01-02T10:00:00-08:00' },
    };
    expect(one<Invoice>(mapInvoice(body, ctx)).status).toEqual({ value: 'paid', original: 'Balance=0.00' });
  });

  it('maps the XML query sample converted to the JSON shape', () => {
    const res = xml('invoices_query_response.xml') as { QueryResponse: { Invoice: unknown[] } };
    const inv = one<Invoice>(mapInvoice(res.QueryResponse.Invoice[0], ctx));
    expect(inv).toMatchObject({ number: '1001', total: '50.00', currency: 'USD', amountDue: '50.00' });
    expect(inv.source.sourceUpdatedAt).toBe('2013-11-15T23:22:43.000Z');
    expect(inv.source.sourceOffset).toBe('-08:00');
  });

  it('maps a CDC invoice (paid, decimal quantity) and a CDC deletion notice', () => {
    const [paid, deleted] = cdcEntities('Invoice');
    const inv = one<Invoice>(mapInvoice(paid, ctx));
    expect(inv).toMatchObject({ total: '629.10', taxTotal: '46.60', subtotal: '582.50', amountDue: '0.00' });
    expect(inv.status.value).toBe('paid');
    expect(inv.lines[1]).toMatchObject({ quantity: '3.5', unitPrice: '75', total: '262.50', tax: '0.00' });
    // Taxable lines (TAX) share the tax: 46.60 * 275 / 320 = 40.05, the rest 6.55.
    expect(inv.lines.map((l) => l.tax)).toEqual(['40.05', '0.00', '6.55']);
    const tomb = one<Invoice>(mapInvoice(deleted, ctx));
    expect(tomb).toMatchObject({
      id: 'invoice:conn_qbo:65',
      deleted: true,
      status: { value: 'deleted', original: 'Deleted' },
      issueDate: '2016-04-13',
      lines: [],
      total: '0.00',
      source: { sourceUpdatedAt: '2016-04-13T14:34:31.000Z', sourceOffset: '-07:00' },
    });
  });

  it('sends the delete response (no time) to review instead of inventing one', () => {
    const res = mapInvoice(json('invoice_delete_response.json').Invoice, ctx);
    expect(res).toEqual({ review: expect.objectContaining({ code: 'LP_INPUT_SCHEMA', field: 'MetaData' }) });
  });

  it('maps multicurrency invoices in the transaction currency', () => {
    const body = {
      ...(json('invoice_read_response.json').Invoice as object),
      CurrencyRef: { value: 'CAD', name: 'Canadian Dollar' },
      ExchangeRate: 0.74,
    };
    expect(one<Invoice>(mapInvoice(body, ctx)).currency).toBe('CAD');
  });

  it('reads DiscountLineDetail as a document discount', () => {
    const body = {
      Id: '7',
      TxnDate: '2024-03-01',
      CustomerRef: { value: '2', name: 'B' },
      TotalAmt: 97.2,
      Balance: 50,
      TxnTaxDetail: { TotalTax: 7.2 },
      Line: [
        {
          Id: '1',
          LineNum: 1,
          Amount: 100,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { Qty: 4, UnitPrice: 25 },
        },
        { Amount: 100, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
        {
          Amount: 10,
          DetailType: 'DiscountLineDetail',
          DiscountLineDetail: { PercentBased: true, DiscountPercent: 10 },
        },
      ],
      MetaData: { LastUpdatedTime: '2024-03-01T09:30:00+05:30' },
    };
    const inv = one<Invoice>(mapInvoice(body, ctx));
    expect(inv).toMatchObject({ subtotal: '100.00', discountTotal: '10.00', taxTotal: '7.20', total: '97.20' });
    expect(inv.status.value).toBe('partially_paid');
    expect(inv.source).toMatchObject({ sourceUpdatedAt: '2024-03-01T04:00:00.000Z', sourceOffset: '+05:30' });
  });
});

describe('mapCreditMemo', () => {
  it('maps a credit memo to an invoice with documentType credit_note and positive amounts', () => {
    const body = {
      Id: '73',
      DocNumber: 'CM-12',
      TxnDate: '2024-05-06',
      CustomerRef: { value: '5', name: 'Example Customer E' },
      TotalAmt: 25.5,
      Balance: 25.5,
      RemainingCredit: 25.5,
      Line: [
        {
          Id: '1',
          LineNum: 1,
          Amount: 25.5,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: '3' }, Qty: 1, UnitPrice: 25.5 },
        },
      ],
      MetaData: { CreateTime: '2024-05-06T12:00:00-07:00', LastUpdatedTime: '2024-05-06T12:00:00-07:00' },
    };
    const memo = one<Invoice>(mapCreditMemo(body, ctx));
    expect(memo).toMatchObject({
      id: 'invoice:conn_qbo:73',
      documentType: 'credit_note',
      number: 'CM-12',
      total: '25.50',
      amountDue: '25.50',
      status: { value: 'open' },
    });
  });

  it('maps a CDC credit memo deletion to a credit-note tombstone', () => {
    const memo = one<Invoice>(
      mapCreditMemo(
        { domain: 'QBO', status: 'Deleted', Id: '74', MetaData: { LastUpdatedTime: '2024-05-07T01:02:03-07:00' } },
        ctx,
      ),
    );
    expect(memo).toMatchObject({ documentType: 'credit_note', deleted: true, status: { value: 'deleted' } });
  });
});

describe('mapBill', () => {
  it('maps CDC bills: item-based paid bill and account-based partially paid bill', () => {
    const [paid, partial] = cdcEntities('Bill');
    const a = one<Bill>(mapBill(paid, ctx));
    expect(a).toMatchObject({
      id: 'bill:conn_qbo:126',
      kind: 'bill',
      documentType: 'invoice',
      party: { sourceId: '46', name: 'Norton Lumber and Building Materials' },
      issueDate: '2016-02-24',
      dueDate: '2016-02-24',
      currency: 'USD',
      subtotal: '205.00',
      total: '205.00',
      amountDue: '0.00',
      status: { value: 'paid' },
    });
    expect(a.lines.map((l) => [l.productSourceId, l.quantity, l.unitPrice, l.total])).toEqual([
      ['11', '8', '10', '80.00'],
      ['5', '1', '125', '125.00'],
    ]);
    const b = one<Bill>(mapBill(partial, ctx));
    expect(b).toMatchObject({ total: '241.23', amountDue: '100.00', status: { value: 'partially_paid' } });
    expect(b.lines[0]).toMatchObject({
      description: 'Insurance',
      productSourceId: null,
      quantity: '1',
      total: '241.23',
    });
  });
});

describe('bad input becomes a review result, never a throw', () => {
  const good = () => structuredClone(json('invoice_read_response.json').Invoice) as Record<string, unknown>;

  it.each([
    ['not JSON text', '{"Invoice": ', 'LP_INPUT_NOT_JSON'],
    ['null', null, 'LP_INPUT_SCHEMA'],
    [
      'Line as an object (wrong type)',
      { ...good(), Line: { Amount: 1, DetailType: 'SalesItemLineDetail' } },
      'LP_INPUT_SCHEMA',
    ],
    ['decimal comma in TotalAmt', { ...good(), TotalAmt: '362,07' }, 'LP_INPUT_SCHEMA'],
    ['missing TxnDate', { ...good(), TxnDate: undefined }, 'LP_INPUT_SCHEMA'],
    [
      'schema drift TotalAmt -> TotalAmount',
      { ...good(), TotalAmt: undefined, TotalAmount: 362.07 },
      'LP_INPUT_SCHEMA',
    ],
    ['unknown line type', { ...good(), Line: [{ Amount: 5, DetailType: 'TeleportLineDetail' }] }, 'LP_INPUT_MAPPING'],
    [
      'timestamp without offset',
      { ...good(), MetaData: { LastUpdatedTime: '2014-09-19T13:16:17' } },
      'LP_INPUT_SCHEMA',
    ],
  ])('%s', (_name, payload, code) => {
    const res = mapInvoice(payload, ctx);
    expect('review' in res && res.review.code).toBe(code);
  });

  it('accepts the same payload as JSON text', () => {
    const inv = one<Invoice>(mapInvoice(JSON.stringify(good()), ctx));
    expect(inv.total).toBe('362.07');
  });
});
