import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuthError, ContractViolationError, RateLimitError, TransientError } from '../../errors/index.js';
import type { HttpResponse } from '../kit/http.js';
import { summarizeXeroError, toLedgerpulseError } from './errors.js';

const fixtures = new URL('../../../../shared/fixtures/xero/', import.meta.url);
const NOW = Date.UTC(2026, 0, 1);
const ctx = { platform: 'xero', connectionId: 'conn-1' };

function res(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, body, headers, url: 'https://api.xero.com/api.xro/2.0/Invoices?page=2' };
}

describe('toLedgerpulseError', () => {
  it('429 minute → RateLimitError at Retry-After, with the problem and correlation id in context', () => {
    const e = toLedgerpulseError(
      res(429, '{"Title":"Rate limit exceeded","Status":429}', {
        'retry-after': '27',
        'x-rate-limit-problem': 'minute',
        'xero-correlation-id': 'corr-1',
      }),
      NOW,
      ctx,
    );
    expect(e).toBeInstanceOf(RateLimitError);
    expect(e.code).toBe('LP_RATE_LIMITED');
    expect((e as RateLimitError).retryAt).toBe(NOW + 27_000);
    expect(e.context).toMatchObject({
      httpStatus: 429,
      rateLimitProblem: 'minute',
      requestId: 'corr-1',
      url: 'https://api.xero.com/api.xro/2.0/Invoices',
    });
  });

  it('429 day → LP_RATE_DAILY_QUOTA (the scheduler parks the run instead of spinning)', () => {
    const e = toLedgerpulseError(res(429, '', { 'retry-after': '43000', 'x-rate-limit-problem': 'day' }), NOW, ctx);
    expect(e.code).toBe('LP_RATE_DAILY_QUOTA');
    expect((e as RateLimitError).retryAt).toBe(NOW + 43_000_000);
  });

  it('401 is a token problem, 403 a tenant or scope problem', () => {
    const e401 = toLedgerpulseError(
      res(
        401,
        '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: token expired at 01/01/2026 00:00:00"}',
      ),
      NOW,
      ctx,
    );
    expect(e401).toBeInstanceOf(AuthError);
    expect(e401.code).toBe('LP_AUTH_INVALID_TOKEN');
    expect(e401.message).toContain('TokenExpired');
    const e403 = toLedgerpulseError(
      res(403, '{"Title":"Forbidden","Status":403,"Detail":"AuthorizationUnsuccessful"}'),
      NOW,
      ctx,
    );
    expect(e403.code).toBe('LP_AUTH_TENANT_FORBIDDEN');
  });

  it('400 ValidationException (fixture) is a contract violation naming the first validation error', () => {
    const body = readFileSync(new URL('validation_error_400.json', fixtures), 'utf8');
    const e = toLedgerpulseError(res(400, body), NOW, ctx);
    expect(e).toBeInstanceOf(ContractViolationError);
    expect(e.message).toContain('ValidationException');
    expect(e.message).toContain('Please enter a unique Name.');
    expect(e.context['xeroType']).toBe('ValidationException');
  });

  it('5xx are transient; a 404 with an HTML body does not break the reader', () => {
    expect(toLedgerpulseError(res(503, '{"Type":"NotAvailable"}'), NOW, ctx)).toBeInstanceOf(TransientError);
    expect(toLedgerpulseError(res(500, ''), NOW, ctx)).toBeInstanceOf(TransientError);
    const nf = toLedgerpulseError(res(404, '<html><body>Not Found</body></html>'), NOW, ctx);
    expect(nf).toBeInstanceOf(ContractViolationError);
    expect(nf.message).toBe('Xero answered HTTP 404');
  });

  it('keeps only allow-listed fields of a body, cut short', () => {
    const summary = summarizeXeroError(
      JSON.stringify({ Title: 'x'.repeat(500), Detail: 'd', secret: 'never', Elements: [{ Password: 'p' }] }),
    );
    expect(summary.title?.length).toBe(201);
    expect(JSON.stringify(summary)).not.toContain('never');
    expect(JSON.stringify(summary)).not.toContain('"p"');
  });
});
