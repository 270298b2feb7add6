import { describe, expect, it } from 'vitest';
import { type Product, Product as ProductSchema } from '../canonical/index.js';
import type { Correction } from '../ports/review-workflow.js';
import { applyCorrections, createOverlay, previewCorrection } from './overlays.js';

const product: Product = ProductSchema.parse({
  kind: 'product',
  id: 'product:c1:1',
  companyId: 'c1',
  source: { platform: 'shopify', connectionId: 'c1', sourceId: '1', sourceUpdatedAt: '2026-01-01T00:00:00.000Z' },
  provenance: { envelopeId: 'e1', mappingVersion: 'shopify-2026.1', modelVersion: '1.0.0' },
  deleted: false,
  name: 'Widget',
  sku: 'SKU-1',
  productType: null,
  currency: 'USD',
  unitPrice: '10.00',
  unitCost: null,
  tracked: true,
  quantityOnHand: null,
  variants: [],
  status: { value: 'active', original: 'active' },
});

const correction = (over: Partial<Correction>): Correction => ({
  id: 'cor1',
  recordId: product.id,
  kind: 'product',
  connectionId: 'c1',
  field: 'name',
  value: 'Widget Pro',
  oldValue: 'Widget',
  reason: 'typo',
  status: 'active',
  createdBy: 'ops',
  createdAt: '2026-01-02T00:00:00.000Z',
  revertedBy: null,
  revertedAt: null,
  ...over,
});

describe('correction overlays', () => {
  it('overlays a copy and marks the mapping version, never touching the input', () => {
    const out = applyCorrections(product, [{ field: 'name', value: 'Widget Pro' }]);
    expect(out).not.toBe(product);
    expect(out).toMatchObject({ name: 'Widget Pro', provenance: { mappingVersion: 'shopify-2026.1+corrected' } });
    expect(product.name).toBe('Widget');
    expect(applyCorrections(out, [{ field: 'name', value: 'Widget Pro' }]).provenance.mappingVersion).toBe(
      'shopify-2026.1+corrected',
    );
  });

  it('refuses identity and provenance fields, unknown fields and values the schema rejects', () => {
    expect(() => previewCorrection(product, 'source.sourceId', 'x')).toThrow(/cannot be corrected/);
    expect(() => previewCorrection(product, 'provenance.mappingVersion', 'x')).toThrow(/cannot be corrected/);
    expect(() => previewCorrection(product, 'colour', 'red')).toThrow(/no field/);
    expect(() => previewCorrection(product, 'unitPrice', '12,50')).toThrow(/invalid at unitPrice/);
    expect(previewCorrection(product, 'name', 'Widget Pro').oldValue).toBe('Widget');
  });

  it('applies the newest active correction per field, only to its record', () => {
    const overlay = createOverlay([
      correction({ id: 'a', value: 'First', createdAt: '2026-01-02T00:00:00.000Z' }),
      correction({ id: 'b', value: 'Second', createdAt: '2026-01-03T00:00:00.000Z' }),
      correction({ id: 'c', value: 'Reverted', status: 'reverted', createdAt: '2026-01-04T00:00:00.000Z' }),
    ]);
    expect(overlay?.(product)).toMatchObject({ name: 'Second' });
    expect(overlay?.({ ...product, id: 'product:c1:2' })).toMatchObject({ name: 'Widget' });
    expect(createOverlay([correction({ status: 'reverted' })])).toBeUndefined();
  });
});
