import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AuthError, ContractViolationError, RateLimitError, TransientError } from '../../errors/index.js';
import type { HttpResponse } from '../kit/http.js';
import { readFault, toLedgerpulseError } from './errors.js';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/quickbooks/', import.meta.url));
const fixture = (name: string) => readFileSync(`${FIXTURES}${name}`, 'utf8');
const NOW = Date.UTC(2026, 0, 1);

function res(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, body, headers, url: 'https://quickbooks.api.intuit.com/v3/company/1/query?query=secret' };
}

describe('readFault', () => {
  it('reads JSON and XML Faults, including several errors', () => {
    expect(readFault(fixture('fault_validation_duplicate_name.json'))).toEqual({
      type: 'ValidationFault',
      codes: ['6240'],
      message: 'Duplicate Name Exists Error',
    });
    expect(readFault(fixture('fault_validation_multiple.xml'))).toEqual({
      type: 'ValidationFault',
      codes: ['2050', '2080'],
      message: 'Length exceeds limit',
    });
    expect(readFault(fixture('fault_query_validation.xml'))?.codes).toEqual(['4001']);
  });

  it('reads the lower-case envelope some gateway 401s use, and ignores bodies without a Fault', () => {
    const lower = JSON.stringify({
      fault: {
        error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', code: '3200' }],
        type: 'AUTHENTICATION',
      },
    });
    expect(readFault(lower)).toEqual({
      type: 'AUTHENTICATION',
      codes: ['3200'],
      message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
    });
    expect(readFault('<html>bad gateway</html>')).toBeNull();
    expect(readFault('{"QueryResponse":{}}')).toBeNull();
  });
});

describe('toLedgerpulseError', () => {
  const ctx = { platform: 'quickbooks', connectionId: 'c1' };

  it('429 and the old 403 ThrottleExceeded are rate limits retried after 60 s (no Retry-After)', () => {
    for (const [status, name] of [
      [429, 'fault_throttle_429.xml'],
      [403, 'fault_throttle_403.xml'],
    ] as const) {
      const e = toLedgerpulseError(res(status, fixture(name)), NOW, ctx);
      expect(e).toBeInstanceOf(RateLimitError);
      expect((e as RateLimitError).retryAt).toBe(NOW + 60_000);
      expect(e.context).toMatchObject({ httpStatus: status, faultCodes: ['3001'], faultType: 'SERVICE' });
    }
    const withHeader = toLedgerpulseError(res(429, '', { 'retry-after': '7' }), NOW, ctx);
    expect((withHeader as RateLimitError).retryAt).toBe(NOW + 7_000);
  });

  it('401 is an invalid token, other 403s are forbidden (refresh cannot help)', () => {
    expect(toLedgerpulseError(res(401, '{}'), NOW, ctx)).toMatchObject({ code: 'LP_AUTH_INVALID_TOKEN' });
    const forbidden = toLedgerpulseError(
      res(
        403,
        '{"Fault":{"Error":[{"Message":"ApplicationAuthorizationFailed","code":"3100"}],"type":"AuthorizationFault"}}',
      ),
      NOW,
      ctx,
    );
    expect(forbidden).toBeInstanceOf(AuthError);
    expect(forbidden.code).toBe('LP_AUTH_FORBIDDEN');
  });

  it('5xx is transient; a 400 ValidationFault is a contract violation; URLs lose their query; intuit_tid is kept', () => {
    expect(toLedgerpulseError(res(503, ''), NOW, ctx)).toBeInstanceOf(TransientError);
    const bad = toLedgerpulseError(res(400, fixture('fault_query_validation.xml'), { intuit_tid: 'tid-1' }), NOW, ctx);
    expect(bad).toBeInstanceOf(ContractViolationError);
    expect(bad.message).toBe('QuickBooks answered HTTP 400: Invalid query');
    expect(bad.context).toMatchObject({
      requestId: 'tid-1',
      url: 'https://quickbooks.api.intuit.com/v3/company/1/query',
    });
  });
});
