import { z } from 'zod';
import { parseMsDate } from './ms-date.js';

/**
 * Zod shapes of the Xero payloads we read (Accounting API 2.0). Loose objects: Xero adds fields
 * freely, and what we do not read must not make a record fail. The same shapes check the emulator's
 * responses against the fixtures, so they describe what Xero sends, not what we wish it sent.
 */

/** Xero amounts are JSON numbers; a numeric string is tolerated (some serialisers quote them). */
export const XeroNumber = z.union([z.number().finite(), z.string().regex(/^-?\d+(\.\d+)?$/)]);

export const XeroMsDate = z.string().refine((s) => parseMsDate(s) !== null, { message: 'expected /Date(ms±HHMM)/' });

const Guid = z.string().min(1);

export const XeroContactRef = z.looseObject({
  ContactID: Guid,
  Name: z.string().optional(),
});

export const XeroLineItem = z.looseObject({
  LineItemID: z.string().optional(),
  Description: z.string().nullable().optional(),
  Quantity: XeroNumber.optional(),
  UnitAmount: XeroNumber.optional(),
  ItemCode: z.string().nullable().optional(),
  Item: z.looseObject({ ItemID: z.string(), Code: z.string().optional() }).optional(),
  AccountCode: z.string().optional(),
  TaxType: z.string().optional(),
  TaxAmount: XeroNumber.optional(),
  LineAmount: XeroNumber.optional(),
  DiscountRate: XeroNumber.nullable().optional(),
  DiscountAmount: XeroNumber.nullable().optional(),
  Tracking: z.array(z.unknown()).optional(),
});
export type XeroLineItem = z.infer<typeof XeroLineItem>;

export const LINE_AMOUNT_TYPES = ['Exclusive', 'Inclusive', 'NoTax'] as const;

/** What invoices, credit notes and purchase orders share. */
const documentFields = {
  Contact: XeroContactRef,
  Date: XeroMsDate.optional(),
  DateString: z.string().optional(),
  Status: z.string(),
  LineAmountTypes: z.enum(LINE_AMOUNT_TYPES).optional(),
  LineItems: z.array(XeroLineItem).optional(),
  SubTotal: XeroNumber,
  TotalTax: XeroNumber,
  Total: XeroNumber,
  CurrencyCode: z.string().optional(),
  CurrencyRate: XeroNumber.optional(),
  UpdatedDateUTC: XeroMsDate,
};

export const INVOICE_TYPES = ['ACCREC', 'ACCPAY'] as const;
export const INVOICE_STATUSES = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'] as const;

export const XeroInvoice = z.looseObject({
  ...documentFields,
  InvoiceID: Guid,
  Type: z.enum(INVOICE_TYPES),
  InvoiceNumber: z.string().optional(),
  Reference: z.string().optional(),
  DueDate: XeroMsDate.optional(),
  DueDateString: z.string().optional(),
  AmountDue: XeroNumber.optional(),
  AmountPaid: XeroNumber.optional(),
  AmountCredited: XeroNumber.optional(),
  FullyPaidOnDate: XeroMsDate.optional(),
});
export type XeroInvoice = z.infer<typeof XeroInvoice>;

export const CREDIT_NOTE_TYPES = ['ACCRECCREDIT', 'ACCPAYCREDIT'] as const;

export const XeroCreditNote = z.looseObject({
  ...documentFields,
  CreditNoteID: Guid,
  Type: z.enum(CREDIT_NOTE_TYPES),
  CreditNoteNumber: z.string().optional(),
  Reference: z.string().optional(),
  DueDate: XeroMsDate.optional(),
  DueDateString: z.string().optional(),
  RemainingCredit: XeroNumber.optional(),
  FullyPaidOnDate: XeroMsDate.optional(),
});
export type XeroCreditNote = z.infer<typeof XeroCreditNote>;

export const PURCHASE_ORDER_STATUSES = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'BILLED', 'DELETED'] as const;

export const XeroPurchaseOrder = z.looseObject({
  ...documentFields,
  PurchaseOrderID: Guid,
  PurchaseOrderNumber: z.string().optional(),
  Reference: z.string().optional(),
  DeliveryDate: XeroMsDate.optional(),
  DeliveryDateString: z.string().optional(),
  ExpectedArrivalDate: XeroMsDate.optional(),
  ExpectedArrivalDateString: z.string().optional(),
});
export type XeroPurchaseOrder = z.infer<typeof XeroPurchaseOrder>;

const PriceDetails = z.looseObject({
  UnitPrice: XeroNumber.optional(),
  AccountCode: z.string().optional(),
  COGSAccountCode: z.string().optional(),
  TaxType: z.string().optional(),
});

export const XeroItem = z.looseObject({
  ItemID: Guid,
  Code: z.string(),
  Name: z.string().optional(),
  Description: z.string().optional(),
  PurchaseDescription: z.string().optional(),
  UpdatedDateUTC: XeroMsDate,
  SalesDetails: PriceDetails.optional(),
  PurchaseDetails: PriceDetails.optional(),
  IsTrackedAsInventory: z.boolean().optional(),
  InventoryAssetAccountCode: z.string().optional(),
  TotalCostPool: XeroNumber.optional(),
  QuantityOnHand: XeroNumber.optional(),
  IsSold: z.boolean().optional(),
  IsPurchased: z.boolean().optional(),
});
export type XeroItem = z.infer<typeof XeroItem>;

export const CONTACT_STATUSES = ['ACTIVE', 'ARCHIVED', 'GDPRREQUEST'] as const;

export const XeroContact = z.looseObject({
  ContactID: Guid,
  Name: z.string(),
  FirstName: z.string().optional(),
  LastName: z.string().optional(),
  EmailAddress: z.string().optional(),
  ContactStatus: z.enum(CONTACT_STATUSES).optional(),
  IsCustomer: z.boolean().optional(),
  IsSupplier: z.boolean().optional(),
  DefaultCurrency: z.string().optional(),
  Addresses: z.array(z.looseObject({ AddressType: z.string().optional(), Country: z.string().optional() })).optional(),
  UpdatedDateUTC: XeroMsDate,
});
export type XeroContact = z.infer<typeof XeroContact>;

export const XeroPagination = z.looseObject({
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  pageCount: z.number().int().nonnegative(),
  itemCount: z.number().int().nonnegative(),
});

/** The response envelope every accounting call returns; the records sit under a plural key. */
function listEnvelope<K extends string>(key: K) {
  const records = { [key]: z.array(z.unknown()) } as { [P in K]: z.ZodArray<z.ZodUnknown> };
  return z.looseObject({
    Id: z.string(),
    Status: z.literal('OK'),
    ProviderName: z.string(),
    DateTimeUTC: XeroMsDate,
    pagination: XeroPagination.optional(),
    ...records,
  });
}

export const XeroInvoicesResponse = listEnvelope('Invoices');
export const XeroCreditNotesResponse = listEnvelope('CreditNotes');
export const XeroPurchaseOrdersResponse = listEnvelope('PurchaseOrders');
export const XeroItemsResponse = listEnvelope('Items');
export const XeroContactsResponse = listEnvelope('Contacts');
export const XeroOrganisationsResponse = listEnvelope('Organisations');

export const XeroOrganisation = z.looseObject({
  OrganisationID: Guid,
  Name: z.string(),
  LegalName: z.string().optional(),
  BaseCurrency: z.string(),
  CountryCode: z.string().optional(),
  Timezone: z.string().optional(),
  OrganisationStatus: z.string().optional(),
  CreatedDateUTC: XeroMsDate.optional(),
});

export const XeroConnection = z.looseObject({
  id: z.string(),
  tenantId: z.string(),
  tenantName: z.string().nullable(),
  tenantType: z.enum(['ORGANISATION', 'PRACTICE']),
  createdDateUtc: z.string(),
  updatedDateUtc: z.string(),
});

export const XeroTokenResponse = z.looseObject({
  id_token: z.string().optional(),
  access_token: z.string(),
  expires_in: z.number().int().positive(),
  token_type: z.literal('Bearer'),
  refresh_token: z.string(),
  scope: z.string(),
});
