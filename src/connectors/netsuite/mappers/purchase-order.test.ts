import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanonicalRecord } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { mappers } from './index.js';

const FIXTURES = new URL('../../../../../shared/fixtures/netsuite/', import.meta.url);
const fixtureText = readFileSync(new URL('purchaseorder_record_expanded.json', FIXTURES), 'utf8');
const fixture = (): Record<string, unknown> => JSON.parse(fixtureText) as Record<string, unknown>;

const ctx: MapContext = {
  platform: 'netsuite',
  connectionId: 'conn-ns-1',
  envelopeId: 'env_po',
  mappingVersion: 'test-1',
  timeZone: 'America/Chicago',
  baseCurrency: 'USD',
};

function only(result: MapResult) {
  if (!('ok' in result)) throw new Error(`expected ok, got review ${JSON.stringify(result.review)}`);
  expect(result.ok).toHaveLength(1);
  const rec = CanonicalRecord.parse(result.ok[0]);
  if (rec.kind !== 'purchase_order') throw new Error(`expected a purchase order, got ${rec.kind}`);
  return rec;
}

function withLineQuantities(received: number, billed: number) {
  const po = fixture();
  const item = po['item'] as { items: Record<string, unknown>[] };
  for (const l of item.items) {
    l['quantityReceived'] = received;
    l['quantityBilled'] = billed;
  }
  return po;
}

describe('mapPurchaseOrderRecord on the real expanded purchase order', () => {
  it('maps header, party, dates, totals and the line with real values', () => {
    const po = only(mappers.purchaseorder(fixtureText, ctx));
    expect(po.id).toBe('purchase_order:conn-ns-1:607632');
    expect(po.companyId).toBe('conn-ns-1');
    expect(po.number).toBe('PO45723');
    expect(po.issueDate).toBe('2025-12-19');
    // No dueDate ("Receive By") on this form: the ship date stands in.
    expect(po.expectedDate).toBe('2025-12-19');
    expect(po.vendor).toEqual({ sourceId: '1335929', name: 'Example Vendor' });
    expect(po.currency).toBe('USD');
    expect(po.subtotal).toBe('100');
    expect(po.discountTotal).toBe('0');
    expect(po.taxTotal).toBe('0');
    expect(po.total).toBe('100');
    expect(po.status).toEqual({ value: 'open', original: 'Pending Receipt' });
    expect(po.deleted).toBe(false);
    expect(po.source).toEqual({
      platform: 'netsuite',
      connectionId: 'conn-ns-1',
      sourceId: '607632',
      sourceUpdatedAt: '2025-12-19T15:23:00.000Z',
      sourceOffset: 'Z',
    });
    expect(po.provenance).toEqual({ envelopeId: 'env_po', mappingVersion: 'test-1', modelVersion: '1.0.0' });
    expect(po.lines).toHaveLength(1);
    const line = po.lines[0];
    expect(line?.lineNumber).toBe(1);
    expect(line?.productSourceId).toBe('13861');
    expect(line?.sku).toBeNull();
    expect(line?.description?.startsWith('CREATOR I-23P\nwith liquid cooled spindle')).toBe(true);
    // The upstream record's rate (3800) × quantity (10) disagrees with its amount (100): both kept as sent.
    expect(line?.quantity).toBe('10');
    expect(line?.unitPrice).toBe('3800');
    expect(line?.total).toBe('100');
    expect(line?.discount).toBe('0');
    expect(line?.tax).toBe('0');
  });

  it('accepts the parsed object as well as the JSON text', () => {
    expect(only(mappers.purchaseorder(fixture(), ctx)).total).toBe('100');
  });

  it('reports a Closed order with nothing received or billed as cancelled', () => {
    const po = fixture();
    po['status'] = { id: 'Closed', refName: 'Closed' };
    expect(only(mappers.purchaseorder(po, ctx)).status).toEqual({ value: 'cancelled', original: 'Closed' });
  });

  it('reports a Closed order that was received as closed, and Fully Billed as closed', () => {
    const received = withLineQuantities(10, 0);
    received['status'] = { id: 'Closed', refName: 'Closed' };
    expect(only(mappers.purchaseorder(received, ctx)).status.value).toBe('closed');
    const billed = withLineQuantities(10, 10);
    billed['status'] = { id: 'Fully Billed', refName: 'Fully Billed' };
    expect(only(mappers.purchaseorder(billed, ctx)).status).toEqual({ value: 'closed', original: 'Fully Billed' });
  });

  it('reads SuiteQL letter codes too (PurchOrd:A is awaiting approval)', () => {
    const po = fixture();
    po['status'] = { id: 'PurchOrd:A' };
    expect(only(mappers.purchaseorder(po, ctx)).status).toEqual({ value: 'draft', original: 'PurchOrd:A' });
  });

  it('prefers the Receive By date (dueDate) when the form has it', () => {
    const po = fixture();
    po['dueDate'] = '2026-01-15';
    expect(only(mappers.purchaseorder(po, ctx)).expectedDate).toBe('2026-01-15');
  });

  it('sends an unknown status to review instead of guessing', () => {
    const po = fixture();
    po['status'] = { id: 'Teleported', refName: 'Teleported' };
    expect(mappers.purchaseorder(po, ctx)).toEqual({
      review: { code: 'LP_INPUT_MAPPING', message: 'unknown purchase order status "Teleported"', field: 'status' },
    });
  });
});
