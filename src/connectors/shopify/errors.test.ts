import { describe, expect, it } from 'vitest';
import { AuthError, ContractViolationError, RateLimitError, TransientError } from '../../errors/index.js';
import type { HttpResponse } from '../kit/http.js';
import { shopifyErrorText, toShopifyError } from './errors.js';

const now = Date.UTC(2026, 0, 1);
const res = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers,
  url: 'https://shop.myshopify.com/admin/api/2026-07/orders.json?page_info=secret',
});
const ctx = { platform: 'shopify', connectionId: 'c1' };

describe('shopifyErrorText', () => {
  it('reads errors as a string, an object or an array, and nothing else of the body', () => {
    expect(shopifyErrorText('{"errors":"Not Found"}')).toBe('Not Found');
    expect(shopifyErrorText('{"errors":{"line_items":["must have at least one line item"]}}')).toBe(
      '{"line_items":["must have at least one line item"]}',
    );
    expect(shopifyErrorText('{"errors":["a","b"]}')).toBe('["a","b"]');
    expect(shopifyErrorText('{"customer":{"email":"x@example.com"}}')).toBe('');
    expect(shopifyErrorText('<html>')).toBe('');
    expect(shopifyErrorText(JSON.stringify({ errors: 'x'.repeat(500) })).length).toBeLessThan(210);
  });
});

describe('toShopifyError', () => {
  it('429 → RateLimitError at Retry-After, 2 s when absent', () => {
    const e = toShopifyError(res(429, { errors: 'Exceeded 2 calls per second' }, { 'retry-after': '2.0' }), now, ctx);
    expect(e).toBeInstanceOf(RateLimitError);
    expect((e as RateLimitError).retryAt).toBe(now + 2000);
    expect((toShopifyError(res(429, ''), now, ctx) as RateLimitError).retryAt).toBe(now + 2000);
  });

  it('401 → AuthError LP_AUTH_INVALID_TOKEN; 403 → missing scope; 402/423 → shop unavailable', () => {
    const e = toShopifyError(res(401, { errors: '[API] Invalid API key or access token' }), now, ctx);
    expect(e).toBeInstanceOf(AuthError);
    expect(e.code).toBe('LP_AUTH_INVALID_TOKEN');
    expect(e.message).toContain('[API] Invalid API key');
    expect(toShopifyError(res(403, {}), now, ctx).code).toBe('LP_AUTH_MISSING_SCOPE');
    expect(toShopifyError(res(402, {}), now, ctx).code).toBe('LP_AUTH_SHOP_UNAVAILABLE');
    expect(toShopifyError(res(423, {}), now, ctx).code).toBe('LP_AUTH_SHOP_UNAVAILABLE');
  });

  it('5xx → TransientError; 400/404/422 → ContractViolationError; context without the query', () => {
    expect(toShopifyError(res(503, ''), now, ctx)).toBeInstanceOf(TransientError);
    for (const status of [400, 404, 422]) {
      const e = toShopifyError(res(status, { errors: 'Not Found' }, { 'x-request-id': 'req-1' }), now, ctx);
      expect(e).toBeInstanceOf(ContractViolationError);
      expect(e.context.httpStatus).toBe(status);
      expect(e.context.requestId).toBe('req-1');
      expect(e.context.url).toBe('https://shop.myshopify.com/admin/api/2026-07/orders.json');
    }
  });
});
