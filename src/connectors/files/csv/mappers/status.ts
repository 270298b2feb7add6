import type { DOCUMENT_STATUSES, FINANCIAL_STATUSES, PURCHASE_ORDER_STATUSES } from '../../../../canonical/index.js';
import { cmp, isZero } from '../../../../canonical/index.js';

type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];
type FinancialStatus = (typeof FINANCIAL_STATUSES)[number];

const key = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');

const DOCUMENT_WORDS: Readonly<Record<string, DocumentStatus>> = {
  paid: 'paid',
  partiallypaid: 'partially_paid',
  partpaid: 'partially_paid',
  partial: 'partially_paid',
  draft: 'draft',
  submitted: 'draft',
  awaitingapproval: 'draft',
  void: 'void',
  voided: 'void',
  cancelled: 'void',
  canceled: 'void',
  deleted: 'deleted',
  open: 'open',
  authorised: 'open',
  authorized: 'open',
  awaitingpayment: 'open',
  sent: 'open',
  unpaid: 'open',
  overdue: 'open',
  due: 'open',
  approved: 'open',
};

/**
 * An invoice or bill status word from an export ("Awaiting Payment", "PAID", "Voided"); without
 * one (or an unknown one), read from the amounts: nothing due of a non-zero total is paid.
 */
export function documentStatus(
  original: string | null,
  total: string,
  amountDue: string | null,
): { value: DocumentStatus; original: string } {
  const known = original === null ? undefined : DOCUMENT_WORDS[key(original)];
  if (known) return { value: known, original: original ?? '' };
  let value: DocumentStatus = 'open';
  if (amountDue !== null && !isZero(total)) {
    if (isZero(amountDue)) value = 'paid';
    else if (cmp(amountDue, total) < 0 && cmp(amountDue, 0) > 0) value = 'partially_paid';
  }
  return { value, original: original ?? '' };
}

const PO_WORDS: Readonly<Record<string, PurchaseOrderStatus>> = {
  draft: 'draft',
  open: 'open',
  submitted: 'open',
  approved: 'open',
  authorised: 'open',
  authorized: 'open',
  billed: 'closed',
  closed: 'closed',
  received: 'closed',
  fullyreceived: 'closed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  void: 'cancelled',
  deleted: 'deleted',
};

export function purchaseOrderStatus(original: string | null): { value: PurchaseOrderStatus; original: string } {
  return { value: (original && PO_WORDS[key(original)]) || 'open', original: original ?? '' };
}

const FINANCIAL_WORDS: Readonly<Record<string, FinancialStatus>> = {
  pending: 'pending',
  authorized: 'authorized',
  partiallypaid: 'partially_paid',
  paid: 'paid',
  partiallyrefunded: 'partially_refunded',
  refunded: 'refunded',
  voided: 'voided',
};

export function financialStatus(original: string | null): { value: FinancialStatus; original: string } {
  return { value: (original && FINANCIAL_WORDS[key(original)]) || 'unknown', original: original ?? '' };
}
