import { describe, expect, it } from 'vitest';
import type { RawEnvelope } from '../canonical/index.js';
import type { NewMappingRule } from '../ports/review-workflow.js';
import { checkRule, createRuleEngine } from './rules.js';

const env = (over: Partial<RawEnvelope> = {}): RawEnvelope => ({
  id: 'env1',
  platform: 'shopify',
  connectionId: 'c1',
  object: 'orders',
  externalId: '1',
  sourceVersion: '1',
  sourceUpdatedAt: null,
  fetchedAt: '2026-01-01T00:00:00.000Z',
  contentType: 'application/json',
  payload: '{}',
  payloadHash: 'h',
  pageHash: null,
  runId: null,
  ...over,
});

const rule = (over: Partial<NewMappingRule> & Pick<NewMappingRule, 'transform'>, version = 1) => ({
  version,
  scope: { platform: 'shopify', connectionId: null, object: 'orders' },
  sourceField: 'total_price_amount',
  targetField: 'total_price',
  note: null,
  ...over,
});

describe('mapping rules', () => {
  it('renames a drifted field and stamps the rule-set version', () => {
    const engine = createRuleEngine([rule({ transform: { kind: 'rename' } }, 3)]);
    const drifted = { id: 1, total_price_amount: '10.00' };
    expect(engine.transform(drifted, env())).toEqual({ payload: { id: 1, total_price: '10.00' }, version: 'rules.3' });
    // A clean payload is untouched and keeps the plain mapping version.
    const clean = { id: 2, total_price: '5.00' };
    expect(engine.transform(clean, env())).toEqual({ payload: { id: 2, total_price: '5.00' }, version: null });
  });

  it('applies only rules in scope (platform, connection, object)', () => {
    const engine = createRuleEngine([
      rule({ transform: { kind: 'rename' }, scope: { platform: 'shopify', connectionId: 'c2', object: null } }, 1),
      rule({ transform: { kind: 'rename' }, scope: { platform: 'xero', connectionId: null, object: null } }, 2),
    ]);
    const p = { total_price_amount: '1.00' };
    expect(engine.transform(p, env()).version).toBeNull();
    expect(engine.transform(p, env({ connectionId: 'c2' })).version).toBe('rules.1');
    expect(engine.rulesFor(env({ platform: 'xero' }))).toHaveLength(1);
  });

  it('walks arrays with * and rewrites each element in place', () => {
    const engine = createRuleEngine([
      rule({
        sourceField: 'line_items.*.price',
        targetField: 'line_items.*.price',
        transform: { kind: 'decimal_comma' },
      }),
    ]);
    const p = { line_items: [{ price: '1.234,50' }, { price: '2,00' }, { price: '3.00' }] };
    expect(engine.transform(p, env())).toEqual({
      payload: { line_items: [{ price: '1234.50' }, { price: '2.00' }, { price: '3.00' }] },
      version: 'rules.1',
    });
  });

  it('fills a constant only where the field is missing, and maps through lookup tables', () => {
    const engine = createRuleEngine([
      rule({ sourceField: 'currency', targetField: 'currency', transform: { kind: 'constant', value: 'EUR' } }, 1),
      rule(
        { sourceField: 'state', targetField: 'financial_status', transform: { kind: 'lookup', table: { P: 'paid' } } },
        2,
      ),
    ]);
    expect(engine.transform({ state: 'P' }, env())).toEqual({
      payload: { state: 'P', currency: 'EUR', financial_status: 'paid' },
      version: 'rules.2',
    });
    expect(engine.transform({ currency: 'USD', state: 'Q' }, env())).toEqual({
      payload: { currency: 'USD', state: 'Q' },
      version: null,
    });
  });

  it('validates rules before they are saved', () => {
    const base = { scope: { platform: 'shopify', object: 'orders' }, sourceField: 'a', targetField: 'b' };
    expect(checkRule({ ...base, transform: { kind: 'rename' } }).scope).toEqual({
      platform: 'shopify',
      connectionId: null,
      object: 'orders',
    });
    expect(() => checkRule({ ...base, transform: { kind: 'eval', code: '1' } })).toThrow(/invalid mapping rule/);
    expect(() => checkRule({ ...base, sourceField: '__proto__.x', transform: { kind: 'rename' } })).toThrow(
      /invalid field path/,
    );
    expect(() => checkRule({ ...base, sourceField: 'a.*.b', transform: { kind: 'rename' } })).toThrow(/same number/);
    expect(() => checkRule({ ...base, transform: { kind: 'scale', op: 'divide', by: '0' } })).toThrow(/scale by 0/);
    expect(() => checkRule({ ...base, transform: { kind: 'date_format', format: 'MM/YYYY' } })).toThrow(/a day/);
    expect(() => checkRule({ ...base, scope: { connectionId: 'c1' }, transform: { kind: 'rename' } })).toThrow(
      /names its platform/,
    );
  });
});
