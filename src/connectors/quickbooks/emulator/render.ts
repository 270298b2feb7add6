import { add, isZero, mul, round, sub } from '../../../canonical/money.js';
import type {
  CompanySpec,
  DocumentState,
  SynthLine,
  SynthParty,
  SynthProduct,
} from '../../../emulation/economy/index.js';
import { zoneOffsetMs } from '../mappers/source.js';

/**
 * Synthetic economy → QuickBooks Online JSON (minorversion 75), in the shape of the Intuit samples
 * in shared/fixtures/quickbooks: ids and SyncTokens as strings, amounts as JSON numbers, plain
 * TxnDate/DueDate, MetaData datetimes with the company's UTC offset, polymorphic Line[].
 */

export type Json = { [key: string]: unknown };

/**
 * QBO writes amounts as JSON numbers. The economy's amounts are decimal strings of at most a few
 * places and far below 2^53, whose shortest double text is the same digits, so the JSON text is
 * exactly the decimal (this is the only place a decimal becomes a number, for the wire).
 */
export function jsonNumber(decimal: string): number {
  return Number(decimal);
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2015-07-28T16:06:03-07:00` (or with `.082` ms), the instant in the company's local time. */
export function intuitDateTime(utc: string | number, timeZone: string, withMs = false): string {
  const ms = typeof utc === 'number' ? utc : Date.parse(utc);
  const offset = zoneOffsetMs(ms, timeZone);
  const local = new Date(ms + offset).toISOString();
  const abs = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  return `${local.slice(0, withMs ? 23 : 19)}${zone}`;
}

/** The response `time`: Intuit stamps it in its own zone (Pacific), with milliseconds. */
export function responseTime(nowMs: number): string {
  return intuitDateTime(nowMs, 'America/Los_Angeles', true);
}

export interface CompanyView {
  readonly spec: CompanySpec;
  readonly parties: ReadonlyMap<string, SynthParty>;
  readonly products: ReadonlyMap<string, SynthProduct>;
}

/** Extra updates the emulator made on its own (the "updated between pages" fault): a later time, a newer SyncToken. */
export interface Touch {
  readonly at: string;
  readonly count: number;
}

function metaData(createdAt: string, updatedAt: string, zone: string): Json {
  return { CreateTime: intuitDateTime(createdAt, zone), LastUpdatedTime: intuitDateTime(updatedAt, zone) };
}

export function lastUpdated(state: DocumentState, touch: Touch | undefined): string {
  return touch && touch.at > state.updatedAt ? touch.at : state.updatedAt;
}

function grossOf(line: SynthLine): string {
  return round(add(line.total, line.discount), 2);
}

function taxDetail(state: DocumentState, voided: boolean): Json {
  if (voided || isZero(state.taxTotal)) return { TotalTax: 0 };
  const rate = state.lines[0]?.taxRate ?? '0';
  return {
    TxnTaxCodeRef: { value: '2' },
    TotalTax: jsonNumber(state.taxTotal),
    TaxLine: [
      {
        Amount: jsonNumber(state.taxTotal),
        DetailType: 'TaxLineDetail',
        TaxLineDetail: {
          TaxRateRef: { value: '3' },
          PercentBased: true,
          TaxPercent: jsonNumber(mul(rate, 100)),
          NetAmountTaxable: jsonNumber(round(sub(state.subtotal, state.discountTotal), 2)),
        },
      },
    ],
  };
}

function itemRef(view: CompanyView, productId: string | null): Json | undefined {
  if (productId === null) return undefined;
  const product = view.products.get(productId);
  return product ? { value: productId, name: product.name } : { value: productId };
}

function salesLines(state: DocumentState, view: CompanyView, voided: boolean): Json[] {
  const lines: Json[] = state.lines.map((l, i) => {
    const detail: Json = voided
      ? { ItemRef: itemRef(view, l.productId), Qty: 0, TaxCodeRef: { value: 'TAX' } }
      : {
          ItemRef: itemRef(view, l.productId),
          Qty: jsonNumber(l.quantity),
          UnitPrice: jsonNumber(l.unitPrice),
          TaxCodeRef: { value: isZero(l.tax) ? 'NON' : 'TAX' },
        };
    return {
      Id: String(i + 1),
      LineNum: i + 1,
      Description: l.description,
      Amount: voided ? 0 : jsonNumber(grossOf(l)),
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: detail,
    };
  });
  if (voided) return lines;
  lines.push({ Amount: jsonNumber(state.subtotal), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });
  if (!isZero(state.discountTotal)) lines.push(discountLine(state.discountTotal));
  return lines;
}

function discountLine(amount: string): Json {
  return {
    Amount: jsonNumber(amount),
    DetailType: 'DiscountLineDetail',
    DiscountLineDetail: { PercentBased: false, DiscountAccountRef: { value: '86', name: 'Discounts given' } },
  };
}

function expenseLines(state: DocumentState, view: CompanyView, voided: boolean): Json[] {
  const lines: Json[] = state.lines.map((l, i) => {
    const amount = voided ? 0 : jsonNumber(grossOf(l));
    const taxCode = { value: isZero(l.tax) ? 'NON' : 'TAX' };
    if (l.productId === null) {
      return {
        Id: String(i + 1),
        LineNum: i + 1,
        Description: l.description,
        Amount: amount,
        DetailType: 'AccountBasedExpenseLineDetail',
        AccountBasedExpenseLineDetail: {
          AccountRef: { value: '7', name: 'Other expenses' },
          BillableStatus: 'NotBillable',
          TaxCodeRef: taxCode,
        },
      };
    }
    return {
      Id: String(i + 1),
      LineNum: i + 1,
      Description: l.description,
      Amount: amount,
      DetailType: 'ItemBasedExpenseLineDetail',
      ItemBasedExpenseLineDetail: voided
        ? { ItemRef: itemRef(view, l.productId), Qty: 0, BillableStatus: 'NotBillable', TaxCodeRef: taxCode }
        : {
            ItemRef: itemRef(view, l.productId),
            Qty: jsonNumber(l.quantity),
            UnitPrice: jsonNumber(l.unitPrice),
            BillableStatus: 'NotBillable',
            TaxCodeRef: taxCode,
          },
    };
  });
  if (!voided && !isZero(state.discountTotal)) lines.push(discountLine(state.discountTotal));
  return lines;
}

function partyRef(view: CompanyView, id: string): Json {
  const party = view.parties.get(id);
  return party ? { value: id, name: party.name } : { value: id };
}

function currencyRef(code: string): Json {
  return { value: code, name: CURRENCY_NAMES[code] ?? code };
}

const CURRENCY_NAMES: Readonly<Record<string, string>> = {
  USD: 'United States Dollar',
  CAD: 'Canadian Dollar',
  GBP: 'British Pound Sterling',
  EUR: 'Euro',
  AUD: 'Australian Dollar',
  NZD: 'New Zealand Dollar',
  INR: 'Indian Rupee',
};

/** Invoice, CreditMemo, Bill or PurchaseOrder at a state (the caller hides deleted documents). */
export function renderTransaction(
  entity: 'Invoice' | 'CreditMemo' | 'Bill' | 'PurchaseOrder',
  state: DocumentState,
  view: CompanyView,
  touch: Touch | undefined,
): Json {
  const doc = state.doc;
  const zone = view.spec.timeZone;
  const voided = state.status === 'void';
  const sales = entity === 'Invoice' || entity === 'CreditMemo';
  const total = voided ? 0 : jsonNumber(state.total);
  const open = state.status === 'open';
  const balance = open ? total : 0;
  let tail: Json;
  switch (entity) {
    case 'Invoice':
      tail = {
        ApplyTaxAfterDiscount: false,
        PrintStatus: 'NotSet',
        EmailStatus: 'NotSet',
        Balance: balance,
        Deposit: 0,
      };
      break;
    case 'CreditMemo':
      // A credit memo's Balance is the credit not yet applied.
      tail = { PrintStatus: 'NotSet', EmailStatus: 'NotSet', Balance: balance, RemainingCredit: balance };
      break;
    case 'Bill':
      tail = { Balance: balance };
      break;
    case 'PurchaseOrder':
      // QBO has no cancelled purchase order: a cancelled order is closed by hand.
      tail = {
        POStatus: state.status === 'closed' || state.status === 'cancelled' ? 'Closed' : 'Open',
        EmailStatus: 'NotSet',
      };
      break;
  }
  return {
    domain: 'QBO',
    sparse: false,
    Id: doc.id,
    SyncToken: String(state.version - 1 + (touch?.count ?? 0)),
    MetaData: metaData(doc.createdAt, lastUpdated(state, touch), zone),
    CustomField: [],
    DocNumber: doc.number,
    TxnDate: doc.date,
    CurrencyRef: currencyRef(doc.currency),
    ...(voided ? { PrivateNote: 'Voided' } : {}),
    LinkedTxn: linkedTxns(entity, state),
    Line: sales ? salesLines(state, view, voided) : expenseLines(state, view, voided),
    TxnTaxDetail: taxDetail(state, voided),
    ...(view.spec.country !== 'US' ? { GlobalTaxCalculation: 'TaxExcluded' } : {}),
    ...(sales ? { CustomerRef: partyRef(view, doc.partyId) } : { VendorRef: partyRef(view, doc.partyId) }),
    ...(sales ? {} : { APAccountRef: { value: '33', name: 'Accounts Payable (A/P)' } }),
    ...(doc.dueDate !== null ? { DueDate: doc.dueDate } : {}),
    TotalAmt: total,
    ...tail,
  };
}

function linkedTxns(entity: string, state: DocumentState): Json[] {
  if (state.status !== 'paid') return [];
  // Payment ids live in their own number range so they never collide with document ids.
  const id = String(900_000_000 + Number(state.doc.id));
  if (entity === 'Invoice') return [{ TxnId: id, TxnType: 'Payment' }];
  if (entity === 'Bill') return [{ TxnId: id, TxnType: 'BillPaymentCheck' }];
  return [];
}

/** What CDC says of a deleted entity: nothing but its id and the deletion time. */
export function renderDeletion(id: string, deletedAt: string, zone: string): Json {
  return { domain: 'QBO', status: 'Deleted', Id: id, MetaData: { LastUpdatedTime: intuitDateTime(deletedAt, zone) } };
}

export interface ItemState {
  readonly product: SynthProduct;
  /** Company-wide quantity (sum over locations) for tracked products. */
  readonly quantity: string | null;
  readonly updatedAt: string;
  readonly version: number;
}

export function renderItem(item: ItemState, view: CompanyView): Json {
  const p = item.product;
  const zone = view.spec.timeZone;
  return {
    domain: 'QBO',
    sparse: false,
    Id: p.id,
    SyncToken: String(item.version),
    MetaData: metaData(p.createdAt, item.updatedAt, zone),
    Name: p.name,
    Sku: p.sku,
    FullyQualifiedName: p.name,
    Description: p.name,
    Active: true,
    Taxable: true,
    UnitPrice: jsonNumber(p.price),
    Type: p.tracked ? 'Inventory' : 'NonInventory',
    IncomeAccountRef: { value: '79', name: 'Sales of Product Income' },
    PurchaseCost: jsonNumber(p.cost),
    ExpenseAccountRef: { value: '80', name: 'Cost of Goods Sold' },
    TrackQtyOnHand: p.tracked,
    ...(p.tracked
      ? {
          AssetAccountRef: { value: '81', name: 'Inventory Asset' },
          QtyOnHand: jsonNumber(item.quantity ?? '0'),
          InvStartDate: intuitDateTime(p.createdAt, zone).slice(0, 10),
        }
      : {}),
  };
}

export function renderParty(party: SynthParty, view: CompanyView): Json {
  const zone = view.spec.timeZone;
  return {
    domain: 'QBO',
    sparse: false,
    Id: party.id,
    SyncToken: '0',
    MetaData: metaData(party.createdAt, party.updatedAt, zone),
    DisplayName: party.name,
    PrintOnCheckName: party.name,
    Active: true,
    PrimaryEmailAddr: { Address: party.email },
    BillAddr: { Id: String(700_000_000 + Number(party.id)), Country: party.country },
    CurrencyRef: currencyRef(party.currency),
    Balance: 0,
  };
}

export function renderCompanyInfo(spec: CompanySpec, nowMs: number): Json {
  return {
    domain: 'QBO',
    sparse: false,
    Id: '1',
    SyncToken: '1',
    CompanyName: spec.legalName,
    LegalName: spec.legalName,
    Country: spec.country,
    CompanyAddr: { Country: spec.country },
    SupportedLanguages: 'en',
    NameValue: [
      { Name: 'IndustryType', Value: spec.sectorName },
      { Name: 'OfferingSku', Value: 'QuickBooks Online Plus' },
    ],
    MetaData: {
      CreateTime: intuitDateTime(Date.parse('2015-01-01T00:00:00Z'), spec.timeZone),
      LastUpdatedTime: intuitDateTime(nowMs, spec.timeZone),
    },
  };
}
