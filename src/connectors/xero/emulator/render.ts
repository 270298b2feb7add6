import { dateInZone, mul, sub } from '../../../canonical/index.js';
import type {
  CompanyBook,
  CompanySpec,
  DocumentState,
  Economy,
  SynthLine,
  SynthParty,
  SynthProduct,
} from '../../../emulation/economy/index.js';
import { formatMsDate } from '../mappers/ms-date.js';
import { xeroGuid } from './ids.js';
import { num } from './json-text.js';

export type XeroCollection = 'Invoices' | 'CreditNotes' | 'PurchaseOrders' | 'Contacts' | 'Items';

/** One record as the emulator serves it, with what filtering and paging need. */
export interface RenderedRecord {
  readonly id: string;
  /** Other keys a single-record GET accepts (InvoiceNumber, Item Code…). */
  readonly altKeys: readonly string[];
  readonly updatedMs: number;
  /** The economy document id behind it (record faults are keyed on it), or null. */
  readonly docId: string | null;
  /** The document's calendar date (schema drift applies from a date on), or null. */
  readonly date: string | null;
  readonly type: string | null;
  readonly status: string;
  readonly record: Record<string, unknown>;
}

/** A date-only field: midnight UTC of the calendar date, written `+0000`, plus its DateString. */
function dateOnly(date: string): { ms: string; text: string } {
  return { ms: formatMsDate(Date.parse(`${date}T00:00:00Z`), 0), text: `${date}T00:00:00` };
}

function instantMs(iso: string): number {
  return Date.parse(iso);
}

export function contactId(spec: CompanySpec, partyId: string): string {
  return xeroGuid(spec.account, 'contact', partyId);
}

export function itemId(spec: CompanySpec, productId: string): string {
  return xeroGuid(spec.account, 'item', productId);
}

function contactRef(spec: CompanySpec, party: SynthParty | undefined, partyId: string): Record<string, unknown> {
  return {
    ContactID: contactId(spec, partyId),
    Name: party?.name ?? `Contact ${partyId}`,
    Addresses: [],
    Phones: [],
    ContactGroups: [],
    ContactPersons: [],
    HasValidationErrors: false,
  };
}

export function renderContact(spec: CompanySpec, party: SynthParty, now: string): RenderedRecord {
  const updatedAt = party.updatedAt <= now ? party.updatedAt : party.createdAt;
  const updatedMs = instantMs(updatedAt);
  const id = contactId(spec, party.id);
  return {
    id,
    altKeys: [],
    updatedMs,
    docId: null,
    date: null,
    type: null,
    status: 'ACTIVE',
    record: {
      ContactID: id,
      ContactStatus: 'ACTIVE',
      Name: party.name,
      EmailAddress: party.email,
      BankAccountDetails: '',
      Addresses: [{ AddressType: 'POBOX', Country: party.country }],
      Phones: [],
      UpdatedDateUTC: formatMsDate(updatedMs, 0),
      ContactGroups: [],
      IsSupplier: party.role === 'vendor',
      IsCustomer: party.role === 'customer',
      DefaultCurrency: party.currency,
      ContactPersons: [],
      HasAttachments: false,
      HasValidationErrors: false,
    },
  };
}

/**
 * An item. Xero keeps one quantity per organisation, so the quantities of every location are
 * summed; the item's UpdatedDateUTC moves with its stock (the latest level change), and the cost
 * pool is the quantity at the item's purchase cost.
 */
export function renderItem(
  spec: CompanySpec,
  product: SynthProduct,
  stock: { quantity: string; updatedAt: string } | null,
): RenderedRecord {
  const updatedAt = stock && stock.updatedAt > product.updatedAt ? stock.updatedAt : product.updatedAt;
  const updatedMs = instantMs(updatedAt);
  const id = itemId(spec, product.id);
  const record: Record<string, unknown> = {
    ItemID: id,
    Code: product.sku,
    Description: product.name,
    PurchaseDescription: product.name,
    UpdatedDateUTC: formatMsDate(updatedMs, 0),
    PurchaseDetails: {
      UnitPrice: num(product.cost, 4),
      ...(product.tracked ? { COGSAccountCode: '310' } : { AccountCode: '300' }),
      TaxType: 'INPUT',
    },
    SalesDetails: { UnitPrice: num(product.price, 4), AccountCode: '200', TaxType: 'OUTPUT' },
    Name: product.name.slice(0, 50),
    IsTrackedAsInventory: product.tracked,
  };
  if (product.tracked) {
    const quantity = stock?.quantity ?? '0';
    record['InventoryAssetAccountCode'] = '630';
    record['TotalCostPool'] = num(mul(quantity, product.cost), 2);
    record['QuantityOnHand'] = num(quantity, 4);
  }
  record['IsSold'] = true;
  record['IsPurchased'] = true;
  return { id, altKeys: [product.sku], updatedMs, docId: null, date: null, type: null, status: 'ACTIVE', record };
}

/** Id → party / product of a book, built once per book (documents look them up per line). */
interface BookIndex {
  readonly parties: ReadonlyMap<string, SynthParty>;
  readonly vendorIds: ReadonlySet<string>;
  readonly products: ReadonlyMap<string, SynthProduct>;
}
const indexes = new WeakMap<CompanyBook, BookIndex>();

function indexOf(book: CompanyBook): BookIndex {
  let index = indexes.get(book);
  if (!index) {
    index = {
      parties: new Map([...book.customers, ...book.vendors].map((p) => [p.id, p])),
      vendorIds: new Set(book.vendors.map((v) => v.id)),
      products: new Map(book.products.map((p) => [p.id, p])),
    };
    indexes.set(book, index);
  }
  return index;
}

function lineItems(spec: CompanySpec, book: CompanyBook, lines: readonly SynthLine[], sales: boolean): unknown[] {
  const { products } = indexOf(book);
  return lines.map((l) => {
    const product = l.productId ? products.get(l.productId) : undefined;
    const item: Record<string, unknown> = {
      Description: l.description,
      UnitAmount: num(l.unitPrice, 4),
      TaxType: sales ? 'OUTPUT' : 'INPUT',
      TaxAmount: num(l.tax, 2),
      LineAmount: num(l.total, 2),
      AccountCode: sales ? '200' : product?.tracked ? '630' : '300',
      Tracking: [],
      Quantity: num(l.quantity, 4),
      LineItemID: xeroGuid(spec.account, 'line', l.lineId),
    };
    if (l.sku) item['ItemCode'] = l.sku;
    if (product) item['Item'] = { ItemID: itemId(spec, product.id), Name: product.name, Code: product.sku };
    if (l.discount !== '0.00' && l.discount !== '0') item['DiscountAmount'] = num(l.discount, 2);
    return item;
  });
}

/** Document currency units per one unit of the organisation's base currency (Xero's CurrencyRate). */
function currencyRate(economy: Economy, spec: CompanySpec, currency: string, date: string): string {
  return currency === spec.currency ? '1' : economy.fxRate(date, spec.currency, currency);
}

function paidEvent(state: DocumentState, now: string) {
  return state.doc.events.find((e) => e.type === 'paid' && e.at <= now);
}

/**
 * Invoices, bills, credit notes and purchase orders. Statuses: open → AUTHORISED; paid → PAID (credit
 * notes: fully allocated); void → VOIDED; deleted → DELETED (the record stays visible, as Xero
 * keeps deleted documents); purchase orders: closed → BILLED, and cancelled or deleted → DELETED
 * (Xero purchase orders have no cancelled status).
 */
export function renderDocument(
  economy: Economy,
  book: CompanyBook,
  state: DocumentState,
  now: string,
): { collection: XeroCollection; rendered: RenderedRecord } | null {
  const { spec } = book;
  const doc = state.doc;
  const vendorDoc = doc.kind === 'bill' || doc.kind === 'purchase_order';
  const index = indexOf(book);
  const party = index.parties.get(doc.partyId);
  const date = dateOnly(doc.date);
  const updatedMs = instantMs(state.updatedAt);
  const rate = num(currencyRate(economy, spec, doc.currency, doc.date), 6);
  const common = {
    Contact: contactRef(spec, party, doc.partyId),
    DateString: date.text,
    Date: date.ms,
  };
  const totals = {
    LineAmountTypes: 'Exclusive',
    LineItems: lineItems(spec, book, state.lines, !vendorDoc),
    SubTotal: num(sub(state.subtotal, state.discountTotal), 2),
    TotalTax: num(state.taxTotal, 2),
    Total: num(state.total, 2),
  };
  const paid = paidEvent(state, now);
  const paidDate = paid ? dateOnly(dateInZone(paid.at, spec.timeZone)) : null;
  const base = { docId: doc.id, date: doc.date, updatedMs };

  switch (doc.kind) {
    case 'invoice':
    case 'bill': {
      const id = xeroGuid(spec.account, 'invoice', doc.id);
      const status = invoiceStatus(state.status);
      const isPaid = status === 'PAID';
      const due = status === 'AUTHORISED' || status === 'DELETED' ? state.total : '0';
      const type = doc.kind === 'invoice' ? 'ACCREC' : 'ACCPAY';
      const record: Record<string, unknown> = {
        Type: type,
        InvoiceID: id,
        InvoiceNumber: doc.number,
        Reference: '',
        Payments:
          isPaid && paid && paidDate
            ? [
                {
                  PaymentID: xeroGuid(spec.account, 'payment', doc.id),
                  Date: paidDate.ms,
                  Amount: num(paid.amount ?? state.total, 2),
                  CurrencyRate: rate,
                  HasAccount: false,
                  HasValidationErrors: false,
                },
              ]
            : [],
        CreditNotes: [],
        Prepayments: [],
        Overpayments: [],
        AmountDue: num(due, 2),
        AmountPaid: num(isPaid ? state.total : '0', 2),
        AmountCredited: num('0', 2),
        ...(type === 'ACCREC' ? { SentToContact: true } : {}),
        CurrencyRate: rate,
        HasErrors: false,
        IsDiscounted: false,
        HasAttachments: false,
        ...common,
        ...(doc.dueDate ? { DueDateString: dateOnly(doc.dueDate).text, DueDate: dateOnly(doc.dueDate).ms } : {}),
        Status: status,
        ...totals,
        UpdatedDateUTC: formatMsDate(updatedMs, 0),
        UpdatedDateUTCString: `${new Date(updatedMs).toISOString().slice(0, 19)}Z`,
        CurrencyCode: doc.currency,
        ...(isPaid && paidDate ? { FullyPaidOnDate: paidDate.ms } : {}),
      };
      return { collection: 'Invoices', rendered: { ...base, id, altKeys: [doc.number], type, status, record } };
    }
    case 'credit_note': {
      const id = xeroGuid(spec.account, 'credit-note', doc.id);
      const status = invoiceStatus(state.status);
      const type = index.vendorIds.has(doc.partyId) ? 'ACCPAYCREDIT' : 'ACCRECCREDIT';
      const remaining = status === 'AUTHORISED' || status === 'DELETED' ? state.total : '0';
      const record: Record<string, unknown> = {
        Type: type,
        CreditNoteID: id,
        CreditNoteNumber: doc.number,
        Reference: '',
        ...common,
        Status: status,
        ...totals,
        UpdatedDateUTC: formatMsDate(updatedMs, 0),
        CurrencyCode: doc.currency,
        CurrencyRate: rate,
        RemainingCredit: num(remaining, 2),
        Allocations:
          status === 'PAID' && paidDate
            ? [
                {
                  AllocationID: xeroGuid(spec.account, 'allocation', doc.id),
                  Amount: num(state.total, 2),
                  Date: paidDate.ms,
                },
              ]
            : [],
        Payments: [],
        HasAttachments: false,
        HasErrors: false,
        ...(status === 'PAID' && paidDate ? { FullyPaidOnDate: paidDate.ms } : {}),
      };
      return { collection: 'CreditNotes', rendered: { ...base, id, altKeys: [doc.number], type, status, record } };
    }
    case 'purchase_order': {
      const id = xeroGuid(spec.account, 'purchase-order', doc.id);
      const status = purchaseOrderStatus(state.status);
      const delivery = doc.dueDate ? dateOnly(doc.dueDate) : null;
      const record: Record<string, unknown> = {
        PurchaseOrderID: id,
        PurchaseOrderNumber: doc.number,
        ...common,
        ...(delivery ? { DeliveryDateString: delivery.text, DeliveryDate: delivery.ms } : {}),
        AttentionTo: 'Accounts Dept',
        HasErrors: false,
        IsDiscounted: false,
        Type: 'PURCHASEORDER',
        CurrencyRate: rate,
        CurrencyCode: doc.currency,
        Status: status,
        ...totals,
        UpdatedDateUTC: formatMsDate(updatedMs, 0),
        HasAttachments: false,
      };
      return {
        collection: 'PurchaseOrders',
        rendered: { ...base, id, altKeys: [doc.number], type: null, status, record },
      };
    }
    default:
      // Xero has no sales orders; a book for a Xero company has none either.
      return null;
  }
}

function invoiceStatus(status: DocumentState['status']): string {
  switch (status) {
    case 'paid':
    case 'closed':
      return 'PAID';
    case 'void':
    case 'cancelled':
      return 'VOIDED';
    case 'deleted':
      return 'DELETED';
    default:
      return 'AUTHORISED';
  }
}

function purchaseOrderStatus(status: DocumentState['status']): string {
  switch (status) {
    case 'closed':
    case 'paid':
      return 'BILLED';
    case 'cancelled':
    case 'deleted':
    case 'void':
      return 'DELETED';
    default:
      return 'AUTHORISED';
  }
}
