import { describe, expect, it } from 'vitest';
import type { RawEnvelope, SalesOrder } from '../canonical/index.js';
import { CanonicalRecord } from '../canonical/index.js';
import type { CompanyProfile } from '../ports/connection-store.js';
import type { CompanyStats } from '../ports/review-workflow.js';
import { createSuspiciousChecks, totalMismatch } from './checks.js';

const company: CompanyProfile = {
  legalName: 'Acme',
  naics: '44',
  country: 'US',
  baseCurrency: 'USD',
  timeZone: 'America/New_York',
  sizeBand: 'small',
};

const env: RawEnvelope = {
  id: 'env1',
  platform: 'shopify',
  connectionId: 'c1',
  object: 'orders',
  externalId: '1001',
  sourceVersion: '1',
  sourceUpdatedAt: null,
  fetchedAt: '2026-06-01T00:00:00.000Z',
  contentType: 'application/json',
  payload: '{}',
  payloadHash: 'h',
  pageHash: null,
  runId: null,
};

function order(over: Partial<SalesOrder> = {}): SalesOrder {
  return CanonicalRecord.parse({
    kind: 'sales_order',
    id: 'sales_order:c1:1001',
    companyId: 'c1',
    source: { platform: 'shopify', connectionId: 'c1', sourceId: '1001', sourceUpdatedAt: '2026-05-01T00:00:00.000Z' },
    provenance: { envelopeId: 'env1', mappingVersion: 'm1', modelVersion: '1.0.0' },
    deleted: false,
    number: '#1001',
    orderDate: '2026-05-01',
    orderedAt: '2026-05-01T00:00:00.000Z',
    customer: { sourceId: null, name: null },
    lines: [
      {
        lineNumber: 1,
        description: 'a',
        sku: null,
        productSourceId: null,
        quantity: '2',
        unitPrice: '10.00',
        discount: '1.00',
        tax: '1.90',
        total: '19.00',
      },
      {
        lineNumber: 2,
        description: 'b',
        sku: null,
        productSourceId: null,
        quantity: '1',
        unitPrice: '5.00',
        discount: '0.00',
        tax: '0.50',
        total: '5.00',
      },
    ],
    currency: 'USD',
    subtotal: '25.00',
    discountTotal: '1.00',
    taxTotal: '2.40',
    total: '26.40',
    presentmentCurrency: null,
    presentmentTotal: null,
    currentTotal: '26.40',
    refunds: [],
    refundedTotal: '0.00',
    cancelledAt: null,
    cancelReason: null,
    test: false,
    status: { value: 'open', original: 'open' },
    financialStatus: { value: 'paid', original: 'paid' },
    ...over,
  }) as SalesOrder;
}

const stats: CompanyStats = {
  connectionId: 'c1',
  documents: 200,
  currencies: { USD: 190, CAD: 10 },
  firstDate: '2024-12-02',
  lastDate: '2026-05-30',
};

describe('suspicious-record checks', () => {
  it('flags a total that is not the sum of its lines plus tax', () => {
    expect(totalMismatch(order(), env, company)).toBeNull();
    expect(totalMismatch(order({ total: '26.41' }), env, company)).toBeNull(); // half a cent per line
    // Lines edited after checkout: the header identity still holds.
    expect(totalMismatch(order({ subtotal: '15.00', total: '16.40' }), env, company)).toBeNull();
    const item = totalMismatch(order({ total: '36.40' }), env, company);
    expect(item).toMatchObject({
      reason: 'LP_SUSPICIOUS_TOTAL',
      field: 'total',
      envelopeId: 'env1',
      detail: { expected: '26.40', difference: '10.00' },
    });
  });

  it('flags a currency the company never used, once it has history to judge by', () => {
    const [, currency] = createSuspiciousChecks(() => stats);
    expect(currency?.(order(), env, company)).toBeNull();
    expect(currency?.(order({ currency: 'CAD' }), env, company)).toBeNull();
    expect(currency?.(order({ currency: 'EUR' }), env, company)).toMatchObject({ reason: 'LP_SUSPICIOUS_CURRENCY' });
    const [, early] = createSuspiciousChecks(() => undefined);
    expect(early?.(order({ currency: 'EUR' }), env, company)).toMatchObject({ reason: 'LP_SUSPICIOUS_CURRENCY' });
  });

  it('flags a date far outside the company range or far in the future', () => {
    const [, , date] = createSuspiciousChecks(() => stats);
    expect(date?.(order(), env, company)).toBeNull();
    expect(date?.(order({ orderDate: '2024-01-01' }), env, company)).toBeNull();
    expect(date?.(order({ orderDate: '2006-05-01' }), env, company)).toMatchObject({
      reason: 'LP_SUSPICIOUS_DATE',
      field: 'orderDate',
    });
    // Newer than anything seen so far but not in the future (a first sync read out of date order,
    // or statistics a minute old in another worker): not suspicious.
    const [, , early] = createSuspiciousChecks(() => ({ ...stats, lastDate: '2025-01-31' }));
    expect(early?.(order({ orderDate: '2026-05-30' }), env, company)).toBeNull();
    const [, , young] = createSuspiciousChecks(() => ({ ...stats, documents: 3 }));
    expect(young?.(order({ orderDate: '2006-05-01' }), env, company)).toBeNull();
    expect(young?.(order({ orderDate: '2062-05-01' }), env, company)).toMatchObject({ reason: 'LP_SUSPICIOUS_DATE' });
  });
});
