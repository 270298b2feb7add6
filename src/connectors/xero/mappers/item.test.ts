import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanonicalRecord } from '../../../canonical/index.js';
import type { MapContext } from '../../kit/mapper.js';
import { mapItem } from './item.js';

const fixtures = new URL('../../../../../shared/fixtures/xero/', import.meta.url);
const read = (name: string) =>
  JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as { Items: Record<string, unknown>[] };
const list = read('items_list.json');
const tracked = read('item_get_tracked_inventory.json');
const ctx: MapContext = {
  platform: 'xero',
  connectionId: 'conn-x1',
  envelopeId: 'env_item',
  mappingVersion: 'test-1',
  timeZone: 'Pacific/Auckland',
  baseCurrency: 'NZD',
};

function records(raw: unknown) {
  const r = mapItem(raw, ctx);
  if (!('ok' in r)) throw new Error(`expected ok, got ${JSON.stringify(r.review)}`);
  for (const rec of r.ok) CanonicalRecord.parse(rec);
  return r.ok;
}

describe('mapItem', () => {
  it('items_list.json: untracked items are products only', () => {
    const [guitars] = records(list.Items[0]);
    expect(records(list.Items[0])).toHaveLength(1);
    expect(guitars).toMatchObject({
      kind: 'product',
      id: 'product:conn-x1:c8c54d65-f3f2-452d-926e-bf450b12fb07',
      name: 'Guitars',
      sku: '123',
      currency: 'NZD',
      unitPrice: '5000',
      unitCost: null,
      tracked: false,
      quantityOnHand: null,
      deleted: false,
      status: { value: 'active', original: 'UNTRACKED' },
    });
    expect(guitars?.source.sourceUpdatedAt).toBe('2019-03-07T17:57:56.267Z');
    const [hello] = records(list.Items[1]);
    expect(hello).toMatchObject({ name: 'Hello11350', sku: 'abc65591', unitPrice: null, unitCost: null });
  });

  it('item_get_tracked_inventory.json: a tracked item also gives an inventory level from QuantityOnHand', () => {
    const out = records(tracked.Items[0]);
    expect(out.map((r) => r.kind)).toEqual(['product', 'inventory_level']);
    expect(out[0]).toMatchObject({
      tracked: true,
      productType: 'inventory',
      quantityOnHand: '10',
      unitPrice: '5000',
      unitCost: '2500',
    });
    expect(out[1]).toMatchObject({
      kind: 'inventory_level',
      id: 'inventory_level:conn-x1:c8c54d65-f3f2-452d-926e-bf450b12fb07',
      itemSourceId: 'c8c54d65-f3f2-452d-926e-bf450b12fb07',
      sku: '123',
      locationId: null,
      quantity: '10',
      asOf: '2019-03-11T19:41:49.387Z',
      unitCost: '2500.0000',
      currency: 'NZD',
      deleted: false,
    });
  });

  it('zero stock has no average cost', () => {
    const out = records({ ...tracked.Items[0], QuantityOnHand: 0, TotalCostPool: 0 });
    expect(out[1]).toMatchObject({ quantity: '0', unitCost: null });
  });

  it('bad input goes to review', () => {
    for (const bad of [
      { ...tracked.Items[0], QuantityOnHand: '10,5' },
      { ...tracked.Items[0], ItemID: 12 },
      '[',
      undefined,
    ]) {
      expect('review' in mapItem(bad, ctx)).toBe(true);
    }
  });
});
