import { describe, expect, it } from 'vitest';
import { canonicalJsonSchema } from './json-schema.js';
import { CANONICAL_KINDS, CanonicalRecord, canonicalId } from './records.js';

describe('canonical model', () => {
  it('prints a JSON Schema naming every record kind', () => {
    const text = JSON.stringify(canonicalJsonSchema());
    for (const kind of CANONICAL_KINDS) expect(text).toContain(`"${kind}"`);
    expect(text).toContain('ISO 4217');
  });

  it('refuses float money and impossible dates', () => {
    const base = {
      id: canonicalId('product', 'c1', '9'),
      kind: 'product',
      companyId: 'c1',
      source: { platform: 'shopify', connectionId: 'c1', sourceId: '9', sourceUpdatedAt: '2026-01-01T00:00:00.000Z' },
      provenance: { envelopeId: 'env_x', mappingVersion: 'm', modelVersion: '1.0.0' },
      deleted: false,
      name: 'Widget',
      sku: null,
      productType: null,
      currency: 'USD',
      unitPrice: '19.99',
      unitCost: null,
      tracked: false,
      quantityOnHand: null,
      variants: [],
      status: { value: 'active', original: 'active' },
    };
    expect(CanonicalRecord.safeParse(base).success).toBe(true);
    expect(CanonicalRecord.safeParse({ ...base, unitPrice: 19.99 }).success).toBe(false);
    expect(CanonicalRecord.safeParse({ ...base, currency: 'usd' }).success).toBe(false);
  });
});
