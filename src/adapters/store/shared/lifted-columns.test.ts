import { describe, expect, it } from 'vitest';
import { fitsDecimal, isCalendarDate } from './lifted-columns.js';

describe('isCalendarDate', () => {
  it('accepts real dates, leap days included', () => {
    expect(isCalendarDate('2026-01-31')).toBe(true);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('0001-01-01')).toBe(true);
  });

  it('refuses what the regex alone lets through', () => {
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-04-31')).toBe(false);
    expect(isCalendarDate('0000-01-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
  });
});

describe('fitsDecimal', () => {
  it('checks the integer digits against precision - scale', () => {
    expect(fitsDecimal('123456789012345.6789', 65, 30)).toBe(true);
    expect(fitsDecimal('-0000012.5', 4, 2)).toBe(true);
    expect(fitsDecimal('123.5', 4, 2)).toBe(false);
    expect(fitsDecimal('9'.repeat(35), 65, 30)).toBe(true);
    expect(fitsDecimal('9'.repeat(36), 65, 30)).toBe(false);
    expect(fitsDecimal('1e5', 65, 30)).toBe(false);
    expect(fitsDecimal(null, 65, 30)).toBe(false);
  });
});
