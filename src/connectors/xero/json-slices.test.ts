import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrayElementSlices } from './json-slices.js';

const fixtures = new URL('../../../../shared/fixtures/xero/', import.meta.url);

describe('arrayElementSlices', () => {
  it('cuts each invoice of the fixture with its own number text kept', () => {
    const body = readFileSync(new URL('invoices_list.json', fixtures), 'utf8');
    const slices = arrayElementSlices(body, 'Invoices');
    expect(slices).toHaveLength(3);
    expect(slices?.[0]).toContain('"AmountDue": 0.00');
    expect(slices?.[0]).toContain('"CurrencyRate": 1.000000');
    const parsed = (JSON.parse(body) as { Invoices: unknown[] }).Invoices;
    expect(slices?.map((s) => JSON.parse(s))).toEqual(parsed);
  });

  it('handles escaped slashes, CRLF and keys before the array (organisation fixture)', () => {
    const body = readFileSync(new URL('organisation_response_raw.json', fixtures), 'utf8');
    const slices = arrayElementSlices(body, 'Organisations');
    expect(slices).toHaveLength(1);
    expect(slices?.[0]).toContain('\\/Date(1254268800000+0000)\\/');
  });

  it('returns null for a body that is cut off or lacks the key, and [] for an empty array', () => {
    const body = readFileSync(new URL('invoices_list.json', fixtures), 'utf8');
    expect(arrayElementSlices(body.slice(0, body.length / 2), 'Invoices')).toBeNull();
    expect(arrayElementSlices(body, 'CreditNotes')).toBeNull();
    expect(arrayElementSlices('{"Invoices": [ ]}', 'Invoices')).toEqual([]);
    expect(arrayElementSlices('[1,2]', 'Invoices')).toBeNull();
  });

  it('agrees with JSON.parse on any array of JSON values', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.jsonValue(), (items, other) => {
        const body = JSON.stringify({ Id: 'x', Other: other, Items: items }, null, 1);
        const slices = arrayElementSlices(body, 'Items');
        expect(slices?.map((s) => JSON.parse(s))).toEqual(JSON.parse(body).Items);
      }),
    );
  });
});
