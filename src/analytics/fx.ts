import { parse } from 'csv-parse/sync';
import { CurrencyCode, DECIMAL_PATTERN, div, round } from '../canonical/money.js';
import { CalendarDate } from '../canonical/time.js';
import { InvalidInputError } from '../errors/index.js';
import type { LakeColumn } from '../ports/analytics-engine.js';
import { dateOfDay, dayNumber } from './periods.js';

/**
 * The FX reference table the lake writer takes as input: `fx_rates(date, currency, rate_to_usd)`,
 * US dollars per one unit of `currency` on calendar date `date`. Ledgerpulse has no FX feed yet;
 * the synthetic economy's daily table is exported in this shape (CSV or Parquet), and a real feed
 * replaces it by producing the same table (or by implementing FxRates) — nothing else changes.
 */
export interface FxRateRow {
  readonly date: string;
  readonly currency: string;
  readonly rateToUsd: string;
}

export const FX_COLUMNS: readonly LakeColumn[] = [
  { name: 'date', type: 'VARCHAR' },
  { name: 'currency', type: 'VARCHAR' },
  { name: 'rate_to_usd', type: 'DECIMAL(18,6)' },
];

/** Decimals of a cross rate (reporting units per document unit), rounded half-even. */
export const FX_RATE_DECIMALS = 6;
/** A document date without a rate uses the latest earlier rate at most this many days old (feeds skip weekends and holidays). */
export const FX_MAX_STALE_DAYS = 7;

export interface FxRates {
  /** Where the table came from, recorded in the lake manifest. */
  readonly source: string;
  rateToUsd(date: string, currency: string): string | undefined;
  /** Every row, for the lake's copy of the rates used. */
  rows(): readonly FxRateRow[];
}

export interface AppliedRate {
  /** Reporting-currency units per one document-currency unit. */
  readonly rate: string;
  /** The date whose rate was used (the document date unless the table had a gap). */
  readonly rateDate: string;
}

export function fxRatesFromRows(rows: readonly FxRateRow[], source: string): FxRates {
  const table = new Map<string, string>();
  for (const row of rows) {
    if (!CalendarDate.safeParse(row.date).success || !CurrencyCode.safeParse(row.currency).success) {
      throw new InvalidInputError('LP_INPUT_FX_TABLE', `bad FX row ${JSON.stringify(row)}`, { source });
    }
    if (!DECIMAL_PATTERN.test(row.rateToUsd) || Number(row.rateToUsd) <= 0) {
      throw new InvalidInputError('LP_INPUT_FX_TABLE', `bad FX rate ${JSON.stringify(row)}`, { source });
    }
    table.set(`${row.currency}|${row.date}`, row.rateToUsd);
  }
  // USD is the pivot: one US dollar is one US dollar on every date.
  const frozen = [...rows];
  return {
    source,
    rateToUsd: (date, currency) => (currency === 'USD' ? '1' : table.get(`${currency}|${date}`)),
    rows: () => frozen,
  };
}

/** Parses `date,currency,rate_to_usd` CSV text (header required, extra columns ignored). */
export function parseFxCsv(text: string, source: string): FxRates {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const rows = records.map((r) => ({
    date: r['date'] ?? '',
    currency: r['currency'] ?? '',
    rateToUsd: r['rate_to_usd'] ?? '',
  }));
  return fxRatesFromRows(rows, source);
}

export function fxCsv(rows: readonly FxRateRow[]): string {
  return `date,currency,rate_to_usd\n${rows.map((r) => `${r.date},${r.currency},${r.rateToUsd}\n`).join('')}`;
}

/**
 * The rate of the document date converting `currency` into `reporting`, through USD:
 * usd(currency) / usd(reporting), rounded half-even to 6 decimals (exactly the table's rate
 * when reporting in USD). Undefined when neither the date nor the 7 days before it has a rate.
 */
export function reportingRate(fx: FxRates, date: string, currency: string, reporting: string): AppliedRate | undefined {
  if (currency === reporting) return { rate: '1', rateDate: date };
  const day = dayNumber(date);
  for (let back = 0; back <= FX_MAX_STALE_DAYS; back++) {
    const d = back === 0 ? date : dateOfDay(day - back);
    const from = fx.rateToUsd(d, currency);
    const to = fx.rateToUsd(d, reporting);
    if (from !== undefined && to !== undefined) {
      const rate = reporting === 'USD' ? round(from, FX_RATE_DECIMALS) : round(div(from, to), FX_RATE_DECIMALS);
      return { rate, rateDate: d };
    }
  }
  return undefined;
}

const memo = new WeakMap<FxRates, Map<string, AppliedRate | null>>();

/** reportingRate, remembered per table: a lake export asks for the same (date, currency) thousands of times. */
export function cachedReportingRate(
  fx: FxRates,
  date: string,
  currency: string,
  reporting: string,
): AppliedRate | undefined {
  let cache = memo.get(fx);
  if (!cache) {
    cache = new Map();
    memo.set(fx, cache);
  }
  const key = `${date}|${currency}|${reporting}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = reportingRate(fx, date, currency, reporting) ?? null;
    cache.set(key, hit);
  }
  return hit ?? undefined;
}
