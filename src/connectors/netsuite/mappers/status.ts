import { cmp } from '../../../canonical/index.js';

export type DocumentStatus = 'draft' | 'open' | 'partially_paid' | 'paid' | 'void' | 'deleted';
export type PurchaseOrderStatus = 'draft' | 'open' | 'closed' | 'cancelled' | 'deleted';
export type OrderStatus = 'open' | 'closed' | 'cancelled' | 'deleted';
export type FinancialStatus = 'pending' | 'paid' | 'voided' | 'unknown';

/**
 * Record JSON writes statuses as display text (`{"id": "Pending Receipt", "refName": "Pending Receipt"}`);
 * SuiteQL writes `Type:Letter`. Both are accepted: the letter tables are the documented per-type codes.
 */
function statusText(value: string, letters: Readonly<Record<string, string>>): string {
  const letter = /^(?:[A-Za-z]+:)?([A-Z])$/.exec(value.trim())?.[1];
  return (letter !== undefined ? letters[letter] : undefined) ?? value.trim();
}

const INVOICE_LETTERS = { A: 'Open', B: 'Paid In Full', D: 'Rejected', E: 'Pending Approval', V: 'Voided' };
const CREDIT_LETTERS = { A: 'Open', B: 'Fully Applied', V: 'Voided' };
const BILL_LETTERS = {
  A: 'Open',
  B: 'Paid In Full',
  C: 'Cancelled',
  D: 'Pending Approval',
  E: 'Rejected',
  V: 'Voided',
};
const PO_LETTERS = {
  A: 'Pending Supervisor Approval',
  B: 'Pending Receipt',
  C: 'Rejected by Supervisor',
  D: 'Partially Received',
  E: 'Pending Billing/Partially Received',
  F: 'Pending Bill',
  G: 'Fully Billed',
  H: 'Closed',
};
const SO_LETTERS = {
  A: 'Pending Approval',
  B: 'Pending Fulfillment',
  C: 'Cancelled',
  D: 'Partially Fulfilled',
  E: 'Pending Billing/Partially Fulfilled',
  F: 'Pending Billing',
  G: 'Billed',
  H: 'Closed',
};

export type DocumentFamily = 'invoice' | 'credit_memo' | 'bill';

/**
 * Invoices, credit memos and bills. A voided document keeps its totals and becomes `void`
 * (never a zero-value paid one); "Open" with something already settled is partially paid.
 */
export function documentStatus(
  family: DocumentFamily,
  value: string,
  total: string,
  remaining: string | null,
): DocumentStatus | null {
  const letters = family === 'invoice' ? INVOICE_LETTERS : family === 'bill' ? BILL_LETTERS : CREDIT_LETTERS;
  switch (statusText(value, letters)) {
    case 'Open':
      if (remaining !== null && cmp(remaining, '0') > 0 && cmp(remaining, total) < 0) return 'partially_paid';
      return 'open';
    case 'Paid In Full':
    case 'Fully Applied':
      return 'paid';
    case 'Pending Approval':
      return 'draft';
    case 'Voided':
    case 'Cancelled':
    case 'Rejected':
      return 'void';
    default:
      return null;
  }
}

/**
 * Purchase orders. NetSuite has no "cancelled" PO status: cancelling closes every line. A Closed
 * order on which nothing was received or billed is therefore reported as cancelled.
 */
export function purchaseOrderStatus(value: string, nothingReceivedOrBilled: boolean): PurchaseOrderStatus | null {
  switch (statusText(value, PO_LETTERS)) {
    case 'Pending Supervisor Approval':
      return 'draft';
    case 'Pending Receipt':
    case 'Partially Received':
    case 'Pending Billing/Partially Received':
    case 'Pending Bill':
      return 'open';
    case 'Fully Billed':
      return 'closed';
    case 'Closed':
      return nothingReceivedOrBilled ? 'cancelled' : 'closed';
    case 'Rejected by Supervisor':
      return 'cancelled';
    default:
      return null;
  }
}

/**
 * Sales orders: fulfilment status plus what billing says about money. A sales order itself takes
 * no payment; "Billed" (fully invoiced) is reported as paid, which is what the order's invoices
 * settle; a cancelled order as voided; anything earlier as pending.
 */
export function salesOrderStatus(value: string): { status: OrderStatus; financial: FinancialStatus } | null {
  switch (statusText(value, SO_LETTERS)) {
    case 'Pending Approval':
    case 'Pending Fulfillment':
    case 'Partially Fulfilled':
    case 'Pending Billing/Partially Fulfilled':
    case 'Pending Billing':
      return { status: 'open', financial: 'pending' };
    case 'Billed':
      return { status: 'closed', financial: 'paid' };
    case 'Closed':
      return { status: 'closed', financial: 'unknown' };
    case 'Cancelled':
      return { status: 'cancelled', financial: 'voided' };
    default:
      return null;
  }
}
