import { div, round } from '../../canonical/money.js';
import { InvalidInputError } from '../../errors/index.js';
import { addDays, daysBetween } from './calendar.js';
import { Rng } from './prng.js';

export const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD'] as const;
export type SynthCurrency = (typeof CURRENCIES)[number];

/** US dollars per unit, in millionths, on the first day of the table. */
const BASE_USD_MICROS: Record<SynthCurrency, number> = {
  USD: 1_000_000,
  EUR: 1_085_000,
  GBP: 1_270_000,
  CAD: 735_000,
  AUD: 660_000,
};

/** Days of table kept before the period (parties and products are created up to a year early) and after. */
const MARGIN_DAYS = 400;
export const FX_DECIMALS = 6;

/**
 * The daily FX table: each currency's USD price follows a mean-reverting random walk in integer
 * millionths (about 0.3 % daily moves). A cross rate is (USD per `currency`) / (USD per
 * `reporting`) rounded half-even to 6 decimals. Dates outside the table use its nearest end.
 */
export class FxTable {
  private readonly first: string;
  private readonly micros = new Map<string, Int32Array>();
  private readonly cache = new Map<string, string>();

  constructor(seed: number, startDate: string, days: number) {
    this.first = addDays(startDate, -MARGIN_DAYS);
    const length = days + 2 * MARGIN_DAYS;
    for (const currency of CURRENCIES) {
      const base = BASE_USD_MICROS[currency];
      const series = new Int32Array(length);
      const rng = Rng.of(seed, 'fx', currency);
      let value = base;
      for (let i = 0; i < length; i++) {
        series[i] = value;
        if (currency !== 'USD') {
          value += Math.round(rng.gauss() * base * 0.003) + Math.round((base - value) * 0.01);
        }
      }
      this.micros.set(currency, series);
    }
  }

  /** Reporting-currency units per one unit of `currency` on `date`, as a 6-decimal string. */
  rate(date: string, currency: string, reporting: string): string {
    const index = this.indexOf(date);
    const key = `${index}|${currency}|${reporting}`;
    let rate = this.cache.get(key);
    if (rate === undefined) {
      rate = round(div(this.usdMicros(currency, index), this.usdMicros(reporting, index)), FX_DECIMALS);
      this.cache.set(key, rate);
    }
    return rate;
  }

  private indexOf(date: string): number {
    const offset = /^\d{4}-\d{2}-\d{2}$/.test(date) ? daysBetween(this.first, date) : Number.NaN;
    if (!Number.isFinite(offset)) {
      throw new InvalidInputError('LP_INPUT_INVALID_DATE', `not a calendar date: ${JSON.stringify(date)}`, { date });
    }
    const span = (this.micros.get('USD')?.length ?? 1) - 1;
    return Math.min(span, Math.max(0, offset));
  }

  private usdMicros(currency: string, index: number): number {
    const series = this.micros.get(currency);
    const value = series?.[index];
    if (value === undefined) {
      throw new InvalidInputError('LP_INPUT_UNKNOWN_CURRENCY', `no FX rates for currency ${currency}`, {
        currency,
        known: CURRENCIES.join(','),
      });
    }
    return value;
  }
}
