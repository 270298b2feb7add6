import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, cmp, sub } from '../canonical/money.js';
import {
  type CellMagnitude,
  DEFAULT_DISCLOSURE_RULES,
  derivable,
  type Equation,
  primaryReason,
  protect,
  resolveDisclosureRules,
} from './disclosure.js';

const rules = DEFAULT_DISCLOSURE_RULES;

/** Cell statistics from company contributions, computed here independently of the SQL. */
function cellOf(values: readonly number[]): CellMagnitude {
  const sorted = values
    .map((v) => String(v))
    .filter((v) => cmp(v, '0') !== 0)
    .sort((a, b) => cmp(b, a));
  return {
    contributors: sorted.length,
    magnitude: add('0', ...sorted),
    top1: sorted[0] ?? '0',
    top2: sorted[1] ?? '0',
  };
}

describe('primary disclosure rules', () => {
  it('suppresses a cell of fewer than 10 companies', () => {
    expect(primaryReason(cellOf([5, 5, 5, 5, 5, 5, 5, 5, 5]), rules)).toBe('min_companies');
    expect(primaryReason(cellOf([5, 5, 5, 5, 5, 5, 5, 5, 5, 5]), rules)).toBeNull();
  });

  it('suppresses a cell of 10 where one company holds 60 %', () => {
    // 60 of 100, the other nine share 40.
    expect(primaryReason(cellOf([60, 5, 5, 5, 5, 4, 4, 4, 4, 4]), rules)).toBe('dominance');
    // Exactly 50 % is not over 50 %.
    expect(primaryReason(cellOf([50, 10, 5, 5, 5, 5, 5, 5, 5, 5]), rules)).toBeNull();
  });

  it('applies the p% rule: the rest must be at least 10 % of the largest', () => {
    // Two companies of 48 and 47 and eight tiny ones: the runner-up learns the largest within 5/48 ≈ 10.4 %.
    expect(primaryReason(cellOf([48, 47, 1, 1, 1, 1, 1, 0.5, 0.3, 0.2]), rules)).toBeNull();
    expect(primaryReason(cellOf([49, 47, 1, 1, 0.5, 0.5, 0.3, 0.3, 0.2, 0.2]), rules)).toBe('p_percent');
  });

  it('allows stricter thresholds but none below the floor of 3 companies', () => {
    expect(resolveDisclosureRules({ minCompanies: 3 }).minCompanies).toBe(3);
    expect(resolveDisclosureRules({ minCompanies: 25, maxShare: 0.3, pPercent: 20 })).toEqual({
      minCompanies: 25,
      maxShare: 0.3,
      pPercent: 20,
    });
    expect(() => resolveDisclosureRules({ minCompanies: 2 })).toThrow(/at least 3/);
    expect(() => resolveDisclosureRules({ maxShare: 0.9 })).toThrow(/maxShare/);
    expect(() => resolveDisclosureRules({ pPercent: 1 })).toThrow(/pPercent/);
  });
});

describe('secondary suppression', () => {
  it('suppresses a second sibling so the total minus published siblings does not give the cell away', () => {
    const ten = (x: number) => Array.from({ length: 10 }, () => x);
    const companies = { a: ten(10), b: ten(20), c: [60, ...ten(4).slice(1)], d: ten(30) };
    const cells = new Map<string, CellMagnitude>([
      ['total', cellOf(Object.values(companies).flat())],
      ...Object.entries(companies).map(([k, v]) => [k, cellOf(v)] as [string, CellMagnitude]),
    ]);
    const equations: Equation[] = [{ total: 'total', parts: ['a', 'b', 'c', 'd'], disjoint: true }];
    const verdicts = protect(cells, equations, rules);
    expect(verdicts.get('c')).toBe('dominance');
    expect(verdicts.get('total')).toBeNull();
    const hidden = [...verdicts].filter(([, v]) => v !== null).map(([k]) => k);
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect(derivable(new Set(hidden), equations)).toEqual([]);
  });

  it('finds a cell an auditor can derive when only one sibling is hidden', () => {
    const equations: Equation[] = [{ total: 't', parts: ['a', 'b', 'c'], disjoint: true }];
    expect(derivable(new Set(['b']), equations)).toEqual(['b']);
    expect(derivable(new Set(['a', 'b']), equations)).toEqual([]);
    // Two overlapping equations can pin a cell that neither pins alone.
    const chained: Equation[] = [
      { total: 't', parts: ['a', 'b'], disjoint: true },
      { total: 'u', parts: ['b', 'c'], disjoint: true },
    ];
    expect(derivable(new Set(['t', 'a', 'b']), chained)).toEqual(['b']);
  });
});

/**
 * Adversarial panels: several periods of one measure, cut by two dimensions (sector and size),
 * with a dominant company, cells of exactly ten with one at 60 %, near-duplicate pairs and tiny
 * cells. Whatever the panel, no published cell breaks a rule, no suppressed cell follows exactly
 * from the published ones, and differencing a total against its published siblings only ever
 * reveals a union of cells that itself passes the rules.
 */
describe('disclosure control on adversarial panels (property)', () => {
  const company = fc.record({
    sector: fc.constantFrom('s1', 's2', 's3', 's4'),
    size: fc.constantFrom('micro', 'small', 'large'),
    value: fc.oneof(
      fc.integer({ min: 1, max: 100 }),
      fc.integer({ min: 1000, max: 100_000 }),
      fc.constant(0),
      fc.integer({ min: 1, max: 50 }).map((v) => v / 100),
    ),
  });
  const cellOfTen = fc.constantFrom('s1', 's2', 's3', 's4').map((sector) =>
    // A cell of exactly ten companies in which one holds 60 %.
    Array.from({ length: 10 }, (_, i) => ({ sector, size: i < 5 ? 'small' : 'micro', value: i === 0 ? 540 : 40 })),
  );
  // Two near-equal large companies: each learns the other's value from the cell (the p% rule).
  const pair = fc.constantFrom('s1', 's2', 's3', 's4').map((sector) => [
    { sector, size: 'large', value: 5000 },
    { sector, size: 'large', value: 4900 },
  ]);
  const panel = fc.tuple(
    fc.array(company, { minLength: 0, maxLength: 60 }),
    fc.option(cellOfTen),
    fc.option(company),
    fc.option(pair),
  );

  it('never publishes a breaking cell and never lets one be derived', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(panel, fc.constantFrom(3, 5, 10), ([base, ten, giant, twins], minCompanies) => {
        const r = resolveDisclosureRules({ minCompanies });
        const companies = [...base, ...(ten ?? []), ...(twins ?? [])];
        if (giant) companies.push({ ...giant, value: 10_000_000 });
        const cells = new Map<string, CellMagnitude>();
        const members = new Map<string, number[]>();
        const put = (key: string, v: number) => members.set(key, [...(members.get(key) ?? []), v]);
        for (const c of companies) {
          put('all', c.value);
          put(`sector:${c.sector}`, c.value);
          put(`size:${c.size}`, c.value);
        }
        for (const [k, v] of members) cells.set(k, cellOf(v));
        const equations: Equation[] = [
          { total: 'all', parts: [...members.keys()].filter((k) => k.startsWith('sector:')), disjoint: true },
          { total: 'all', parts: [...members.keys()].filter((k) => k.startsWith('size:')), disjoint: true },
        ];
        const verdicts = protect(cells, equations, r);
        const hidden = new Set([...verdicts].filter(([, v]) => v !== null).map(([k]) => k));
        for (const v of verdicts.values()) seen.add(String(v));
        // 1. Every published cell passes every rule (recomputed from the companies).
        for (const [k, v] of members) {
          if (!hidden.has(k)) expect(primaryReason(cellOf(v), r), k).toBeNull();
        }
        // 2. No suppressed cell follows from the published cells.
        expect(derivable(hidden, equations)).toEqual([]);
        // 3. Total minus published siblings: what it reveals must itself pass the rules.
        for (const eq of equations) {
          if (hidden.has(eq.total)) continue;
          const revealed = eq.parts.filter((k) => hidden.has(k)).flatMap((k) => members.get(k) ?? []);
          if (revealed.length === 0) continue;
          expect(primaryReason(cellOf(revealed), r)).toBeNull();
          const published = eq.parts.filter((k) => !hidden.has(k));
          const differenced = sub(
            cells.get(eq.total)?.magnitude ?? '0',
            add('0', ...published.map((k) => cells.get(k)?.magnitude ?? '0')),
          );
          expect(differenced).toBe(add('0', ...revealed.map(String)));
        }
      }),
      { numRuns: 300, seed: 20261203 },
    );
    // The generator did reach every kind of suppression, secondary included.
    expect([...seen].sort()).toEqual(['dominance', 'min_companies', 'null', 'p_percent', 'secondary']);
  });
});
