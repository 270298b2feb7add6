import { describe, expect, it } from 'vitest';
import { CANONICAL_MODEL_VERSION, type Invoice, type SalesOrder } from '../canonical/index.js';
import { fxRatesFromRows } from './fx.js';
import { invoiceRow, orderedValues, productUnits, salesOrderRow, toReporting } from './lake-rows.js';

const fx = fxRatesFromRows([{ date: '2026-06-03', currency: 'EUR', rateToUsd: '0.5' }], 'test');
const ctx = { fx, reportingCurrency: 'USD', timeZone: 'Europe/Berlin' };

const line = (quantity: string, product: string | null) => ({
  lineNumber: 1,
  description: 'x',
  sku: null,
  productSourceId: product,
  quantity,
  unitPrice: '1.00',
  discount: '0',
  tax: '0',
  total: quantity,
});

const invoice: Invoice = {
  kind: 'invoice',
  id: 'invoice:c1:10',
  companyId: 'c1',
  source: { platform: 'xero', connectionId: 'c1', sourceId: '10', sourceUpdatedAt: '2026-06-03T10:00:00.000Z' },
  provenance: { envelopeId: 'env1', mappingVersion: 'm1', modelVersion: CANONICAL_MODEL_VERSION },
  deleted: false,
  documentType: 'invoice',
  number: 'INV-1',
  issueDate: '2026-06-03',
  dueDate: null,
  party: { sourceId: null, name: null },
  lines: [line('2', 'p1'), line('3.5', null)],
  currency: 'EUR',
  subtotal: '10.05',
  discountTotal: '0',
  taxTotal: '0',
  total: '10.05',
  amountDue: '10.05',
  status: { value: 'open', original: 'AUTHORISED' },
};

describe('lake rows', () => {
  it('converts each amount at the rate of the document date, rounding half-even to the cent', () => {
    // 10.05 × 0.5 = 5.025 → 5.02 (half to even), never 5.03.
    expect(toReporting('10.05', '0.5')).toBe('5.02');
    const result = invoiceRow(invoice, ctx);
    if (!('row' in result)) throw new Error('expected a row');
    expect(result.row.month).toBe('2026-06');
    expect(result.row.values).toMatchObject({
      doc_type: 'invoice',
      status: 'open',
      deleted: 'false',
      doc_date: '2026-06-03',
      total: '10.0500',
      fx_rate: '0.500000',
      fx_date: '2026-06-03',
      reporting_currency: 'USD',
      total_rc: '5.02',
      amount_due_rc: '5.02',
      product_units: '2.0000',
      envelope_id: 'env1',
    });
    expect(orderedValues('invoice', result.row.values)).toContain('5.02');
  });

  it('skips, and says why, a record without a rate or too large for the lake', () => {
    expect(invoiceRow({ ...invoice, issueDate: '2026-07-30' }, ctx)).toEqual({ skipped: 'missing_fx', id: invoice.id });
    expect(invoiceRow({ ...invoice, total: '123456789012345.00' }, ctx)).toEqual({
      skipped: 'out_of_range',
      id: invoice.id,
    });
  });

  it('converts refunds one by one and keeps them with their order', () => {
    const order: SalesOrder = {
      kind: 'sales_order',
      id: 'sales_order:c1:7',
      companyId: 'c1',
      source: invoice.source,
      provenance: invoice.provenance,
      deleted: false,
      number: '#1001',
      orderDate: '2026-06-03',
      orderedAt: '2026-06-03T09:00:00.000Z',
      customer: { sourceId: null, name: null },
      lines: [line('1', 'p1')],
      currency: 'EUR',
      subtotal: '20.10',
      discountTotal: '0',
      taxTotal: '0',
      total: '20.10',
      presentmentCurrency: null,
      presentmentTotal: null,
      currentTotal: '0.00',
      refunds: [
        { sourceId: 'r1', createdAt: '2026-06-05T00:00:00.000Z', amount: '10.05', lines: [] },
        { sourceId: 'r2', createdAt: '2026-06-06T00:00:00.000Z', amount: '10.05', lines: [] },
      ],
      refundedTotal: '20.10',
      cancelledAt: null,
      cancelReason: null,
      test: false,
      status: { value: 'open', original: 'open' },
      financialStatus: { value: 'refunded', original: 'refunded' },
    };
    const result = salesOrderRow(order, ctx);
    if (!('row' in result)) throw new Error('expected a row');
    // 5.02 + 5.02, not round(20.10 × 0.5) = 10.05.
    expect(result.row.values).toMatchObject({
      total_rc: '10.05',
      refunded_rc: '10.04',
      refund_count: '2',
      cancelled: 'false',
    });
  });

  it('counts units only on lines that name a product', () => {
    expect(productUnits([line('2', 'p1'), line('3.5', null), { ...line('1', null), sku: 'SKU' }])).toBe('3.0000');
  });
});
