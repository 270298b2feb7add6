import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanonicalRecord, type Product } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { mapLocation } from './location.js';
import { mapProduct } from './product.js';

const fixtures = new URL('../../../../../shared/fixtures/shopify/', import.meta.url);
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, unknown[]>;

const ctx: MapContext = {
  platform: 'shopify',
  connectionId: 'conn-shop',
  envelopeId: 'env_p',
  mappingVersion: 'shopify-2026.1',
  timeZone: 'America/Chicago',
  baseCurrency: 'USD',
};

function one(result: MapResult): Product {
  if (!('ok' in result)) throw new Error(`expected ok, got review ${JSON.stringify(result.review)}`);
  expect(result.ok).toHaveLength(1);
  const record = CanonicalRecord.parse(result.ok[0]);
  if (record.kind !== 'product') throw new Error(`expected a product, got ${record.kind}`);
  return record;
}

const products = fixture('products_list.json')['products'] ?? [];

describe('mapProduct on fixtures/shopify/products_list.json', () => {
  it('maps every product and each passes the canonical schema', () => {
    expect(products).toHaveLength(2);
    for (const p of products) one(mapProduct(p, ctx));
  });

  it('maps the iPod Nano with its four variants', () => {
    const p = one(mapProduct(products[0], ctx));
    expect(p.id).toBe('product:conn-shop:632910392');
    expect(p.name).toBe('IPod Nano - 8GB');
    expect(p.productType).toBe('Cult Products');
    expect(p.sku).toBe('IPOD2008PINK');
    expect(p.unitPrice).toBe('199.00');
    expect(p.currency).toBe('USD');
    expect(p.unitCost).toBeNull();
    expect(p.tracked).toBe(true);
    expect(p.quantityOnHand).toBe('100'); // 10 + 20 + 30 + 40
    expect(p.status).toEqual({ value: 'active', original: 'active' });
    expect(p.source.sourceUpdatedAt).toBe('2025-10-02T16:29:59.000Z');
    expect(p.source.sourceOffset).toBe('-05:00');
    expect(p.variants).toEqual([
      { sourceId: '808950810', sku: 'IPOD2008PINK', title: 'Pink', price: '199.00', inventoryItemId: '808950810' },
      { sourceId: '49148385', sku: 'IPOD2008RED', title: 'Red', price: '199.00', inventoryItemId: '49148385' },
      { sourceId: '39072856', sku: 'IPOD2008GREEN', title: 'Green', price: '199.00', inventoryItemId: '39072856' },
      { sourceId: '457924702', sku: 'IPOD2008BLACK', title: 'Black', price: '199.00', inventoryItemId: '457924702' },
    ]);
  });

  it('maps the iPod Touch with one variant', () => {
    const p = one(mapProduct(products[1], ctx));
    expect(p.id).toBe('product:conn-shop:921728736');
    expect(p.name).toBe('IPod Touch 8GB');
    expect(p.sku).toBe('IPOD2009BLACK');
    expect(p.quantityOnHand).toBe('13');
    expect(p.variants).toHaveLength(1);
  });

  it('reads untracked and archived products', () => {
    const raw = structuredClone(products[0]) as Record<string, unknown>;
    raw['status'] = 'archived';
    for (const v of raw['variants'] as Record<string, unknown>[]) v['inventory_management'] = null;
    const p = one(mapProduct(raw, ctx));
    expect(p.tracked).toBe(false);
    expect(p.quantityOnHand).toBeNull();
    expect(p.status.value).toBe('archived');
  });

  it('reviews bad payloads naming the field', () => {
    const cases: [(p: Record<string, unknown>) => void, string][] = [
      [(p) => delete p['id'], 'id'],
      [(p) => (p['title'] = 42), 'title'],
      [(p) => ((p['variants'] as Record<string, unknown>[])[0] = { id: 1, price: '199,00' }), 'variants.0.price'],
      [(p) => (p['updated_at'] = 'yesterday'), 'updated_at'],
    ];
    for (const [corrupt, field] of cases) {
      const raw = structuredClone(products[0]) as Record<string, unknown>;
      corrupt(raw);
      const r = mapProduct(raw, ctx);
      expect('review' in r && r.review).toMatchObject({ code: 'LP_INPUT_SCHEMA', field });
    }
  });
});

describe('mapLocation on fixtures/shopify/locations_list.json', () => {
  it('maps every location to no canonical record, and reviews a broken one', () => {
    const locations = fixture('locations_list.json')['locations'] ?? [];
    expect(locations.length).toBeGreaterThan(0);
    for (const l of locations) expect(mapLocation(l, ctx)).toEqual({ ok: [] });
    const r = mapLocation({ name: 'no id' }, ctx);
    expect('review' in r && r.review).toMatchObject({ code: 'LP_INPUT_SCHEMA', field: 'id' });
  });
});
