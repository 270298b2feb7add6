import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { createFaultInjector, DEFAULT_DRIFT_FROM, FAULT_PROFILES, faultRates } from './faults.js';

const FIXED_CLOCK = { now: () => '2026-01-01T00:00:00.000Z' };

describe('faultRates', () => {
  it('reads the named profiles', () => {
    expect(faultRates('none')).toEqual(FAULT_PROFILES.none);
    expect(faultRates('default')).toEqual(FAULT_PROFILES.default);
    expect(faultRates('heavy')).toEqual(FAULT_PROFILES.heavy);
    expect(Object.values(faultRates('none')).every((r) => r === 0)).toBe(true);
    expect(faultRates('')).toEqual(FAULT_PROFILES.none);
  });

  it('reads per-fault rates, starting from zero, and overrides on top of a profile', () => {
    expect(faultRates('serverError=0.1,slow=0.02')).toEqual({ ...FAULT_PROFILES.none, serverError: 0.1, slow: 0.02 });
    expect(faultRates('default, serverError=0.5')).toEqual({ ...FAULT_PROFILES.default, serverError: 0.5 });
  });

  it.each([
    'wild',
    'serverError=2',
    'serverError=-0.1',
    'serverError=',
    'serverError=abc',
    'bogus=0.1',
    'serverError=0.6,slow=0.6',
  ])('refuses %j', (spec) => {
    expect(() => faultRates(spec)).toThrow(ConfigError);
  });
});

describe('FaultInjector', () => {
  it('injects nothing with the none profile', () => {
    const faults = createFaultInjector(1, 'none');
    for (let i = 0; i < 500; i++) {
      expect(faults.transport('xero', 'acct', `GET /Invoices?page=${i}`)).toBeNull();
      expect(faults.response('xero', 'acct', `GET /Invoices?page=${i}`)).toBeNull();
      expect(faults.refresh('xero', 'acct', `refresh-${i}`)).toBeNull();
      expect(faults.record('c0001', String(i))).toBeNull();
    }
    expect(faults.log).toEqual([]);
  });

  it('is deterministic from the seed and the call sequence, and differs between seeds', () => {
    const run = (seed: number): (string | null)[] => {
      const faults = createFaultInjector(seed, 'heavy', FIXED_CLOCK);
      const out: (string | null)[] = [];
      for (let i = 0; i < 300; i++) {
        out.push(faults.transport('shopify', 'shop-c0001.myshopify.com', `GET /orders.json?page=${i % 50}`));
        out.push(faults.record('c0001', String(1000 + i)));
      }
      return out;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('draws again on every attempt of the same request, so retries eventually pass', () => {
    const faults = createFaultInjector(3, 'serverError=0.5');
    let attempts = 0;
    while (faults.transport('quickbooks', '9130350000000002', 'GET /query?q=select') !== null) attempts++;
    expect(attempts).toBeLessThan(40);
    const outcomes = new Set<string | null>();
    for (let i = 0; i < 40; i++) outcomes.add(faults.transport('quickbooks', '9130350000000002', 'GET /same'));
    expect(outcomes).toEqual(new Set([null, 'server_error']));
  });

  it('injects each transport fault at about its rate and logs every one', () => {
    const faults = createFaultInjector(11, 'serverError=0.1,slow=0.05,dropMidBody=0.05,expiredToken=0.05', FIXED_CLOCK);
    const counts = new Map<string, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const fault = faults.transport('netsuite', 'TSTDRV0004', `GET /record/v1/invoice?offset=${i}`);
      if (fault) counts.set(fault, (counts.get(fault) ?? 0) + 1);
    }
    expect((counts.get('server_error') ?? 0) / n).toBeCloseTo(0.1, 1);
    expect((counts.get('slow') ?? 0) / n).toBeCloseTo(0.05, 1);
    expect((counts.get('drop_mid_body') ?? 0) / n).toBeCloseTo(0.05, 1);
    expect((counts.get('expired_token') ?? 0) / n).toBeCloseTo(0.05, 1);
    expect(faults.log).toHaveLength([...counts.values()].reduce((a, b) => a + b, 0));
    expect(faults.log[0]).toMatchObject({
      platform: 'netsuite',
      account: 'TSTDRV0004',
      at: '2026-01-01T00:00:00.000Z',
    });
    expect(faults.log[0]?.requestKey).toMatch(/^GET \/record\/v1\/invoice/);
  });

  it('answers a rate-limit storm with 429s on the following attempts of the same request', () => {
    const faults = createFaultInjector(5, 'rateLimitStorm=0.2');
    let longest = 0;
    for (let r = 0; r < 200; r++) {
      let run = 0;
      for (let attempt = 0; attempt < 12; attempt++) {
        if (faults.transport('xero', 'tenant', `GET /Contacts?page=${r}`) === 'rate_limit') {
          run++;
          longest = Math.max(longest, run);
        } else {
          run = 0;
        }
      }
    }
    expect(longest).toBeGreaterThanOrEqual(2);
    expect(faults.log.every((e) => e.kind === 'rate_limit')).toBe(true);
  });

  it('corrupts the same records the same way on every call, at about the configured rate', () => {
    const faults = createFaultInjector(9, 'malformedRecord=0.1,schemaDrift=0.1');
    const first = Array.from({ length: 5_000 }, (_, i) => faults.record('c0002', String(i)));
    const second = Array.from({ length: 5_000 }, (_, i) => faults.record('c0002', String(i)));
    expect(second).toEqual(first);
    const drift = first.filter((f) => f === 'schema_drift').length / first.length;
    const malformed = first.filter((f) => f?.startsWith('malformed_')).length / first.length;
    expect(drift).toBeCloseTo(0.1, 1);
    expect(malformed).toBeCloseTo(0.1, 1);
    expect(new Set(first.filter((f) => f?.startsWith('malformed_')))).toEqual(
      new Set(['malformed_wrong_type', 'malformed_decimal_comma', 'malformed_missing_field']),
    );
    expect(faults.log).toHaveLength(first.filter((f) => f !== null).length * 2);
    expect(faults.log.find((e) => e.kind === 'schema_drift')).toMatchObject({ platform: '', account: 'c0002' });
  });

  it('applies schema drift only from driftFrom when the record date is given', () => {
    const faults = createFaultInjector(9, 'schemaDrift=1');
    expect(faults.driftFrom).toBe(DEFAULT_DRIFT_FROM);
    expect(faults.record('c0001', '1', '2026-03-01')).toBeNull();
    expect(faults.record('c0001', '1', DEFAULT_DRIFT_FROM)).toBe('schema_drift');
    expect(faults.record('c0001', '1')).toBe('schema_drift');
    expect(
      createFaultInjector(9, 'schemaDrift=1', { driftFrom: '2025-01-01' }).record('c0001', '1', '2025-06-01'),
    ).toBe('schema_drift');
  });

  it('injects response and refresh faults from their own rates', () => {
    const faults = createFaultInjector(2, 'truncatedJson=0.3,repeatedAcrossPages=0.3,revokedRefresh=0.5');
    const responses = new Set(Array.from({ length: 300 }, (_, i) => faults.response('shopify', 's', `page-${i}`)));
    expect(responses).toEqual(new Set([null, 'truncated_json', 'repeated_across_pages']));
    const refreshes = new Set(Array.from({ length: 50 }, () => faults.refresh('xero', 't', 'POST /token')));
    expect(refreshes).toEqual(new Set([null, 'revoked_refresh']));
  });
});
