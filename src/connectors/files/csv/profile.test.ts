import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../errors/index.js';
import { BUILTIN_PROFILES, parseProfile } from './builtin-profiles.js';
import { CsvProfileSchema } from './profile.js';

describe('CSV profiles', () => {
  it('has valid built-in profiles', () => {
    for (const p of Object.values(BUILTIN_PROFILES)) expect(CsvProfileSchema.parse(p)).toEqual(p);
    expect(Object.keys(BUILTIN_PROFILES)).toEqual(['shopify-orders', 'quickbooks-invoices', 'xero-invoices']);
  });

  it('parses a saved profile from JSON text', () => {
    const p = parseProfile('{"name":"acme","kind":"invoice","columns":{"number":"No","issueDate":["Date","Datum"]}}');
    expect(p).toEqual({ name: 'acme', kind: 'invoice', columns: { number: 'No', issueDate: ['Date', 'Datum'] } });
  });

  it('extends a built-in profile, merging columns', () => {
    const p = parseProfile({
      extends: 'xero-invoices',
      name: 'xero-uk',
      dateFormat: 'DD/MM/YYYY',
      columns: { partyId: 'AccountNumber' },
    });
    expect(p.dateFormat).toBe('DD/MM/YYYY');
    expect(p.lineDiscount).toBe('percent');
    expect(p.columns).toMatchObject({ number: 'InvoiceNumber', partyId: 'AccountNumber' });
  });

  it.each([
    ['{not json', /not valid JSON/],
    [{ name: 'x', kind: 'invoice', columns: { issueDate: 'D' } }, /columns\.number: columns\.number is required/],
    [{ name: 'x', kind: 'invoice', columns: { number: 'N' } }, /issueDate/],
    [{ name: 'x', kind: 'invoice', columns: { number: 'N', issueDate: 'D', colour: 'C' } }, /columns/],
    [{ name: 'Bad Name', kind: 'invoice', columns: { number: 'N', issueDate: 'D' } }, /at name/],
    [{ name: 'x', kind: 'invoice', dateFormat: 'DD/MM', columns: { number: 'N', issueDate: 'D' } }, /dateFormat/],
    [{ extends: 'nope', name: 'x' }, /extends unknown profile "nope"/],
  ])('refuses %j with a ConfigError naming the problem', (input, message) => {
    let caught: unknown;
    try {
      parseProfile(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).code).toBe('LP_CONFIG_INVALID');
    expect((caught as ConfigError).message).toMatch(message);
  });
});
