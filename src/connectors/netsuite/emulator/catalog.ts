import type { DocumentStatus, SynthKind } from '../../../emulation/economy/index.js';

/** How each economy document kind appears in NetSuite. */
export interface TransactionKindInfo {
  /** SuiteQL transaction.type. */
  readonly code: string;
  /** Record API type (lower-case; paths are case-insensitive). */
  readonly recordType: string;
  /** transactionNumber prefix. */
  readonly numberPrefix: string;
  readonly partyType: 'customer' | 'vendor';
}

export const KINDS: Readonly<Record<SynthKind, TransactionKindInfo>> = {
  invoice: { code: 'CustInvc', recordType: 'invoice', numberPrefix: 'CUSTINVC', partyType: 'customer' },
  credit_note: { code: 'CustCred', recordType: 'creditmemo', numberPrefix: 'CUSTCRED', partyType: 'customer' },
  bill: { code: 'VendBill', recordType: 'vendorbill', numberPrefix: 'VENDBILL', partyType: 'vendor' },
  purchase_order: { code: 'PurchOrd', recordType: 'purchaseorder', numberPrefix: 'PURCHORD', partyType: 'vendor' },
  sales_order: { code: 'SalesOrd', recordType: 'salesorder', numberPrefix: 'SALESORD', partyType: 'customer' },
};

export function kindOfRecordType(recordType: string): SynthKind | undefined {
  const t = recordType.toLowerCase();
  return (Object.keys(KINDS) as SynthKind[]).find((k) => KINDS[k].recordType === t);
}

/** [letter, text] of a document's NetSuite status. */
export function statusOf(kind: SynthKind, status: DocumentStatus): readonly [string, string] {
  switch (kind) {
    case 'invoice':
      return status === 'paid' || status === 'closed'
        ? ['B', 'Paid In Full']
        : status === 'void' || status === 'cancelled'
          ? ['V', 'Voided']
          : ['A', 'Open'];
    case 'credit_note':
      return status === 'paid' || status === 'closed'
        ? ['B', 'Fully Applied']
        : status === 'void' || status === 'cancelled'
          ? ['V', 'Voided']
          : ['A', 'Open'];
    case 'bill':
      return status === 'paid' || status === 'closed'
        ? ['B', 'Paid In Full']
        : status === 'void' || status === 'cancelled'
          ? ['C', 'Cancelled']
          : ['A', 'Open'];
    case 'purchase_order':
      // NetSuite has no cancelled PO: cancelling closes every line, nothing received.
      return status === 'closed' || status === 'paid'
        ? ['G', 'Fully Billed']
        : status === 'cancelled' || status === 'void'
          ? ['H', 'Closed']
          : ['B', 'Pending Receipt'];
    case 'sales_order':
      return status === 'closed' || status === 'paid'
        ? ['G', 'Billed']
        : status === 'cancelled' || status === 'void'
          ? ['C', 'Cancelled']
          : ['B', 'Pending Fulfillment'];
  }
}

/** Names of the account's currency records (what a transaction's currency.refName shows). */
export const CURRENCY_RECORDS: Readonly<Record<string, { readonly id: string; readonly name: string }>> = {
  USD: { id: '1', name: 'US Dollar' },
  GBP: { id: '2', name: 'British pound' },
  CAD: { id: '3', name: 'Canadian Dollar' },
  EUR: { id: '4', name: 'Euro' },
  AUD: { id: '5', name: 'Australian Dollar' },
};

export function currencyRecord(code: string): { readonly id: string; readonly name: string } {
  return CURRENCY_RECORDS[code] ?? { id: '99', name: code };
}
