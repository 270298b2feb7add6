import type { CanonicalRecord, RawEnvelope } from '../canonical/index.js';
import { add, cmp, mul, round, sub } from '../canonical/index.js';
import type { RecordCheck } from '../pipeline/normalize.js';
import type { CompanyProfile } from '../ports/connection-store.js';
import type { NewReviewItem } from '../ports/review-store.js';
import type { CompanyStats } from '../ports/review-workflow.js';

/**
 * Suspicious-record checks: records that mapped cleanly but look wrong. They are stored anyway
 * (flagged, not dropped); the review item says why. Each check is a pure function of the record,
 * the company profile and the company's stored statistics, so a replay flags the same records.
 */

export const SUSPICIOUS_REASONS = {
  total: 'LP_SUSPICIOUS_TOTAL',
  currency: 'LP_SUSPICIOUS_CURRENCY',
  date: 'LP_SUSPICIOUS_DATE',
} as const;

type Document = Extract<CanonicalRecord, { kind: 'invoice' | 'bill' | 'purchase_order' | 'sales_order' }>;

function documentOf(record: CanonicalRecord): Document | null {
  switch (record.kind) {
    case 'invoice':
    case 'bill':
    case 'purchase_order':
    case 'sales_order':
      return record.deleted ? null : record;
    default:
      return null;
  }
}

const dateOf = (d: Document): string => (d.kind === 'sales_order' ? d.orderDate : d.issueDate);

function flag(
  reason: string,
  message: string,
  field: string,
  d: Document,
  env: RawEnvelope,
  detail: Record<string, unknown>,
): NewReviewItem {
  return {
    reason,
    message,
    platform: env.platform,
    connectionId: env.connectionId,
    object: env.object,
    envelopeId: env.id,
    field,
    detail: { recordId: d.id, kind: d.kind, externalId: env.externalId, ...detail },
  };
}

const placesOf = (a: string) => (a.includes('.') ? a.length - a.indexOf('.') - 1 : 0);
const within = (a: string, b: string, tolerance: string) => cmp(sub(a, b).replace(/^-/, ''), tolerance) <= 0;

/**
 * The total is neither the sum of the line totals plus tax nor subtotal − discounts + tax (half a
 * cent per line of rounding allowed). The second identity covers documents edited after checkout,
 * whose lines are the current ones while the header totals are as first issued (Shopify orders).
 */
export const totalMismatch: RecordCheck = (record, env) => {
  const d = documentOf(record);
  if (!d || d.lines.length === 0) return null;
  const amounts = [...d.lines.map((l) => l.total), d.taxTotal];
  // Written at the document's own scale, so "26.40" reads like the total it is compared with.
  const places = Math.max(...[d.total, ...amounts].map(placesOf));
  const expected = round(add(...amounts), places);
  const tolerance = mul('0.005', Math.max(2, d.lines.length));
  if (within(d.total, expected, tolerance)) return null;
  if (within(d.total, add(sub(d.subtotal, d.discountTotal), d.taxTotal), tolerance)) return null;
  const diff = round(sub(d.total, expected), places);
  return flag(
    SUSPICIOUS_REASONS.total,
    `${d.kind} total ${d.total} ${d.currency} is not the sum of its lines plus tax (${expected}) nor subtotal − discounts + tax`,
    'total',
    d,
    env,
    { total: d.total, expected, difference: diff },
  );
};

export interface SuspiciousCheckOptions {
  /** Documents a currency needs in the company's history before it counts as used (default 3). */
  readonly currencyUses?: number;
  /** Documents of history before the date range is trusted (default 20). */
  readonly minHistory?: number;
  /** How far outside the company's date range a date must be to be flagged (default 400 days). */
  readonly farDays?: number;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The three checks. `statsOf` returns the company's statistics loaded before the batch (undefined
 * while unknown: then only what needs no history is checked).
 */
export function createSuspiciousChecks(
  statsOf: (connectionId: string) => CompanyStats | undefined,
  opts: SuspiciousCheckOptions = {},
): RecordCheck[] {
  const uses = opts.currencyUses ?? 3;
  const minHistory = opts.minHistory ?? 20;
  const far = opts.farDays ?? 400;

  const unusedCurrency: RecordCheck = (record, env, company: CompanyProfile) => {
    const d = documentOf(record);
    if (!d || d.currency === company.baseCurrency) return null;
    const stats = statsOf(env.connectionId);
    if ((stats?.currencies[d.currency] ?? 0) >= uses) return null;
    return flag(
      SUSPICIOUS_REASONS.currency,
      `${d.kind} in ${d.currency}, a currency the company has not used (base ${company.baseCurrency})`,
      'currency',
      d,
      env,
      { currency: d.currency, baseCurrency: company.baseCurrency, known: Object.keys(stats?.currencies ?? {}) },
    );
  };

  const dateOutOfRange: RecordCheck = (record, env) => {
    const d = documentOf(record);
    if (!d) return null;
    const date = dateOf(d);
    const field = d.kind === 'sales_order' ? 'orderDate' : 'issueDate';
    const latestPossible = addDays(env.fetchedAt.slice(0, 10), far);
    if (date > latestPossible) {
      return flag(SUSPICIOUS_REASONS.date, `${field} ${date} is far in the future`, field, d, env, {
        date,
        fetchedAt: env.fetchedAt,
      });
    }
    const stats = statsOf(env.connectionId);
    if (!stats || stats.documents < minHistory || !stats.firstDate || !stats.lastDate) return null;
    // Only the past side is judged by history: a date after the latest seen so far is what a
    // growing company (or a first sync read out of date order) produces every day, and the future
    // side is already bounded by the fetch time above.
    if (date >= addDays(stats.firstDate, -far)) return null;
    return flag(
      SUSPICIOUS_REASONS.date,
      `${field} ${date} is far outside the company's range ${stats.firstDate} … ${stats.lastDate}`,
      field,
      d,
      env,
      { date, firstDate: stats.firstDate, lastDate: stats.lastDate },
    );
  };

  return [totalMismatch, unusedCurrency, dateOutOfRange];
}
