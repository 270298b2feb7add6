import { add, cmp, mul, sub } from '../canonical/money.js';
import { ConfigError } from '../errors/index.js';

/**
 * Statistical disclosure control of magnitude tables (docs/signals.md, "Disclosure control").
 * A cell is published only if (1) at least `minCompanies` companies contribute to it, (2) no
 * company holds more than `maxShare` of it (dominance), and (3) it passes the p% rule: the
 * cell total less its two largest contributions is at least p% of the largest, so the
 * second-largest contributor cannot estimate the largest to within p%.
 */
export interface DisclosureRules {
  readonly minCompanies: number;
  /** Largest share one company may hold, as a fraction (0.5 = 50 %). */
  readonly maxShare: number;
  readonly pPercent: number;
}

export const DEFAULT_DISCLOSURE_RULES: DisclosureRules = Object.freeze({
  minCompanies: 10,
  maxShare: 0.5,
  pPercent: 10,
});

/** The loosest rules any configuration may set; stricter is always allowed. */
export const DISCLOSURE_FLOOR: DisclosureRules = Object.freeze({ minCompanies: 3, maxShare: 0.75, pPercent: 5 });

export function resolveDisclosureRules(partial: Partial<DisclosureRules> = {}): DisclosureRules {
  const rules = { ...DEFAULT_DISCLOSURE_RULES, ...partial };
  const refuse = (field: string, message: string): never => {
    throw new ConfigError('LP_CONFIG_DISCLOSURE_FLOOR', `disclosure ${field}: ${message}`, {
      field,
      value: rules[field as keyof DisclosureRules],
      floor: DISCLOSURE_FLOOR[field as keyof DisclosureRules],
    });
  };
  if (!Number.isInteger(rules.minCompanies) || rules.minCompanies < DISCLOSURE_FLOOR.minCompanies) {
    refuse('minCompanies', `must be an integer of at least ${DISCLOSURE_FLOOR.minCompanies}`);
  }
  if (!(rules.maxShare > 0 && rules.maxShare <= DISCLOSURE_FLOOR.maxShare)) {
    refuse('maxShare', `must be in (0, ${DISCLOSURE_FLOOR.maxShare}]`);
  }
  if (!(rules.pPercent >= DISCLOSURE_FLOOR.pPercent && rules.pPercent <= 100)) {
    refuse('pPercent', `must be in [${DISCLOSURE_FLOOR.pPercent}, 100]`);
  }
  return Object.freeze(rules);
}

/** What the rules look at in a cell: magnitudes are the absolute company contributions. */
export interface CellMagnitude {
  /** Companies with a non-zero contribution. */
  readonly contributors: number;
  readonly magnitude: string;
  readonly top1: string;
  readonly top2: string;
}

export type SuppressionReason = 'min_companies' | 'dominance' | 'p_percent' | 'secondary';

export function primaryReason(cell: CellMagnitude, rules: DisclosureRules): SuppressionReason | null {
  if (cell.contributors < rules.minCompanies) return 'min_companies';
  if (cmp(cell.magnitude, '0') <= 0) return null;
  if (cmp(cell.top1, mul(cell.magnitude, String(rules.maxShare))) > 0) return 'dominance';
  const rest = sub(sub(cell.magnitude, cell.top1), cell.top2);
  if (cmp(rest, mul(cell.top1, String(rules.pPercent / 100))) < 0) return 'p_percent';
  return null;
}

/** The union of cells whose companies are disjoint (siblings of one dimension). */
export function unionOf(cells: readonly CellMagnitude[]): CellMagnitude {
  const tops = cells.flatMap((c) => [c.top1, c.top2]).sort((a, b) => cmp(b, a));
  return {
    contributors: cells.reduce((n, c) => n + c.contributors, 0),
    magnitude: add('0', ...cells.map((c) => c.magnitude)),
    top1: tops[0] ?? '0',
    top2: tops[1] ?? '0',
  };
}

/**
 * An additive relation a reader could use to difference cells: total = sum of parts. Siblings of
 * one dimension are `disjoint` (no company in two of them); the weeks making up a month are not.
 */
export interface Equation {
  readonly total: string;
  readonly parts: readonly string[];
  readonly disjoint: boolean;
}

export type Verdicts = Map<string, SuppressionReason | null>;

/**
 * Primary suppression by the rules, then secondary suppression until every equation is safe:
 * - total published: the suppressed parts must be at least two, and their union (which a reader
 *   gets as total minus the published parts) must itself pass the rules; otherwise one more part
 *   is suppressed: the cheapest that makes the union safe, or else the largest;
 * - total suppressed: at least one part must be suppressed, or the total is their sum.
 * Suppressing a cell can break another equation it sits in, so this repeats until nothing moves.
 */
export function protect(
  cells: ReadonlyMap<string, CellMagnitude>,
  equations: readonly Equation[],
  rules: DisclosureRules,
): Verdicts {
  const verdicts: Verdicts = new Map();
  for (const [key, cell] of cells) verdicts.set(key, primaryReason(cell, rules));
  const suppressed = (key: string): boolean => verdicts.get(key) !== null && verdicts.has(key);
  // Published candidates, cheapest first (smallest magnitude, then fewest companies, then key).
  const candidates = (keys: readonly string[]): string[] =>
    keys
      .filter((k) => !suppressed(k))
      .sort((a, b) => {
        const ca = cells.get(a);
        const cb = cells.get(b);
        if (!ca || !cb) return a < b ? -1 : 1;
        return cmp(ca.magnitude, cb.magnitude) || ca.contributors - cb.contributors || (a < b ? -1 : a > b ? 1 : 0);
      });
  const cheapest = (keys: readonly string[]): string | undefined => candidates(keys)[0];
  const safeUnion = (keys: readonly string[], disjoint: boolean): boolean =>
    keys.length >= 2 &&
    (!disjoint || primaryReason(unionOf(keys.map((k) => cells.get(k) as CellMagnitude)), rules) === null);
  /**
   * The complement to add: the cheapest cell that makes the hidden set safe on its own; failing
   * that (say one company dominates the hidden cells), the largest, which dilutes it the most.
   */
  const complement = (parts: readonly string[], hidden: readonly string[], disjoint: boolean): string | undefined => {
    const list = candidates(parts);
    return list.find((k) => safeUnion([...hidden, k], disjoint)) ?? list.at(-1);
  };

  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of equations) {
      const parts = eq.parts.filter((k) => cells.has(k));
      if (!cells.has(eq.total) || parts.length === 0) continue;
      if (suppressed(eq.total)) {
        if (!parts.some(suppressed)) {
          const pick = cheapest(parts);
          if (pick) {
            verdicts.set(pick, 'secondary');
            changed = true;
          }
        }
        continue;
      }
      for (;;) {
        const hidden = parts.filter(suppressed);
        if (hidden.length === 0 || safeUnion(hidden, eq.disjoint)) break;
        const pick = complement(parts, hidden, eq.disjoint);
        if (pick) {
          verdicts.set(pick, 'secondary');
        } else {
          verdicts.set(eq.total, 'secondary');
        }
        changed = true;
        if (!pick) break;
      }
    }
  }
  return verdicts;
}

/**
 * An auditor's check: the suppressed cells whose exact value follows from the published cells
 * through the equations (by linear algebra over all of them at once, not one at a time).
 */
export function derivable(suppressed: ReadonlySet<string>, equations: readonly Equation[]): string[] {
  const rows: Map<string, number>[] = [];
  for (const eq of equations) {
    const row = new Map<string, number>();
    const bump = (k: string, v: number): void => {
      if (suppressed.has(k)) row.set(k, (row.get(k) ?? 0) + v);
    };
    bump(eq.total, 1);
    for (const p of eq.parts) bump(p, -1);
    for (const [k, v] of row) if (v === 0) row.delete(k);
    if (row.size > 0) rows.push(row);
  }
  const out: string[] = [];
  for (const component of components(rows)) {
    const unknowns = [...new Set(component.flatMap((r) => [...r.keys()]))].sort();
    const index = new Map(unknowns.map((k, i) => [k, i]));
    const matrix = component.map((r) => {
      const line = new Array<number>(unknowns.length).fill(0);
      for (const [k, v] of r) line[index.get(k) ?? 0] = v;
      return line;
    });
    const { pivots, reduced } = rref(matrix, unknowns.length);
    const pivotCols = new Set(pivots.map(([, col]) => col));
    for (const [row, col] of pivots) {
      const line = reduced[row] ?? [];
      const alone = line.every((v, j) => j === col || pivotCols.has(j) || Math.abs(v) < 1e-9);
      if (alone) out.push(unknowns[col] ?? '');
    }
  }
  return out.sort();
}

function components(rows: readonly Map<string, number>[]): Map<string, number>[][] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(k, root);
    return root;
  };
  for (const row of rows) {
    const keys = [...row.keys()];
    for (const k of keys) if (!parent.has(k)) parent.set(k, k);
    for (const k of keys.slice(1)) parent.set(find(k), find(keys[0] ?? k));
  }
  const groups = new Map<string, Map<string, number>[]>();
  for (const row of rows) {
    const root = find([...row.keys()][0] ?? '');
    const list = groups.get(root) ?? [];
    list.push(row);
    groups.set(root, list);
  }
  return [...groups.values()];
}

/** Reduced row echelon form with partial pivoting; returns (row, column) of each pivot. */
function rref(input: readonly number[][], width: number): { pivots: [number, number][]; reduced: number[][] } {
  const m = input.map((r) => [...r]);
  const pivots: [number, number][] = [];
  let row = 0;
  for (let col = 0; col < width && row < m.length; col++) {
    let best = row;
    for (let r = row + 1; r < m.length; r++) {
      if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[best]?.[col] ?? 0)) best = r;
    }
    const pivotValue = m[best]?.[col] ?? 0;
    if (Math.abs(pivotValue) < 1e-9) continue;
    [m[row], m[best]] = [m[best] ?? [], m[row] ?? []];
    const pr = m[row] ?? [];
    for (let j = 0; j < width; j++) pr[j] = (pr[j] ?? 0) / pivotValue;
    for (let r = 0; r < m.length; r++) {
      if (r === row) continue;
      const line = m[r] ?? [];
      const factor = line[col] ?? 0;
      if (factor === 0) continue;
      for (let j = 0; j < width; j++) line[j] = (line[j] ?? 0) - factor * (pr[j] ?? 0);
    }
    pivots.push([row, col]);
    row++;
  }
  return { pivots, reduced: m };
}
