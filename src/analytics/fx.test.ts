import { describe, expect, it } from 'vitest';
import { fxCsv, fxRatesFromRows, parseFxCsv, reportingRate } from './fx.js';

const rows = [
  { date: '2026-06-01', currency: 'EUR', rateToUsd: '1.085123' },
  { date: '2026-06-01', currency: 'GBP', rateToUsd: '1.270000' },
  { date: '2026-06-05', currency: 'EUR', rateToUsd: '1.090000' },
];
const fx = fxRatesFromRows(rows, 'test');

describe('FX reference table', () => {
  it('uses the rate of the document date, to USD as given', () => {
    expect(reportingRate(fx, '2026-06-01', 'EUR', 'USD')).toEqual({ rate: '1.085123', rateDate: '2026-06-01' });
    expect(reportingRate(fx, '2026-06-01', 'USD', 'USD')).toEqual({ rate: '1', rateDate: '2026-06-01' });
  });

  it('crosses through USD and rounds half-even to 6 decimals', () => {
    // 1.27 / 1.085123 = 1.1703742…
    expect(reportingRate(fx, '2026-06-01', 'GBP', 'EUR')?.rate).toBe('1.170374');
    // USD in EUR: 1 / 1.085123 = 0.92155451…
    expect(reportingRate(fx, '2026-06-01', 'USD', 'EUR')?.rate).toBe('0.921555');
    // A tie at the 7th decimal goes to the even neighbour.
    const tie = fxRatesFromRows([{ date: '2026-06-01', currency: 'CAD', rateToUsd: '0.7350005' }], 'tie');
    expect(reportingRate(tie, '2026-06-01', 'CAD', 'USD')?.rate).toBe('0.735000');
  });

  it('falls back to the latest earlier rate within 7 days, and gives up after that', () => {
    expect(reportingRate(fx, '2026-06-04', 'EUR', 'USD')).toEqual({ rate: '1.085123', rateDate: '2026-06-01' });
    expect(reportingRate(fx, '2026-06-12', 'EUR', 'USD')).toEqual({ rate: '1.090000', rateDate: '2026-06-05' });
    expect(reportingRate(fx, '2026-06-13', 'EUR', 'USD')).toBeUndefined();
    expect(reportingRate(fx, '2026-05-31', 'EUR', 'USD')).toBeUndefined();
    expect(reportingRate(fx, '2026-06-01', 'JPY', 'USD')).toBeUndefined();
  });

  it('reads and writes the CSV shape and refuses bad rows', () => {
    const again = parseFxCsv(fxCsv(rows), 'csv');
    expect(again.rateToUsd('2026-06-05', 'EUR')).toBe('1.090000');
    expect(() => parseFxCsv('date,currency,rate_to_usd\n2026-06-01,EUR,1,2\n', 'bad')).toThrow();
    expect(() => fxRatesFromRows([{ date: '2026-6-1', currency: 'EUR', rateToUsd: '1' }], 'bad')).toThrow(/bad FX row/);
    expect(() => fxRatesFromRows([{ date: '2026-06-01', currency: 'EUR', rateToUsd: '-1' }], 'bad')).toThrow(
      /bad FX rate/,
    );
  });
});
