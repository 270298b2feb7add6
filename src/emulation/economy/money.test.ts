import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, cmp, mul, round, sub } from '../../canonical/money.js';
import type { SynthDocument, SynthLine } from './index.js';
import { createEconomy, documentAt } from './index.js';

const TWO_DP = /^-?\d+\.\d{2}$/;

/**
 * Every rule that ties a document's totals to its lines, checked with decimal arithmetic only.
 * Returns the broken rules (one expect per document keeps thousands of documents fast).
 */
function problems(
  totals: Pick<SynthDocument, 'subtotal' | 'discountTotal' | 'taxTotal' | 'total'>,
  lines: readonly SynthLine[],
): string[] {
  const out: string[] = [];
  const check = (ok: boolean, rule: string): void => {
    if (!ok) out.push(rule);
  };
  check(lines.length > 0, 'no lines');
  for (const line of lines) {
    const amounts = [line.unitPrice, line.discount, line.tax, line.total];
    check(
      amounts.every((a) => TWO_DP.test(a)),
      `line ${line.lineId} amounts not 2dp`,
    );
    check(/^[1-9]\d*$/.test(line.quantity), `line ${line.lineId} quantity ${line.quantity}`);
    check(line.total === round(sub(mul(line.quantity, line.unitPrice), line.discount), 2), `line ${line.lineId} total`);
    check(line.tax === round(mul(line.total, line.taxRate), 2), `line ${line.lineId} tax`);
    check(cmp(line.discount, 0) >= 0 && cmp(line.total, 0) >= 0, `line ${line.lineId} negative`);
  }
  const all = [totals.subtotal, totals.discountTotal, totals.taxTotal, totals.total];
  check(
    all.every((a) => TWO_DP.test(a)),
    'totals not 2dp',
  );
  check(totals.subtotal === round(add(...lines.map((l) => mul(l.quantity, l.unitPrice))), 2), 'subtotal');
  check(totals.discountTotal === round(add(...lines.map((l) => l.discount)), 2), 'discountTotal');
  check(totals.taxTotal === round(add(...lines.map((l) => l.tax)), 2), 'taxTotal');
  check(totals.total === round(add(sub(totals.subtotal, totals.discountTotal), totals.taxTotal), 2), 'total rule');
  check(totals.total === round(add(...lines.map((l) => add(l.total, l.tax))), 2), 'total vs lines');
  return out;
}

function expectConsistent(
  totals: Pick<SynthDocument, 'subtotal' | 'discountTotal' | 'taxTotal' | 'total'>,
  lines: readonly SynthLine[],
): void {
  expect(problems(totals, lines)).toEqual([]);
}

describe('document money', { timeout: 30_000 }, () => {
  it('totals equal the sum of lines, as created and after every edit (which changes them), in every document of a dozen books', () => {
    const economy = createEconomy({ companies: 12, volumeScale: 0.05 });
    let checked = 0;
    let edits = 0;
    for (const spec of economy.companies) {
      for (const doc of economy.company(spec.id).documents) {
        expectConsistent(doc, doc.lines);
        let previousTotal = doc.total;
        for (const event of doc.events) {
          if (event.type !== 'edited') continue;
          const state = documentAt(doc, event.at);
          if (!state) throw new Error('edited before creation');
          expectConsistent(state, state.lines);
          expect(state.lines).toBe(event.lines);
          expect(state.total).not.toBe(previousTotal);
          previousTotal = state.total;
          edits++;
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1_000);
    expect(edits).toBeGreaterThan(50);
  });

  it('holds for random seeds and companies (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 7 }), (seed, index) => {
        const economy = createEconomy({ seed, companies: 8, volumeScale: 0.03, days: 120 });
        const spec = economy.companies[index];
        if (!spec) throw new Error('no company');
        for (const doc of economy.company(spec.id).documents) {
          const state = documentAt(doc, economy.endAt);
          if (!state) throw new Error('document created after the end');
          expectConsistent(doc, doc.lines);
          expectConsistent(state, state.lines);
          const refunded = add(...state.refunds.map((r) => r.amount));
          expect(cmp(refunded, state.total)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('pays invoices and bills their total at the time of payment', () => {
    const economy = createEconomy({ companies: 4, volumeScale: 0.2 });
    for (const spec of economy.companies) {
      for (const doc of economy.company(spec.id).documents) {
        for (const event of doc.events) {
          if (event.type !== 'paid') continue;
          const state = documentAt(doc, event.at);
          expect(event.amount).toBe(doc.kind === 'sales_order' ? doc.total : state?.total);
        }
      }
    }
  });
});
