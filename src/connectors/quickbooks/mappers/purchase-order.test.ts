import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PurchaseOrder } from '../../../canonical/index.js';
import { CanonicalRecord } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { parseIntuitXml } from '../intuit-xml.js';
import { mapPurchaseOrder } from './purchase-order.js';

const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/quickbooks/', import.meta.url));
const read = (name: string) => readFileSync(`${FIXTURES}${name}`, 'utf8');

const ctx: MapContext = {
  platform: 'quickbooks',
  connectionId: 'conn_qbo',
  envelopeId: 'env_po',
  mappingVersion: 'qbo-test',
  timeZone: 'America/Los_Angeles',
  baseCurrency: 'USD',
};

function one(result: MapResult): PurchaseOrder {
  if (!('ok' in result)) throw new Error(`expected ok, got ${JSON.stringify(result.review)}`);
  CanonicalRecord.parse(result.ok[0]);
  return result.ok[0] as PurchaseOrder;
}

describe('mapPurchaseOrder', () => {
  it('maps the query sample (no POStatus given reads as Open)', () => {
    const res = JSON.parse(read('purchaseorder_query_response.json'));
    const po = one(mapPurchaseOrder(res.QueryResponse.PurchaseOrder[0], ctx));
    expect(po).toMatchObject({
      id: 'purchase_order:conn_qbo:259',
      kind: 'purchase_order',
      number: '1007',
      issueDate: '2015-07-28',
      expectedDate: null,
      vendor: { sourceId: '41', name: 'Example Vendor A' },
      currency: 'USD',
      subtotal: '25.00',
      taxTotal: '0.00',
      total: '25.00',
      status: { value: 'open', original: 'Open' },
      deleted: false,
      source: { sourceUpdatedAt: '2015-07-28T23:06:03.000Z', sourceOffset: '-07:00' },
    });
    expect(po.lines).toEqual([
      {
        lineNumber: 1,
        description: 'Garden Supplies',
        sku: null,
        productSourceId: '38',
        quantity: '1',
        unitPrice: '25',
        discount: '0.00',
        tax: '0.00',
        total: '25.00',
      },
    ]);
  });

  it('maps the read sample with its currency and Open status', () => {
    const po = one(mapPurchaseOrder(JSON.parse(read('purchaseorder_read_response.json')).PurchaseOrder, ctx));
    expect(po).toMatchObject({ number: '1005', currency: 'USD', total: '25.00', status: { value: 'open' } });
  });

  it('maps the deleted PO (full body with status Deleted) keeping its values', () => {
    const po = one(
      mapPurchaseOrder(
        (parseIntuitXml(read('purchaseorder_deleted.xml')) as { PurchaseOrder: unknown }).PurchaseOrder,
        ctx,
      ),
    );
    expect(po).toMatchObject({
      id: 'purchase_order:conn_qbo:813',
      deleted: true,
      status: { value: 'deleted', original: 'Deleted' },
      number: '1002',
      total: '72.00',
      vendor: { sourceId: '24', name: 'Example Vendor B' },
    });
    expect(po.lines[0]).toMatchObject({ description: 'hose', productSourceId: '31', total: '72.00' });
  });

  it('maps Closed, and a DueDate as the expected date', () => {
    const base = JSON.parse(read('purchaseorder_read_response.json')).PurchaseOrder;
    const po = one(mapPurchaseOrder({ ...base, POStatus: 'Closed', DueDate: '2015-08-10' }, ctx));
    expect(po.status).toEqual({ value: 'closed', original: 'Closed' });
    expect(po.expectedDate).toBe('2015-08-10');
  });

  it('maps a CDC deletion notice to a tombstone', () => {
    const po = one(
      mapPurchaseOrder(
        { status: 'Deleted', Id: '300', MetaData: { LastUpdatedTime: '2024-01-01T00:30:00-05:00' } },
        ctx,
      ),
    );
    expect(po).toMatchObject({
      deleted: true,
      issueDate: '2024-01-01',
      source: { sourceUpdatedAt: '2024-01-01T05:30:00.000Z' },
    });
  });

  it('sends a PO without a vendor to review', () => {
    const base = JSON.parse(read('purchaseorder_read_response.json')).PurchaseOrder;
    const res = mapPurchaseOrder({ ...base, VendorRef: undefined }, ctx);
    expect(res).toEqual({ review: expect.objectContaining({ code: 'LP_INPUT_SCHEMA', field: 'VendorRef' }) });
  });
});
