import { describe, expect, it } from 'vitest';
import { CanonicalRecord } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { mappers } from './index.js';

const ctx: MapContext = {
  platform: 'netsuite',
  connectionId: 'conn-ns-3',
  envelopeId: 'env_so',
  mappingVersion: 'test-1',
  timeZone: 'America/Los_Angeles',
  baseCurrency: 'USD',
};

function salesOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '51200',
    tranId: 'SO-2201',
    tranDate: '2026-02-27',
    createdDate: '2026-02-28T02:10:00Z',
    lastModifiedDate: '2026-03-01T11:00:00Z',
    entity: { id: '77', refName: 'Example Customer B', links: [] },
    status: { id: 'Pending Fulfillment', refName: 'Pending Fulfillment' },
    orderStatus: { id: 'B', refName: 'B' },
    currency: { id: '1', refName: 'US Dollar', links: [] },
    subtotal: 99.98,
    taxTotal: 8.25,
    total: 108.23,
    item: {
      items: [
        {
          line: 1,
          item: { id: '300', refName: 'Mug' },
          quantity: 2,
          rate: 49.99,
          amount: 99.98,
          tax1Amt: 8.25,
          quantityFulfilled: 0,
          quantityBilled: 0,
          isClosed: false,
        },
      ],
      links: [],
      totalResults: 1,
    },
    ...overrides,
  };
}

function one(result: MapResult) {
  if (!('ok' in result)) throw new Error(`expected ok, got review ${JSON.stringify(result.review)}`);
  const rec = CanonicalRecord.parse(result.ok[0]);
  if (rec.kind !== 'sales_order') throw new Error(rec.kind);
  return rec;
}

describe('mapSalesOrderRecord', () => {
  it('maps an open order with exact money, the order date and the created instant', () => {
    const so = one(mappers.salesorder(salesOrder(), ctx));
    expect(so.id).toBe('sales_order:conn-ns-3:51200');
    expect(so.number).toBe('SO-2201');
    expect(so.orderDate).toBe('2026-02-27');
    expect(so.orderedAt).toBe('2026-02-28T02:10:00.000Z');
    expect(so.customer).toEqual({ sourceId: '77', name: 'Example Customer B' });
    expect(so.subtotal).toBe('99.98');
    expect(so.taxTotal).toBe('8.25');
    expect(so.total).toBe('108.23');
    expect(so.currentTotal).toBe('108.23');
    expect(so.refundedTotal).toBe('0');
    expect(so.lines[0]).toMatchObject({ quantity: '2', unitPrice: '49.99', total: '99.98', tax: '8.25' });
    expect(so.status).toEqual({ value: 'open', original: 'Pending Fulfillment' });
    expect(so.financialStatus.value).toBe('pending');
    expect(so.cancelledAt).toBeNull();
  });

  it('maps Billed to closed and paid, Closed to closed, Cancelled to cancelled with a cancel time', () => {
    const billed = one(mappers.salesorder(salesOrder({ status: { id: 'Billed', refName: 'Billed' } }), ctx));
    expect([billed.status.value, billed.financialStatus.value]).toEqual(['closed', 'paid']);
    const closed = one(mappers.salesorder(salesOrder({ status: { id: 'SalesOrd:H' } }), ctx));
    expect([closed.status.value, closed.financialStatus.value]).toEqual(['closed', 'unknown']);
    const cancelled = one(mappers.salesorder(salesOrder({ status: { id: 'Cancelled' } }), ctx));
    expect(cancelled.status.value).toBe('cancelled');
    expect(cancelled.financialStatus.value).toBe('voided');
    expect(cancelled.cancelledAt).toBe('2026-03-01T11:00:00.000Z');
  });
});
