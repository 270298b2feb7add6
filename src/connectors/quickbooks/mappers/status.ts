import { cmp, isZero } from '../../../canonical/index.js';
import { dec, normalizeDetailType } from './lines.js';
import type { QboLine, QboNumber } from './schemas.js';

interface VoidCandidate {
  readonly PrivateNote?: string | undefined;
  readonly TotalAmt: QboNumber;
  readonly Balance?: QboNumber | undefined;
  readonly Line: readonly QboLine[];
}

/**
 * A voided QBO transaction stays queryable with `TotalAmt` 0, `Balance` 0, line amounts and
 * quantities zeroed and `PrivateNote` prefixed "Voided". It must not read as a zero-value paid
 * document: the note decides, and without it, zeroed totals with a zeroed item quantity do (a real
 * zero-value sale keeps its quantity).
 */
export function isVoided(doc: VoidCandidate): boolean {
  if (doc.PrivateNote !== undefined && /^\s*voided\b/i.test(doc.PrivateNote)) return true;
  if (!isZero(dec(doc.TotalAmt)) || !isZero(dec(doc.Balance))) return false;
  const itemLines = doc.Line.filter((l) => {
    const t = normalizeDetailType(l.DetailType);
    return t === 'SalesItemLineDetail' || t === 'ItemBasedExpenseLineDetail';
  });
  if (itemLines.length === 0) return false;
  return itemLines.every((l) => {
    const t = normalizeDetailType(l.DetailType) as 'SalesItemLineDetail' | 'ItemBasedExpenseLineDetail';
    const detail = l[t];
    return isZero(dec(l.Amount)) && detail?.Qty !== undefined && isZero(dec(detail.Qty));
  });
}

export type PaymentStatus = 'open' | 'partially_paid' | 'paid';

/** QBO derives paid status from the open balance: 0 is paid, the full total is open, between is partial. */
export function paymentStatus(total: string, balance: string | null): PaymentStatus {
  if (balance === null) return 'open';
  if (isZero(balance)) return 'paid';
  return cmp(balance, total) >= 0 ? 'open' : 'partially_paid';
}
