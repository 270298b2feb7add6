import type { CsvProfile } from './profile.js';
import { parseProfileWith } from './profile.js';

/**
 * Shopify admin "Export orders": one row per line item; order-level columns are filled on the
 * first row of each order. Timestamps carry the shop's offset ("2025-10-07 09:50:26 +0200").
 */
const shopifyOrders: CsvProfile = {
  name: 'shopify-orders',
  kind: 'sales_order',
  dateFormat: 'YYYY-MM-DD',
  decimalSeparator: '.',
  columns: {
    sourceId: 'Id',
    number: 'Name',
    orderedAt: 'Created at',
    cancelledAt: 'Cancelled at',
    currency: 'Currency',
    partyName: ['Billing Company', 'Billing Name', 'Shipping Company', 'Shipping Name'],
    partyEmail: 'Email',
    partyCountry: 'Billing Country',
    subtotal: 'Subtotal',
    discountTotal: 'Discount Amount',
    taxTotal: 'Taxes',
    total: 'Total',
    refundedTotal: 'Refunded Amount',
    amountDue: 'Outstanding Balance',
    status: 'Fulfillment Status',
    financialStatus: 'Financial Status',
    lineDescription: 'Lineitem name',
    lineSku: 'Lineitem sku',
    lineQuantity: 'Lineitem quantity',
    lineUnitPrice: 'Lineitem price',
    lineDiscount: 'Lineitem discount',
  },
};

/**
 * QuickBooks Online invoices, in the column names of its invoice import/export sheet (one row per
 * line; InvoiceNo groups them). Dates follow the company's locale, so they are detected.
 */
const quickbooksInvoices: CsvProfile = {
  name: 'quickbooks-invoices',
  kind: 'invoice',
  columns: {
    number: ['InvoiceNo', 'Invoice No', 'Invoice Number', 'Num'],
    partyName: ['Customer', 'Customer Name'],
    issueDate: ['InvoiceDate', 'Invoice Date', 'Date'],
    dueDate: ['DueDate', 'Due Date'],
    currency: ['Currency', 'Currency Code'],
    total: ['Total', 'Invoice Total'],
    amountDue: ['Open Balance', 'Balance Due', 'Balance'],
    status: 'Status',
    lineSku: ['Item(Product/Service)', 'Product/Service'],
    lineDescription: ['ItemDescription', 'Item Description', 'Memo/Description'],
    lineQuantity: ['ItemQuantity', 'Item Quantity', 'Qty'],
    lineUnitPrice: ['ItemRate', 'Item Rate', 'Rate'],
    lineTotal: ['ItemAmount', 'Item Amount'],
    lineTax: ['ItemTaxAmount', 'Item Tax Amount'],
  },
};

/**
 * Xero sales invoices export (the same columns as its import template; "*" marks on required
 * columns are ignored). Discount is a percentage; Total and TaxTotal repeat on every line row.
 */
const xeroInvoices: CsvProfile = {
  name: 'xero-invoices',
  kind: 'invoice',
  lineDiscount: 'percent',
  creditNoteValues: ['Sales credit note', 'Credit note', 'ACCRECCREDIT'],
  columns: {
    partyName: 'ContactName',
    partyEmail: 'EmailAddress',
    partyCountry: 'POCountry',
    number: 'InvoiceNumber',
    issueDate: 'InvoiceDate',
    dueDate: 'DueDate',
    total: 'Total',
    taxTotal: 'TaxTotal',
    amountPaid: 'InvoiceAmountPaid',
    amountDue: 'InvoiceAmountDue',
    currency: 'Currency',
    documentType: 'Type',
    status: 'Status',
    lineSku: 'InventoryItemCode',
    lineDescription: 'Description',
    lineQuantity: 'Quantity',
    lineUnitPrice: 'UnitAmount',
    lineDiscount: 'Discount',
    lineTotal: 'LineAmount',
    lineTax: 'TaxAmount',
  },
};

export const BUILTIN_PROFILES = {
  'shopify-orders': shopifyOrders,
  'quickbooks-invoices': quickbooksInvoices,
  'xero-invoices': xeroInvoices,
} as const satisfies Record<string, CsvProfile>;

export type BuiltinProfileName = keyof typeof BUILTIN_PROFILES;

/** Columns a file must have to be recognized as a built-in export without being told. */
export const SIGNATURES: Readonly<Record<BuiltinProfileName, readonly string[]>> = {
  'shopify-orders': ['Name', 'Created at', 'Lineitem quantity', 'Financial Status'],
  'quickbooks-invoices': [
    'InvoiceNo|Invoice No|Invoice Number|Num',
    'Customer|Customer Name',
    'InvoiceDate|Invoice Date|Date',
  ],
  'xero-invoices': ['ContactName', 'InvoiceNumber', 'InvoiceDate'],
};

export function builtinProfile(name: string): CsvProfile | undefined {
  return (BUILTIN_PROFILES as Record<string, CsvProfile>)[name];
}

/** Parses a saved profile (JSON text or object); `extends` may name a built-in profile. */
export function parseProfile(input: unknown): CsvProfile {
  return parseProfileWith(input, BUILTIN_PROFILES);
}
