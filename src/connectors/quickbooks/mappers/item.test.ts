import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InventoryLevel, Party, Product } from '../../../canonical/index.js';
import { CanonicalRecord } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { parseIntuitXml } from '../intuit-xml.js';
import { mapItem } from './item.js';
import { countryCode, mapCustomer, mapVendor } from './party.js';

const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/quickbooks/', import.meta.url));
const read = (name: string) => readFileSync(`${FIXTURES}${name}`, 'utf8');

const ctx: MapContext = {
  platform: 'quickbooks',
  connectionId: 'conn_qbo',
  envelopeId: 'env_item',
  mappingVersion: 'qbo-test',
  timeZone: 'America/Los_Angeles',
  baseCurrency: 'USD',
};

function ok(result: MapResult) {
  if (!('ok' in result)) throw new Error(`expected ok, got ${JSON.stringify(result.review)}`);
  for (const r of result.ok) CanonicalRecord.parse(r);
  return result.ok;
}

describe('mapItem', () => {
  it('maps service items from the query sample to untracked products without inventory', () => {
    const items = JSON.parse(read('item_query_response.json')).QueryResponse.Item;
    const [concrete] = ok(mapItem(items[0], ctx)) as [Product];
    expect(concrete).toMatchObject({
      id: 'product:conn_qbo:3',
      name: 'Concrete',
      sku: null,
      productType: 'Service',
      currency: 'USD',
      unitPrice: '0',
      unitCost: '0',
      tracked: false,
      quantityOnHand: null,
      status: { value: 'active' },
      source: { sourceUpdatedAt: '2014-09-19T19:47:47.000Z' },
    });
    const design = ok(mapItem(items[1], ctx));
    expect(design).toHaveLength(1);
    expect((design[0] as Product).unitPrice).toBe('75');
  });

  it('maps a tracked inventory item to a product and an inventory level with QtyOnHand', () => {
    const records = ok(mapItem(JSON.parse(read('item_read_inventory_response.json')).Item, ctx));
    expect(records).toHaveLength(2);
    const [product, level] = records as [Product, InventoryLevel];
    expect(product).toMatchObject({
      name: 'Office Supplies',
      productType: 'Inventory',
      tracked: true,
      quantityOnHand: '10',
      unitPrice: '25',
      unitCost: '35',
    });
    expect(level).toEqual(
      expect.objectContaining({
        id: 'inventory_level:conn_qbo:37',
        kind: 'inventory_level',
        itemSourceId: '37',
        locationId: null,
        quantity: '10',
        asOf: '2015-04-22T18:03:24.000Z',
        unitCost: '35',
        currency: 'USD',
        deleted: false,
      }),
    );
  });

  it('maps items from the XML sample', () => {
    const items = parseIntuitXml(read('items_query_response.xml')) as { QueryResponse: { Item: unknown[] } };
    const [doll] = ok(mapItem(items.QueryResponse.Item[0], ctx)) as [Product];
    expect(doll).toMatchObject({ name: 'Plush Baby Doll', unitPrice: '50', tracked: false });
  });

  it('archives inactive items, skips categories, and reviews an item without a name', () => {
    const base = JSON.parse(read('item_read_inventory_response.json')).Item;
    expect((ok(mapItem({ ...base, Active: false }, ctx))[0] as Product).status.value).toBe('archived');
    expect(ok(mapItem({ ...base, Type: 'Category' }, ctx))).toEqual([]);
    expect(mapItem({ ...base, Name: undefined }, ctx)).toEqual({
      review: expect.objectContaining({ code: 'LP_INPUT_SCHEMA', field: 'Name' }),
    });
    expect(mapItem({ ...base, QtyOnHand: '10,5' }, ctx)).toEqual({
      review: expect.objectContaining({ code: 'LP_INPUT_SCHEMA', field: 'QtyOnHand' }),
    });
  });
});

describe('mapCustomer / mapVendor', () => {
  const customer = {
    Id: '58',
    SyncToken: '0',
    DisplayName: 'Example Customer H',
    CompanyName: 'Example H Ltd',
    PrimaryEmailAddr: { Address: 'h@example.com' },
    BillAddr: { Line1: '1 Example Road', Country: 'USA' },
    CurrencyRef: { value: 'USD', name: 'United States Dollar' },
    Active: true,
    Balance: 0,
    MetaData: { CreateTime: '2024-02-01T10:00:00-08:00', LastUpdatedTime: '2024-02-03T11:12:13-08:00' },
  };

  it('maps a customer to a customer party', () => {
    const [p] = ok(mapCustomer(customer, ctx)) as [Party];
    expect(p).toEqual(
      expect.objectContaining({
        id: 'party:conn_qbo:58',
        role: 'customer',
        name: 'Example Customer H',
        email: 'h@example.com',
        country: 'US',
        currency: 'USD',
        deleted: false,
      }),
    );
    expect(p.source.sourceUpdatedAt).toBe('2024-02-03T19:12:13.000Z');
  });

  it('maps a vendor, and an inactive one as deleted (QBO deletes name-list entries by deactivating)', () => {
    const [v] = ok(mapVendor({ ...customer, Id: '41', Active: false }, ctx)) as [Party];
    expect(v).toMatchObject({ id: 'party:conn_qbo:41', role: 'vendor', deleted: true });
  });

  it('reviews a party without any name', () => {
    const res = mapVendor({ Id: '1', MetaData: customer.MetaData }, ctx);
    expect('review' in res && res.review.field).toBe('DisplayName');
  });

  it('folds country spellings', () => {
    expect([countryCode('us'), countryCode('United Kingdom'), countryCode('Narnia'), countryCode(undefined)]).toEqual([
      'US',
      'GB',
      null,
      null,
    ]);
  });
});
