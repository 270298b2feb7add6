import { describe, expect, it } from 'vitest';
import { applyTransform, fromDateFormat, fromDecimalComma, lookup, scale } from './transforms.js';

describe('rule transforms', () => {
  it('reads numbers written with a decimal comma, exactly', () => {
    expect(fromDecimalComma('1.234,56')).toEqual({ ok: true, value: '1234.56' });
    expect(fromDecimalComma('1 234,5')).toEqual({ ok: true, value: '1234.5' });
    expect(fromDecimalComma("1'234,05")).toEqual({ ok: true, value: '1234.05' });
    expect(fromDecimalComma('-12,30')).toEqual({ ok: true, value: '-12.30' });
    expect(fromDecimalComma('1.234')).toEqual({ ok: true, value: '1234' });
    // Already a plain decimal: kept, so a rule is harmless on clean records.
    expect(fromDecimalComma('12.30')).toEqual({ ok: true, value: '12.30' });
    expect(fromDecimalComma(12.5)).toEqual({ ok: true, value: '12.5' });
    expect(fromDecimalComma('12,3,4').ok).toBe(false);
    expect(fromDecimalComma('abc').ok).toBe(false);
    expect(fromDecimalComma(null).ok).toBe(false);
  });

  it('reads dates in a declared format into calendar dates', () => {
    expect(fromDateFormat('31/01/2026', 'DD/MM/YYYY')).toEqual({ ok: true, value: '2026-01-31' });
    expect(fromDateFormat('1/2/2026', 'D/M/YYYY')).toEqual({ ok: true, value: '2026-02-01' });
    expect(fromDateFormat('01-31-26', 'MM-DD-YY')).toEqual({ ok: true, value: '2026-01-31' });
    expect(fromDateFormat('20260229', 'YYYYMMDD').ok).toBe(false);
    expect(fromDateFormat('20240229', 'YYYYMMDD')).toEqual({ ok: true, value: '2024-02-29' });
    expect(fromDateFormat('31.01.2026', 'DD/MM/YYYY').ok).toBe(false);
  });

  it('scales exactly and keeps minor-unit places', () => {
    expect(scale(12300, 'divide', '100')).toEqual({ ok: true, value: '123.00' });
    expect(scale('12345', 'divide', '100')).toEqual({ ok: true, value: '123.45' });
    expect(scale('1.5', 'multiply', '100')).toEqual({ ok: true, value: '150' });
    expect(scale('0.1', 'multiply', '3')).toEqual({ ok: true, value: '0.3' });
    expect(scale('x', 'divide', '100').ok).toBe(false);
  });

  it('looks values up, with an optional fallback', () => {
    expect(lookup('P', { P: 'paid', O: 'open' })).toEqual({ ok: true, value: 'paid' });
    expect(lookup(1, { '1': 'paid' })).toEqual({ ok: true, value: 'paid' });
    expect(lookup('X', { P: 'paid' }).ok).toBe(false);
    expect(lookup('X', { P: 'paid' }, 'unknown')).toEqual({ ok: true, value: 'unknown' });
    expect(lookup('toString', {}).ok).toBe(false);
  });

  it('renames and constants pass values through', () => {
    expect(applyTransform({ kind: 'rename' }, '9.99')).toEqual({ ok: true, value: '9.99' });
    expect(applyTransform({ kind: 'constant', value: 'USD' }, undefined)).toEqual({ ok: true, value: 'USD' });
  });
});
