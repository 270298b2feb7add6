import { describe, expect, it } from 'vitest';
import { CanonicalRecord } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { mappers } from './index.js';

const ctx: MapContext = {
  platform: 'netsuite',
  connectionId: 'conn-ns-4',
  envelopeId: 'env_item',
  mappingVersion: 'test-1',
  timeZone: 'Asia/Kolkata',
  baseCurrency: 'INR',
};

function one(result: MapResult) {
  if (!('ok' in result)) throw new Error(`expected ok, got review ${JSON.stringify(result.review)}`);
  return CanonicalRecord.parse(result.ok[0]);
}

/** A SuiteQL `item` row as the items stream selects it: strings only, null columns omitted, every row with `links`. */
const itemRow = {
  links: [],
  id: '13861',
  itemid: 'MCNC-I23P',
  displayname: 'CREATOR I-23P',
  itemtype: 'InvtPart',
  cost: '2450.5',
  isinactive: 'F',
  created: '2025-06-01 10:00:00',
  lastmodified: '2026-01-15 18:45:30',
};

describe('mapItemRow', () => {
  it('maps an inventory item, converting the user-zone timestamp to UTC', () => {
    const p = one(mappers.item(JSON.stringify(itemRow), ctx));
    if (p.kind !== 'product') throw new Error(p.kind);
    expect(p.id).toBe('product:conn-ns-4:13861');
    expect(p.name).toBe('CREATOR I-23P');
    expect(p.sku).toBe('MCNC-I23P');
    expect(p.productType).toBe('InvtPart');
    expect(p.tracked).toBe(true);
    expect(p.unitCost).toBe('2450.5');
    expect(p.unitPrice).toBeNull();
    expect(p.currency).toBe('INR');
    expect(p.status).toEqual({ value: 'active', original: 'F' });
    expect(p.source.sourceUpdatedAt).toBe('2026-01-15T13:15:30.000Z');
    expect(p.source.sourceOffset).toBe('+05:30');
  });

  it('maps an inactive non-inventory item without a display name', () => {
    const { displayname: _omit, cost: _c, ...row } = itemRow;
    const p = one(mappers.item({ ...row, itemtype: 'NonInvtPart', isinactive: 'T' }, ctx));
    if (p.kind !== 'product') throw new Error(p.kind);
    expect(p.name).toBe('MCNC-I23P');
    expect(p.tracked).toBe(false);
    expect(p.status.value).toBe('archived');
    expect(p.unitCost).toBeNull();
    expect(p.currency).toBeNull();
  });

  it('sends a locale-formatted timestamp and a comma decimal to review', () => {
    expect(mappers.item({ ...itemRow, lastmodified: '1/15/2026' }, ctx)).toMatchObject({
      review: { code: 'LP_INPUT_SCHEMA', field: 'lastmodified' },
    });
    expect(mappers.item({ ...itemRow, cost: '2450,50' }, ctx)).toMatchObject({
      review: { code: 'LP_INPUT_SCHEMA', field: 'cost' },
    });
  });
});

describe('mapInventorySnapshot', () => {
  const row = {
    links: [],
    item: '13861',
    itemname: 'MCNC-I23P',
    location: '1',
    quantityonhand: '29',
    quantityavailable: '27',
    averagecostmli: '2410.125',
  };

  it('maps an item-location row with the observation instant as its version', () => {
    const level = one(mappers.inventorylevel(JSON.stringify({ observedAt: '2026-11-29T10:00:00Z', row }), ctx));
    if (level.kind !== 'inventory_level') throw new Error(level.kind);
    expect(level.id).toBe('inventory_level:conn-ns-4:13861:1');
    expect(level.itemSourceId).toBe('13861');
    expect(level.sku).toBe('MCNC-I23P');
    expect(level.locationId).toBe('1');
    expect(level.quantity).toBe('29');
    expect(level.asOf).toBe('2026-11-29T10:00:00.000Z');
    expect(level.source.sourceUpdatedAt).toBe('2026-11-29T10:00:00.000Z');
    expect(level.unitCost).toBe('2410.125');
    expect(level.currency).toBe('INR');
  });

  it('reads an omitted on-hand column (SuiteQL drops nulls) as zero', () => {
    const { quantityonhand: _q, averagecostmli: _a, ...bare } = row;
    const level = one(mappers.inventorylevel({ observedAt: '2026-11-29T10:00:00Z', row: bare }, ctx));
    if (level.kind !== 'inventory_level') throw new Error(level.kind);
    expect(level.quantity).toBe('0');
    expect(level.unitCost).toBeNull();
  });

  it('sends a row without its observation time to review', () => {
    expect(mappers.inventorylevel(row, ctx)).toMatchObject({ review: { code: 'LP_INPUT_SCHEMA' } });
  });
});
