import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads integer and fractional seconds', () => {
    expect(parseRetryAfter('2.0', now)).toBe(now + 2000);
    expect(parseRetryAfter('0.5', now)).toBe(now + 500);
    expect(parseRetryAfter(' 120 ', now)).toBe(now + 120_000);
    expect(parseRetryAfter('0', now)).toBe(now);
  });

  it('reads an HTTP date, never earlier than now', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(now + 30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(now);
  });

  it('gives null for absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('2,5', now)).toBeNull();
  });
});
