import { z } from 'zod';

/**
 * Zod shapes of the QuickBooks Online payloads we read (JSON form, minorversion 75). Loose: Intuit
 * adds fields in new minor versions, and a field we do not read must never fail a record. Numbers are
 * JSON numbers in JSON and decimal text in XML, so both are accepted and read as exact decimals.
 */

export const QboNumber = z.union([z.number().finite(), z.string().regex(/^-?\d+(\.\d+)?$/)]);
export type QboNumber = z.infer<typeof QboNumber>;

export const QboRef = z.looseObject({ value: z.string(), name: z.string().optional() });
export type QboRef = z.infer<typeof QboRef>;

const CalendarDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Datetimes carry the company's UTC offset, e.g. 2015-07-28T16:06:03-07:00. */
const OffsetDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/);

export const QboMetaData = z.looseObject({
  CreateTime: OffsetDateTime.optional(),
  LastUpdatedTime: OffsetDateTime,
});

const Bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

const ItemLineDetail = z.looseObject({
  ItemRef: QboRef.optional(),
  Qty: QboNumber.optional(),
  UnitPrice: QboNumber.optional(),
  TaxCodeRef: QboRef.optional(),
});

const AccountLineDetail = z.looseObject({
  AccountRef: QboRef.optional(),
  TaxCodeRef: QboRef.optional(),
});

export const QboBaseLine = z.looseObject({
  Id: z.string().optional(),
  LineNum: QboNumber.optional(),
  Description: z.string().optional(),
  Amount: QboNumber.optional(),
  DetailType: z.string(),
  SalesItemLineDetail: ItemLineDetail.optional(),
  ItemBasedExpenseLineDetail: ItemLineDetail.optional(),
  AccountBasedExpenseLineDetail: AccountLineDetail.optional(),
  DiscountLineDetail: z
    .looseObject({ PercentBased: Bool.optional(), DiscountPercent: QboNumber.optional() })
    .optional(),
});

/** A bundle (GroupLineDetail) nests ordinary sales lines one level down. */
export const QboLine = QboBaseLine.extend({
  GroupLineDetail: z
    .looseObject({
      GroupItemRef: QboRef.optional(),
      Quantity: QboNumber.optional(),
      Line: z.array(QboBaseLine).optional(),
    })
    .optional(),
});
export type QboLine = z.infer<typeof QboLine>;
export type QboBaseLine = z.infer<typeof QboBaseLine>;

const TxnTaxDetail = z.looseObject({
  TotalTax: QboNumber.optional(),
  TaxLine: z.array(z.looseObject({ Amount: QboNumber.optional() })).optional(),
});

/** Fields shared by Invoice, CreditMemo, Bill and PurchaseOrder. */
const transaction = {
  Id: z.string().min(1),
  SyncToken: z.string().optional(),
  domain: z.string().optional(),
  status: z.string().optional(),
  DocNumber: z.string().optional(),
  TxnDate: CalendarDateText,
  DueDate: CalendarDateText.optional(),
  CurrencyRef: QboRef.optional(),
  ExchangeRate: QboNumber.optional(),
  Line: z.array(QboLine),
  TxnTaxDetail: TxnTaxDetail.optional(),
  TotalAmt: QboNumber,
  PrivateNote: z.string().optional(),
  GlobalTaxCalculation: z.string().optional(),
  MetaData: QboMetaData.optional(),
};

export const QboInvoice = z.looseObject({
  ...transaction,
  CustomerRef: QboRef,
  Balance: QboNumber.optional(),
});
export type QboInvoice = z.infer<typeof QboInvoice>;

/** CreditMemo: Balance is the credit not yet applied (`RemainingCredit` in newer minor versions). */
export const QboCreditMemo = QboInvoice.extend({ RemainingCredit: QboNumber.optional() });
export type QboCreditMemo = z.infer<typeof QboCreditMemo>;

export const QboBill = z.looseObject({
  ...transaction,
  VendorRef: QboRef,
  Balance: QboNumber.optional(),
});
export type QboBill = z.infer<typeof QboBill>;

export const QboPurchaseOrder = z.looseObject({
  ...transaction,
  VendorRef: QboRef,
  POStatus: z.string().optional(),
  ShipDate: CalendarDateText.optional(),
});
export type QboPurchaseOrder = z.infer<typeof QboPurchaseOrder>;

export const QboItem = z.looseObject({
  Id: z.string().min(1),
  SyncToken: z.string().optional(),
  status: z.string().optional(),
  Name: z.string(),
  FullyQualifiedName: z.string().optional(),
  Sku: z.string().optional(),
  Type: z.string().optional(),
  Active: Bool.optional(),
  UnitPrice: QboNumber.optional(),
  PurchaseCost: QboNumber.optional(),
  TrackQtyOnHand: Bool.optional(),
  QtyOnHand: QboNumber.optional(),
  InvStartDate: CalendarDateText.optional(),
  MetaData: QboMetaData.optional(),
});
export type QboItem = z.infer<typeof QboItem>;

const Address = z.looseObject({ Country: z.string().optional(), CountryCode: z.string().optional() });

/** Customer and Vendor share the name-list shape we read. */
export const QboNameListEntity = z.looseObject({
  Id: z.string().min(1),
  SyncToken: z.string().optional(),
  status: z.string().optional(),
  DisplayName: z.string().optional(),
  CompanyName: z.string().optional(),
  FullyQualifiedName: z.string().optional(),
  PrintOnCheckName: z.string().optional(),
  PrimaryEmailAddr: z.looseObject({ Address: z.string().optional() }).optional(),
  BillAddr: Address.optional(),
  ShipAddr: Address.optional(),
  CurrencyRef: QboRef.optional(),
  Active: Bool.optional(),
  MetaData: QboMetaData.optional(),
});
export type QboNameListEntity = z.infer<typeof QboNameListEntity>;

/** What CDC returns for a deleted entity: its id, the deletion time and `status: "Deleted"`. */
export const QboDeletion = z.looseObject({
  Id: z.string().min(1),
  status: z.literal('Deleted'),
  MetaData: z.looseObject({ LastUpdatedTime: OffsetDateTime }).optional(),
});
export type QboDeletion = z.infer<typeof QboDeletion>;

export const QboFaultError = z.looseObject({
  Message: z.string().optional(),
  Detail: z.string().optional(),
  code: z.union([z.string(), z.number()]).optional(),
  element: z.string().nullable().optional(),
});

export const QboFault = z.looseObject({
  Fault: z.looseObject({ Error: z.array(QboFaultError), type: z.string().optional() }),
  time: z.string().optional(),
});
export type QboFault = z.infer<typeof QboFault>;

/** A query page: the entity key is absent when nothing matched (`{"QueryResponse": {}}`). */
export const QboQueryResponse = z.looseObject({
  QueryResponse: z.looseObject({
    startPosition: QboNumber.optional(),
    maxResults: QboNumber.optional(),
    totalCount: QboNumber.optional(),
  }),
  time: z.string(),
});

/** CDC: `QueryResponse` is an array, one element per requested entity. */
export const QboCdcResponse = z.looseObject({
  CDCResponse: z.array(z.looseObject({ QueryResponse: z.array(z.looseObject({})).optional() })),
  time: z.string(),
});
