import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanonicalRecord } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { mapPurchaseOrder } from './purchase-order.js';

const fixtures = new URL('../../../../../shared/fixtures/xero/', import.meta.url);
const list = JSON.parse(readFileSync(new URL('purchase_orders_list.json', fixtures), 'utf8')) as {
  PurchaseOrders: Record<string, unknown>[];
};
const ctx: MapContext = {
  platform: 'xero',
  connectionId: 'conn-x1',
  envelopeId: 'env_po',
  mappingVersion: 'test-1',
  timeZone: 'Pacific/Auckland',
  baseCurrency: 'NZD',
};

function poAt(i: number): Record<string, unknown> {
  const po = list.PurchaseOrders[i];
  if (!po) throw new Error(`no PO ${i}`);
  return structuredClone(po);
}

function only(result: MapResult) {
  if (!('ok' in result)) throw new Error(`expected ok, got ${JSON.stringify(result.review)}`);
  const rec = result.ok[0];
  if (rec?.kind !== 'purchase_order') throw new Error('expected a purchase order');
  CanonicalRecord.parse(rec);
  return rec;
}

describe('mapPurchaseOrder on purchase_orders_list.json', () => {
  it('PO-0001: a deleted order is status deleted with deleted: true, lines and totals kept', () => {
    const rec = only(mapPurchaseOrder(poAt(0), ctx));
    expect(rec).toMatchObject({
      id: 'purchase_order:conn-x1:f9627f0d-b715-4039-bb6a-96dc3eae5ec5',
      number: 'PO-0001',
      issueDate: '2019-03-12',
      expectedDate: null,
      vendor: { sourceId: '430fa14a-f945-44d3-9f97-5df5e28441b8', name: 'Example Contact 430f' },
      currency: 'NZD',
      subtotal: '20.00',
      discountTotal: '0.00',
      taxTotal: '0.00',
      total: '20.00',
      deleted: true,
      status: { value: 'deleted', original: 'DELETED' },
    });
    expect(rec.lines).toEqual([
      {
        lineNumber: 1,
        description: 'Foobar',
        sku: null,
        productSourceId: null,
        quantity: '1',
        unitPrice: '20',
        discount: '0',
        tax: '0',
        total: '20',
      },
    ]);
    expect(rec.source.sourceUpdatedAt).toBe('2019-03-14T00:18:23.443Z');
  });

  it('PO-0002 has its own id and stamp', () => {
    const rec = only(mapPurchaseOrder(poAt(1), ctx));
    expect(rec.number).toBe('PO-0002');
    expect(rec.source.sourceId).toBe('6afa2e02-c514-4964-ab89-b5c0179b8c50');
    expect(rec.source.sourceUpdatedAt).toBe('2019-03-14T00:20:34.733Z');
  });

  it('maps the live statuses and the delivery date', () => {
    const base = poAt(0);
    const cases: [string, string][] = [
      ['DRAFT', 'draft'],
      ['SUBMITTED', 'draft'],
      ['AUTHORISED', 'open'],
      ['BILLED', 'closed'],
    ];
    for (const [xero, canonical] of cases) {
      const rec = only(mapPurchaseOrder({ ...base, Status: xero }, ctx));
      expect(rec.status).toEqual({ value: canonical, original: xero });
      expect(rec.deleted).toBe(false);
    }
    const withDelivery = only(
      mapPurchaseOrder(
        { ...base, DeliveryDate: '/Date(1553040000000+0000)/', DeliveryDateString: '2019-03-20T00:00:00' },
        ctx,
      ),
    );
    expect(withDelivery.expectedDate).toBe('2019-03-20');
    const withArrival = only(mapPurchaseOrder({ ...base, ExpectedArrivalDate: '/Date(1553126400000+0000)/' }, ctx));
    expect(withArrival.expectedDate).toBe('2019-03-21');
  });

  it('bad input goes to review', () => {
    const { PurchaseOrderID: _id, ...noId } = poAt(0);
    for (const bad of [noId, { ...poAt(0), Status: 'CANCELLED' }, { ...poAt(0), SubTotal: { value: 20 } }, 'nope', 7]) {
      const r = mapPurchaseOrder(bad, ctx);
      expect('review' in r).toBe(true);
    }
  });
});
