import { cmp } from '../../../canonical/index.js';

export type DocumentStatus = 'draft' | 'open' | 'partially_paid' | 'paid' | 'void' | 'deleted';
export type PurchaseOrderStatus = 'draft' | 'open' | 'closed' | 'cancelled' | 'deleted';

/**
 * Invoice and credit-note statuses. SUBMITTED is "awaiting approval", not yet a receivable, so it
 * counts as draft. AUTHORISED with something already paid or credited is partially paid.
 * VOIDED keeps its totals and becomes `void` (never a zero-value paid document).
 */
export function documentStatus(
  status: string,
  settled: string | null,
  outstanding: string | null,
): DocumentStatus | null {
  switch (status) {
    case 'DRAFT':
    case 'SUBMITTED':
      return 'draft';
    case 'AUTHORISED':
      if (settled !== null && cmp(settled, '0') > 0) {
        return outstanding !== null && cmp(outstanding, '0') <= 0 ? 'paid' : 'partially_paid';
      }
      return 'open';
    case 'PAID':
      return 'paid';
    case 'VOIDED':
      return 'void';
    case 'DELETED':
      return 'deleted';
    default:
      return null;
  }
}

/** Purchase-order statuses: BILLED means the order turned into a bill, so it is closed. */
export function purchaseOrderStatus(status: string): PurchaseOrderStatus | null {
  switch (status) {
    case 'DRAFT':
    case 'SUBMITTED':
      return 'draft';
    case 'AUTHORISED':
      return 'open';
    case 'BILLED':
      return 'closed';
    case 'DELETED':
      return 'deleted';
    default:
      return null;
  }
}
