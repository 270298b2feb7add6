import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanonicalRecord } from '../../../canonical/index.js';
import type { MapContext } from '../../kit/mapper.js';
import { mapContact } from './contact.js';

// No contacts list fixture: the full Contact embedded in the purchase-order fixture is a real one.
const fixtures = new URL('../../../../../shared/fixtures/xero/', import.meta.url);
const pos = JSON.parse(readFileSync(new URL('purchase_orders_list.json', fixtures), 'utf8')) as {
  PurchaseOrders: { Contact: Record<string, unknown> }[];
};
const contact = (over: Record<string, unknown> = {}) => ({
  ...structuredClone(pos.PurchaseOrders[0]?.Contact),
  ...over,
});
const ctx: MapContext = {
  platform: 'xero',
  connectionId: 'conn-x1',
  envelopeId: 'env_c',
  mappingVersion: 'test-1',
  timeZone: 'Pacific/Auckland',
  baseCurrency: 'NZD',
};

function party(raw: unknown) {
  const r = mapContact(raw, ctx);
  if (!('ok' in r)) throw new Error(`expected ok, got ${JSON.stringify(r.review)}`);
  const rec = r.ok[0];
  if (rec?.kind !== 'party') throw new Error('expected a party');
  CanonicalRecord.parse(rec);
  return rec;
}

describe('mapContact', () => {
  it('maps the fixture contact', () => {
    expect(party(contact({ IsSupplier: true, IsCustomer: false }))).toMatchObject({
      id: 'party:conn-x1:430fa14a-f945-44d3-9f97-5df5e28441b8',
      role: 'vendor',
      name: 'Example Contact 430f',
      email: null,
      country: 'USA',
      currency: null,
      deleted: false,
      source: { sourceUpdatedAt: '2019-03-05T00:54:41.053Z', sourceOffset: 'Z' },
    });
  });

  it('derives the role from IsCustomer / IsSupplier', () => {
    expect(party(contact({ IsCustomer: true, IsSupplier: true })).role).toBe('both');
    expect(party(contact({ IsCustomer: true })).role).toBe('customer');
    expect(party(contact()).role).toBe('customer');
  });

  it('keeps email and default currency; archived contacts stay live', () => {
    const p = party(contact({ EmailAddress: 'ap@example.com', DefaultCurrency: 'USD', ContactStatus: 'ARCHIVED' }));
    expect(p).toMatchObject({ email: 'ap@example.com', currency: 'USD', deleted: false });
  });

  it('bad input goes to review', () => {
    for (const bad of [
      contact({ Name: null }),
      contact({ UpdatedDateUTC: 'yesterday' }),
      contact({ ContactStatus: 'GONE' }),
      3,
    ]) {
      expect('review' in mapContact(bad, ctx)).toBe(true);
    }
  });
});
