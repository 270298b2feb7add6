import { describe, expect, it } from 'vitest';
import { add, div } from '../../canonical/money.js';
import { weeklyTruth } from '../ground-truth.js';
import { companyProfile } from './companies.js';
import { expectedSales } from './demand.js';
import type { CompanySpec, Economy } from './index.js';
import { createEconomy, SCRIPTED_SHOCK } from './index.js';

const MONTHS = ['2026-05', '2026-06', '2026-07'] as const;

/**
 * Mean weekly sales value (invoices + orders, reporting currency) per company over the ISO weeks
 * that lie wholly inside each month, pooled over a group of companies.
 */
function weeklySalesByMonth(economy: Economy, group: readonly CompanySpec[]): Record<string, number> {
  const amounts: Record<string, string[]> = {};
  const weeks: Record<string, number> = {};
  for (const spec of group) {
    for (const row of weeklyTruth(economy, spec.id)) {
      const month = row.weekStart.slice(0, 7);
      if (month !== row.weekEnd.slice(0, 7) || !(MONTHS as readonly string[]).includes(month)) continue;
      amounts[month] = [...(amounts[month] ?? []), row.invoiceTotalReporting, row.orderTotalReporting];
      weeks[month] = (weeks[month] ?? 0) + 1;
    }
  }
  return Object.fromEntries(MONTHS.map((m) => [m, Number(div(add(...(amounts[m] ?? [])), weeks[m] ?? 1))]));
}

function shockRatio(byMonth: Record<string, number>): number {
  return (byMonth['2026-06'] ?? 0) / (((byMonth['2026-05'] ?? 0) + (byMonth['2026-07'] ?? 0)) / 2);
}

// Generous timeout: the ground-truth check generates 16 books, and the CI machine is shared.
describe('SCRIPTED_SHOCK', { timeout: 30_000 }, () => {
  it('names sector 72 and one calendar month of the second year', () => {
    expect(SCRIPTED_SHOCK).toMatchObject({ sector: '72', from: '2026-06-01', to: '2026-06-30', factor: 0.6 });
  });

  it('multiplies the expected sales of sector 72, and only its, by 0.6 inside the window', () => {
    const economy = createEconomy({ companies: 20 });
    for (const spec of economy.companies) {
      const profile = companyProfile(economy.config.seed, spec);
      // The same company with the shock switched off: only the sector code decides the shock.
      const unshocked = { ...profile, spec: { ...spec, naics: '00' } };
      for (const [date, day] of [
        ['2026-05-31', 545],
        ['2026-06-01', 546],
        ['2026-06-30', 575],
        ['2026-07-01', 576],
      ] as const) {
        const ratio = expectedSales(profile, date, day, 1) / expectedSales(unshocked, date, day, 1);
        const inWindow = spec.naics === '72' && date >= SCRIPTED_SHOCK.from && date <= SCRIPTED_SHOCK.to;
        expect(ratio).toBeCloseTo(inWindow ? 0.6 : 1, 12);
      }
    }
  });

  it('shows in the ground truth: the shocked sector loses ~40 % of weekly sales value in June, others do not', () => {
    // Only the 14 weeks around the shock are generated (from Monday 2026-04-27), to keep the test fast.
    const economy = createEconomy({ companies: 40, volumeScale: 1, startDate: '2026-04-27', days: 98 });
    const shocked = economy.companies.filter((c) => c.naics === SCRIPTED_SHOCK.sector);
    const others = economy.companies.filter((c) => c.naics !== SCRIPTED_SHOCK.sector).slice(0, 12);
    expect(shocked.length).toBe(4);
    const shockedRatio = shockRatio(weeklySalesByMonth(economy, shocked));
    const othersRatio = shockRatio(weeklySalesByMonth(economy, others));
    expect(shockedRatio).toBeGreaterThan(0.45);
    expect(shockedRatio).toBeLessThan(0.75);
    expect(othersRatio).toBeGreaterThan(0.85);
    expect(othersRatio).toBeLessThan(1.15);
  });
});
