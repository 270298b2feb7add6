import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dateInZone } from '../../canonical/time.js';
import { ConfigError, InvalidInputError } from '../../errors/index.js';
import { addDays } from './calendar.js';
import type { CompanyBook, SynthKind } from './index.js';
import { API_PLATFORMS, createEconomy } from './index.js';

const SMALL = { companies: 12, volumeScale: 0.05 } as const;

function bookHash(book: CompanyBook, at: string): string {
  const { inventoryAt, ...data } = book;
  return createHash('sha256')
    .update(JSON.stringify({ data, inventory: inventoryAt(at) }))
    .digest('hex');
}

const KINDS_BY_PLATFORM: Record<string, readonly SynthKind[]> = {
  shopify: ['sales_order'],
  quickbooks: ['invoice', 'credit_note', 'bill', 'purchase_order'],
  xero: ['invoice', 'credit_note', 'bill', 'purchase_order'],
  netsuite: ['invoice', 'bill', 'purchase_order', 'sales_order'],
};

describe('createEconomy: company metadata', { timeout: 30_000 }, () => {
  it('uses the documented defaults', () => {
    const economy = createEconomy();
    expect(economy.config).toEqual({
      seed: 42,
      companies: 200,
      startDate: '2024-12-02',
      days: 728,
      platforms: ['shopify', 'quickbooks', 'xero', 'netsuite'],
      volumeScale: 1,
      reportingCurrency: 'USD',
    });
    expect(economy.companies).toHaveLength(200);
    expect(economy.endAt).toBe('2026-11-30T12:00:00.000Z');
  });

  it('spreads companies over platforms, sectors, sizes, countries, currencies and zones', () => {
    const economy = createEconomy();
    const distinct = (f: (c: (typeof economy.companies)[number]) => string): Set<string> =>
      new Set(economy.companies.map(f));
    expect(distinct((c) => c.platform)).toEqual(new Set(API_PLATFORMS));
    expect(distinct((c) => c.naics).size).toBe(10);
    expect(distinct((c) => c.sizeBand)).toEqual(new Set(['micro', 'small', 'medium', 'large']));
    expect(distinct((c) => c.currency)).toEqual(new Set(['USD', 'EUR', 'GBP', 'CAD', 'AUD']));
    expect(distinct((c) => c.timeZone).size).toBeGreaterThanOrEqual(10);
    expect(economy.companies.slice(0, 5).map((c) => [c.id, c.index, c.platform])).toEqual([
      ['c0001', 0, 'shopify'],
      ['c0002', 1, 'quickbooks'],
      ['c0003', 2, 'xero'],
      ['c0004', 3, 'netsuite'],
      ['c0005', 4, 'shopify'],
    ]);
  });

  it('gives each platform its account shape and finds companies by account', () => {
    const economy = createEconomy({ companies: 8 });
    const [shop, qbo, xero, ns] = economy.companies;
    expect(shop?.account).toBe('shop-c0001.myshopify.com');
    expect(qbo?.account).toBe('9130350000000002');
    expect(xero?.account).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ns?.account).toBe('TSTDRV0004');
    for (const spec of economy.companies) expect(economy.byAccount(spec.platform, spec.account)).toBe(spec);
    expect(economy.byAccount('xero', 'shop-c0001.myshopify.com')).toBeUndefined();
    expect(economy.companiesOn('netsuite').map((c) => c.id)).toEqual(['c0004', 'c0008']);
  });

  it('creates 10,000 companies without generating books, with unique accounts', () => {
    const economy = createEconomy({ companies: 10_000 });
    expect(economy.companies).toHaveLength(10_000);
    expect(economy.companies[9_999]?.id).toBe('c10000');
    expect(new Set(economy.companies.map((c) => `${c.platform}|${c.account}`)).size).toBe(10_000);
  });

  it('assigns platforms round-robin over the configured list, other traits staying the same', () => {
    const economy = createEconomy({ companies: 6, platforms: ['xero', 'shopify'] });
    const all = createEconomy({ companies: 6 });
    expect(economy.companies.map((c) => [c.legalName, c.naics, c.timeZone, c.sizeBand])).toEqual(
      all.companies.map((c) => [c.legalName, c.naics, c.timeZone, c.sizeBand]),
    );
    expect(economy.companies.map((c) => c.platform)).toEqual(['xero', 'shopify', 'xero', 'shopify', 'xero', 'shopify']);
    expect(economy.companiesOn('quickbooks')).toEqual([]);
  });

  it.each([
    [{ companies: 0 }],
    [{ companies: 10_001 }],
    [{ startDate: '2025-02-30' }],
    [{ days: 0 }],
    [{ platforms: [] }],
    [{ volumeScale: 0 }],
    [{ reportingCurrency: 'JPY' }],
  ])('refuses the config %j', (bad) => {
    expect(() => createEconomy(bad)).toThrow(ConfigError);
  });

  it('refuses an unknown company id', () => {
    expect(() => createEconomy(SMALL).company('c9999')).toThrow(InvalidInputError);
  });
});

// Generous timeout: these tests generate whole books, and the CI machine is shared.
describe('CompanyBook generation', { timeout: 30_000 }, () => {
  it('is deterministic: same seed, identical books, whatever order they are generated in', () => {
    const a = createEconomy(SMALL);
    const b = createEconomy(SMALL);
    const ids = a.companies.map((c) => c.id);
    const hashesA = ids.map((id) => bookHash(a.company(id), a.endAt));
    const hashesB = [...ids].reverse().map((id) => bookHash(b.company(id), b.endAt));
    expect(hashesB.reverse()).toEqual(hashesA);
  });

  it('differs between seeds', () => {
    const a = createEconomy(SMALL);
    const b = createEconomy({ ...SMALL, seed: 43 });
    expect(a.companies.map((c) => c.legalName)).not.toEqual(b.companies.map((c) => c.legalName));
    expect(bookHash(a.company('c0002'), a.endAt)).not.toBe(bookHash(b.company('c0002'), b.endAt));
  });

  it('gives each platform its document kinds, dated in the company zone and sorted by creation', () => {
    const economy = createEconomy({ ...SMALL, volumeScale: 0.1 });
    const last = addDays(economy.config.startDate, economy.config.days - 1);
    for (const spec of economy.companies) {
      const book = economy.company(spec.id);
      const kinds = new Set(book.documents.map((d) => d.kind));
      expect([...kinds].sort()).toEqual([...(KINDS_BY_PLATFORM[spec.platform] ?? [])].sort());
      let previous = '';
      for (const doc of book.documents) {
        expect(doc.createdAt >= previous).toBe(true);
        previous = doc.createdAt;
        expect(dateInZone(doc.createdAt, spec.timeZone)).toBe(doc.date);
        expect(doc.date >= economy.config.startDate && doc.date <= last).toBe(true);
        expect(doc.currency).toBe(spec.currency);
        expect(doc.events[0]).toEqual({ at: doc.createdAt, type: 'created' });
        for (let i = 1; i < doc.events.length; i++) {
          expect((doc.events[i]?.at ?? '') > (doc.events[i - 1]?.at ?? '')).toBe(true);
        }
        expect(doc.createdAt <= economy.endAt).toBe(true);
      }
    }
  });

  it('keeps ids numeric and unique within a company, and references existing parties and products', () => {
    const economy = createEconomy(SMALL);
    for (const spec of economy.companies) {
      const book = economy.company(spec.id);
      const ids = [
        ...book.customers.map((p) => p.id),
        ...book.vendors.map((p) => p.id),
        ...book.locations.map((l) => l.id),
        ...book.products.flatMap((p) => [p.id, p.variantId, p.inventoryItemId]),
        ...book.documents.map((d) => d.id),
      ];
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[1-9]\d*$/);
      const customers = new Set(book.customers.map((p) => p.id));
      const vendors = new Set(book.vendors.map((p) => p.id));
      const products = new Set(book.products.map((p) => p.id));
      for (const doc of book.documents) {
        const parties = doc.kind === 'bill' || doc.kind === 'purchase_order' ? vendors : customers;
        expect(parties.has(doc.partyId)).toBe(true);
        for (const line of doc.lines) if (line.productId !== null) expect(products.has(line.productId)).toBe(true);
      }
      for (const party of [...book.customers, ...book.vendors]) {
        expect(party.email).toMatch(/@example\.(com|org|net)$/);
        expect(party.createdAt < `${economy.config.startDate}T00:00:00.000Z`).toBe(true);
      }
    }
  });

  it('edits, voids and deletes documents at about the documented rates', () => {
    const economy = createEconomy({ companies: 8, volumeScale: 0.5 });
    let docs = 0;
    let edited = 0;
    let voided = 0;
    let deleted = 0;
    for (const spec of economy.companies) {
      for (const doc of economy.company(spec.id).documents) {
        docs++;
        const types = new Set(doc.events.map((e) => e.type));
        if (types.has('edited')) edited++;
        if (types.has('voided')) voided++;
        if (types.has('deleted')) deleted++;
      }
    }
    expect(docs).toBeGreaterThan(5_000);
    expect(edited / docs).toBeGreaterThan(0.065);
    expect(edited / docs).toBeLessThan(0.095);
    expect(voided / docs).toBeGreaterThan(0.005);
    expect(voided / docs).toBeLessThan(0.025);
    expect(deleted / docs).toBeGreaterThan(0.005);
    expect(deleted / docs).toBeLessThan(0.016);
  });

  it('serves inventory levels as of an instant: opening levels first, non-negative integers later', () => {
    const economy = createEconomy({ ...SMALL, volumeScale: 0.5 });
    const book = economy.company('c0001');
    const opening = book.inventoryAt('2024-12-01T00:00:00.000Z');
    const closing = book.inventoryAt(economy.endAt);
    const tracked = book.products.filter((p) => p.tracked).length;
    expect(opening).toHaveLength(tracked * book.locations.length);
    expect(closing.map((l) => [l.productId, l.locationId])).toEqual(opening.map((l) => [l.productId, l.locationId]));
    for (const level of [...opening, ...closing]) expect(level.quantity).toMatch(/^\d+$/);
    expect(closing.some((l, i) => l.quantity !== opening[i]?.quantity)).toBe(true);
    for (const level of closing) expect(level.updatedAt <= economy.endAt).toBe(true);
  });
});

describe('fxRate', () => {
  it('reads the daily table, as 6-decimal strings, with the reporting currency as default', () => {
    const economy = createEconomy(SMALL);
    expect(economy.fxRate('2025-06-02', 'USD')).toBe('1.000000');
    expect(economy.fxRate('2025-06-02', 'EUR')).toMatch(/^1\.\d{6}$/);
    expect(economy.fxRate('2025-06-02', 'EUR')).toBe(economy.fxRate('2025-06-02', 'EUR', 'USD'));
    expect(economy.fxRate('2025-06-02', 'EUR')).not.toBe(economy.fxRate('2025-06-03', 'EUR'));
    expect(economy.fxRate('2025-06-02', 'GBP', 'GBP')).toBe('1.000000');
    expect(Number(economy.fxRate('2025-06-02', 'AUD'))).toBeGreaterThan(0.4);
    expect(Number(economy.fxRate('2025-06-02', 'AUD'))).toBeLessThan(0.9);
    expect(economy.fxRate('1999-01-01', 'CAD')).toBe(economy.fxRate('2023-01-01', 'CAD'));
    expect(() => economy.fxRate('2025-06-02', 'JPY')).toThrow(InvalidInputError);
    expect(() => economy.fxRate('June 2nd', 'EUR')).toThrow(InvalidInputError);
  });
});
