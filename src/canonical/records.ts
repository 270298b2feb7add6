import { z } from 'zod';
import { CurrencyCode, DecimalString } from './money.js';
import { Provenance, Source, statusOf } from './provenance.js';
import { CalendarDate, UtcInstant } from './time.js';

const base = {
  id: z.string().min(1).describe('Canonical id: kind, connection and source id.'),
  companyId: z.string().min(1).describe('The company (connection) the record belongs to.'),
  source: Source,
  provenance: Provenance,
  deleted: z.boolean().describe('True once the source deleted the record (kept for audit).'),
};

export const SIZE_BANDS = ['micro', 'small', 'medium', 'large'] as const;

export const Company = z.object({
  ...base,
  kind: z.literal('company'),
  legalName: z.string().min(1),
  naics: z
    .string()
    .regex(/^\d{2,6}$/)
    .describe('NAICS industry code (2 to 6 digits).'),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .describe('ISO 3166-1 alpha-2.'),
  baseCurrency: CurrencyCode,
  timeZone: z.string().min(1).describe('IANA time zone of the company.'),
  sizeBand: z.enum(SIZE_BANDS),
});
export type Company = z.infer<typeof Company>;

export const PartyRef = z.object({
  sourceId: z.string().nullable(),
  name: z.string().nullable(),
});
export type PartyRef = z.infer<typeof PartyRef>;

export const Party = z.object({
  ...base,
  kind: z.literal('party'),
  role: z.enum(['customer', 'vendor', 'both']),
  name: z.string(),
  email: z.string().nullable(),
  country: z.string().nullable(),
  currency: CurrencyCode.nullable(),
});
export type Party = z.infer<typeof Party>;

export const LineItem = z.object({
  lineNumber: z.number().int().nonnegative(),
  description: z.string().nullable(),
  sku: z.string().nullable(),
  productSourceId: z.string().nullable(),
  quantity: DecimalString,
  unitPrice: DecimalString,
  discount: DecimalString.describe('Discount on the line, positive, in document currency.'),
  tax: DecimalString,
  total: DecimalString.describe('Line total in document currency (see docs for tax treatment).'),
});
export type LineItem = z.infer<typeof LineItem>;

const documentTotals = {
  currency: CurrencyCode,
  subtotal: DecimalString,
  discountTotal: DecimalString,
  taxTotal: DecimalString,
  total: DecimalString,
};

export const DOCUMENT_STATUSES = ['draft', 'open', 'partially_paid', 'paid', 'void', 'deleted'] as const;

/** One tax subtotal of a document: a category and rate, the amount it applies to, the tax. */
export const TaxSubtotal = z.object({
  category: z.string().nullable().describe('e.g. UBL TaxCategory/ID "S" (standard rate), "Z", "E".'),
  scheme: z.string().nullable().describe('e.g. "VAT", "GST".'),
  percent: DecimalString.nullable(),
  taxableAmount: DecimalString,
  taxAmount: DecimalString,
});
export type TaxSubtotal = z.infer<typeof TaxSubtotal>;

/** Invoices (receivable) and bills (payable) share one shape; credit notes are a document type. */
const documentShape = {
  ...base,
  documentType: z.enum(['invoice', 'credit_note']),
  number: z.string().nullable(),
  issueDate: CalendarDate,
  dueDate: CalendarDate.nullable(),
  party: PartyRef,
  lines: z.array(LineItem),
  ...documentTotals,
  amountDue: DecimalString.nullable(),
  status: statusOf(DOCUMENT_STATUSES),
  /** Tax per category and rate, in document currency, where the source gives it (UBL). */
  taxes: z.array(TaxSubtotal).optional(),
  /** The tax total in the tax currency, when the source states one apart from the document currency. */
  taxCurrency: z.object({ currency: CurrencyCode, taxTotal: DecimalString }).nullable().optional(),
};

export const Invoice = z.object({ ...documentShape, kind: z.literal('invoice') });
export type Invoice = z.infer<typeof Invoice>;

export const Bill = z.object({ ...documentShape, kind: z.literal('bill') });
export type Bill = z.infer<typeof Bill>;

export const PURCHASE_ORDER_STATUSES = ['draft', 'open', 'closed', 'cancelled', 'deleted'] as const;

export const PurchaseOrder = z.object({
  ...base,
  kind: z.literal('purchase_order'),
  number: z.string().nullable(),
  issueDate: CalendarDate,
  expectedDate: CalendarDate.nullable(),
  vendor: PartyRef,
  lines: z.array(LineItem),
  ...documentTotals,
  status: statusOf(PURCHASE_ORDER_STATUSES),
});
export type PurchaseOrder = z.infer<typeof PurchaseOrder>;

export const Refund = z.object({
  sourceId: z.string(),
  createdAt: UtcInstant,
  amount: DecimalString,
  lines: z.array(z.object({ lineSourceId: z.string().nullable(), quantity: DecimalString, amount: DecimalString })),
});
export type Refund = z.infer<typeof Refund>;

export const ORDER_STATUSES = ['open', 'closed', 'cancelled', 'deleted'] as const;
export const FINANCIAL_STATUSES = [
  'pending',
  'authorized',
  'partially_paid',
  'paid',
  'partially_refunded',
  'refunded',
  'voided',
  'unknown',
] as const;

export const SalesOrder = z.object({
  ...base,
  kind: z.literal('sales_order'),
  number: z.string().nullable(),
  orderDate: CalendarDate,
  orderedAt: UtcInstant,
  customer: PartyRef,
  lines: z.array(LineItem),
  ...documentTotals,
  presentmentCurrency: CurrencyCode.nullable(),
  presentmentTotal: DecimalString.nullable(),
  currentTotal: DecimalString.describe('Total after later edits, refunds and removals.'),
  refunds: z.array(Refund),
  refundedTotal: DecimalString,
  cancelledAt: UtcInstant.nullable(),
  cancelReason: z.string().nullable(),
  test: z.boolean(),
  status: statusOf(ORDER_STATUSES),
  financialStatus: statusOf(FINANCIAL_STATUSES),
});
export type SalesOrder = z.infer<typeof SalesOrder>;

export const Product = z.object({
  ...base,
  kind: z.literal('product'),
  name: z.string(),
  sku: z.string().nullable(),
  productType: z.string().nullable(),
  currency: CurrencyCode.nullable(),
  unitPrice: DecimalString.nullable(),
  unitCost: DecimalString.nullable(),
  tracked: z.boolean(),
  quantityOnHand: DecimalString.nullable(),
  variants: z.array(
    z.object({
      sourceId: z.string(),
      sku: z.string().nullable(),
      title: z.string().nullable(),
      price: DecimalString.nullable(),
      inventoryItemId: z.string().nullable(),
    }),
  ),
  status: statusOf(['active', 'archived', 'draft', 'deleted'] as const),
});
export type Product = z.infer<typeof Product>;

export const InventoryLevel = z.object({
  ...base,
  kind: z.literal('inventory_level'),
  itemSourceId: z.string().describe('The product or inventory item id in the source.'),
  sku: z.string().nullable(),
  locationId: z.string().nullable(),
  quantity: DecimalString,
  asOf: UtcInstant,
  unitCost: DecimalString.nullable(),
  currency: CurrencyCode.nullable(),
});
export type InventoryLevel = z.infer<typeof InventoryLevel>;

export const CanonicalRecord = z.discriminatedUnion('kind', [
  Company,
  Party,
  Invoice,
  Bill,
  PurchaseOrder,
  SalesOrder,
  Product,
  InventoryLevel,
]);
export type CanonicalRecord = z.infer<typeof CanonicalRecord>;
export type CanonicalKind = CanonicalRecord['kind'];
export const CANONICAL_KINDS = [
  'company',
  'party',
  'invoice',
  'bill',
  'purchase_order',
  'sales_order',
  'product',
  'inventory_level',
] as const satisfies readonly CanonicalKind[];

export const CANONICAL_SCHEMAS = {
  company: Company,
  party: Party,
  invoice: Invoice,
  bill: Bill,
  purchase_order: PurchaseOrder,
  sales_order: SalesOrder,
  product: Product,
  inventory_level: InventoryLevel,
} as const satisfies Record<CanonicalKind, z.ZodType>;

/** Deterministic canonical id: one record per (kind, connection, source id). */
export function canonicalId(kind: CanonicalKind, connectionId: string, sourceId: string): string {
  return `${kind}:${connectionId}:${sourceId}`;
}
