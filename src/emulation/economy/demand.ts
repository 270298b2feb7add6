import { dayOfYear, isoDayOfWeek } from './calendar.js';
import type { CompanyProfile } from './companies.js';
import type { SizeBand } from './types.js';

/**
 * The one scripted shock: demand of every company in NAICS sector 72 (Accommodation and Food
 * Services) is 40 % lower on local calendar dates from..to (inclusive), i.e. the expected number of
 * sales documents (invoices and sales orders) created on those dates is multiplied by `factor`.
 * Bills and purchase orders are not affected. The dates are fixed: they fall in the second year
 * of the default period (2024-12-02 + 728 days); with another period they may fall outside it.
 */
export const SCRIPTED_SHOCK = Object.freeze({
  sector: '72',
  sectorName: 'Accommodation and Food Services',
  from: '2026-06-01',
  to: '2026-06-30',
  factor: 0.6,
  demandChange: -0.4,
});

/** Mean sales documents per day at volumeScale 1 (before seasonality). */
export const SALES_PER_DAY: Record<SizeBand, number> = { micro: 1, small: 3, medium: 8, large: 20 };
/** Bills and purchase orders relative to sales documents. */
export const BILL_RATIO = 0.25;
export const PURCHASE_ORDER_RATIO = 0.1;

export function isShocked(naics: string, date: string): boolean {
  return naics === SCRIPTED_SHOCK.sector && date >= SCRIPTED_SHOCK.from && date <= SCRIPTED_SHOCK.to;
}

function seasonal(profile: CompanyProfile, date: string, dayIndex: number): number {
  const { sector } = profile;
  const weekly = sector.weekly[isoDayOfWeek(date) - 1] ?? 1;
  const annual = 1 + sector.annualAmplitude * Math.cos((2 * Math.PI * (dayOfYear(date) - sector.peakDay)) / 365);
  const trend = (1 + profile.growth) ** (dayIndex / 365);
  return weekly * annual * trend;
}

/** Expected sales documents created on a local date (Poisson mean). */
export function expectedSales(profile: CompanyProfile, date: string, dayIndex: number, volumeScale: number): number {
  const shock = isShocked(profile.spec.naics, date) ? SCRIPTED_SHOCK.factor : 1;
  return (
    SALES_PER_DAY[profile.spec.sizeBand] *
    volumeScale *
    profile.demandFactor *
    seasonal(profile, date, dayIndex) *
    shock
  );
}

/** Expected purchases (bills or purchase orders) on a local date: mostly on weekdays. */
export function expectedPurchases(
  profile: CompanyProfile,
  date: string,
  dayIndex: number,
  volumeScale: number,
  ratio: number,
): number {
  const weekday = isoDayOfWeek(date) <= 5 ? 1.3 : 0.25;
  const trend = (1 + profile.growth) ** (dayIndex / 365);
  return SALES_PER_DAY[profile.spec.sizeBand] * volumeScale * profile.demandFactor * ratio * weekday * trend;
}
