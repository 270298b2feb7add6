import { describe, expect, it } from 'vitest';
import { ContractViolationError } from '../../errors/index.js';
import { laterInstant, withOverlap } from './incremental.js';

describe('withOverlap', () => {
  it('subtracts the overlap window and writes a UTC instant', () => {
    expect(withOverlap('2026-03-01T00:02:00.000Z', 5 * 60_000)).toBe('2026-02-28T23:57:00.000Z');
    expect(withOverlap('2026-03-01T10:00:00-05:00', 60_000)).toBe('2026-03-01T14:59:00.000Z');
  });

  it('keeps null for a first sync', () => {
    expect(withOverlap(null, 60_000)).toBeNull();
  });

  it('refuses a cursor that is not an instant', () => {
    expect(() => withOverlap('page-2', 1)).toThrow(ContractViolationError);
  });
});

describe('laterInstant', () => {
  it('compares instants, not strings', () => {
    expect(laterInstant('2026-01-01T10:00:00.000Z', '2026-01-01T06:00:00-05:00')).toBe('2026-01-01T06:00:00-05:00');
    expect(laterInstant(null, 'x')).toBe('x');
    expect(laterInstant('y', null)).toBe('y');
  });
});
