import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  ContractViolationError,
  InvalidInputError,
  RateLimitError,
  TransientError,
} from '../../errors/index.js';
import type { HttpResponse } from '../kit/http.js';
import { createErrorConverter, problemDetail } from './errors.js';

const FIXTURES = new URL('../../../../shared/fixtures/netsuite/', import.meta.url);
const body = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const clock = { now: () => 1_000_000 };
const toError = createErrorConverter(clock, { platform: 'netsuite', connectionId: 'c1' }, () => 0.5);
const res = (status: number, text: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  body: text,
  headers,
  url: 'https://1234567.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=5&offset=0',
});

describe('NetSuite errors', () => {
  it('reads the first o:errorDetails member of the real error fixtures', () => {
    expect(problemDetail(body('error_401_invalid_login.json'))?.code).toBe('INVALID_LOGIN');
    expect(problemDetail(body('error_400_invalid_content.json'))).toEqual({
      code: 'INVALID_CONTENT',
      detail:
        'Error while accessing resource: You have entered an Invalid Field Value 9999 for the following field: item',
    });
    expect(problemDetail('<html>gateway</html>')).toBeNull();
  });

  it('401 INVALID_LOGIN is an AuthError carrying the provider code, without the query string', () => {
    const e = toError(res(401, body('error_401_invalid_login.json')));
    expect(e).toBeInstanceOf(AuthError);
    expect(e.code).toBe('LP_AUTH_INVALID_TOKEN');
    expect(e.context).toMatchObject({ httpStatus: 401, providerCode: 'INVALID_LOGIN', platform: 'netsuite' });
    expect(String(e.context.url)).not.toContain('limit=');
  });

  it('429 CONCURRENCY_LIMIT_EXCEEDED is a RateLimitError about a second out (no Retry-After promised)', () => {
    const text = JSON.stringify({
      type: 'https://tools.ietf.org/html/rfc6585#section-4',
      title: 'Too Many Requests',
      status: 429,
      'o:errorDetails': [{ detail: 'Concurrent request limit exceeded.', 'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED' }],
    });
    const e = toError(res(429, text));
    expect(e).toBeInstanceOf(RateLimitError);
    expect((e as RateLimitError).retryAt).toBe(1_000_000 + 1_000);
    const withHeader = toError(res(429, text, { 'retry-after': '3' }));
    expect((withHeader as RateLimitError).retryAt).toBe(1_003_000);
  });

  it('maps 404 NONEXISTENT_ID to a skip-able input error, other 4xx to contract violations, 5xx to transient', () => {
    const notFound = JSON.stringify({
      status: 404,
      'o:errorDetails': [{ detail: 'x', 'o:errorCode': 'NONEXISTENT_ID' }],
    });
    expect(toError(res(404, notFound))).toBeInstanceOf(InvalidInputError);
    expect(toError(res(404, notFound)).code).toBe('LP_INPUT_NOT_FOUND');
    expect(toError(res(400, body('error_400_invalid_content.json')))).toBeInstanceOf(ContractViolationError);
    expect(toError(res(403, '{}')).code).toBe('LP_AUTH_INSUFFICIENT_PERMISSION');
    expect(toError(res(502, 'Bad gateway'))).toBeInstanceOf(TransientError);
  });
});
