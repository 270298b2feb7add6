import { add, mul, neg, toDecimal } from '../../../canonical/money.js';
import type { CompanyBook, RecordFault, SynthLine } from '../../../emulation/economy/index.js';
import { currencyRecord, KINDS, statusOf } from './catalog.js';
import type { VisibleDocument } from './view.js';
import { recordTimestamp } from './zone.js';

/**
 * Record JSON in the shape of the real expanded purchase order (fixture
 * purchaseorder_record_expanded.json): references `{id, refName, links}`, select fields
 * `{id, refName}`, sublists `{items, links, totalResults}`, ISO dates, JSON numbers.
 *
 * Money is written as JSON numbers straight from the decimal text (never through a binary float):
 * values are marked while the object is built and unquoted after JSON.stringify.
 */
const NUM_MARK = '@@num:';
const NUM_RE = /"@@num:(-?\d+(?:\.\d+)?)@@"/g;

function n(decimal: string): string {
  return `${NUM_MARK}${toDecimal(decimal)}@@`;
}

export function serializeRecord(value: unknown): string {
  return JSON.stringify(value).replace(NUM_RE, '$1');
}

/** NetSuite's item-level discount: an item of type Discount on the line below the item it reduces. */
const DISCOUNT_ITEM = { id: '-6', refName: 'Line Discount' };
/** The expense account bills post non-item lines to. */
const EXPENSE_ACCOUNT_ID = '58';

export interface RenderContext {
  /** e.g. http://127.0.0.1:4321/accounts/TSTDRV0001/services/rest/record/v1 */
  readonly recordBase: string;
  readonly book: CompanyBook;
}

function ref(ctx: RenderContext, type: string, id: string, refName: string) {
  return { id, refName, links: [{ rel: 'self', href: `${ctx.recordBase}/${type}/${id}` }] };
}

function itemLines(ctx: RenderContext, v: VisibleDocument, selfBase: string, lines: readonly SynthLine[]) {
  const products = new Map(ctx.book.products.map((p) => [p.id, p]));
  const location = ctx.book.locations[0];
  const { kind } = v.doc;
  const settled = v.state.status === 'closed' || v.state.status === 'paid';
  const cancelled = v.state.status === 'cancelled' || v.state.status === 'void';
  const out: Record<string, unknown>[] = [];
  let line = 0;
  for (const l of lines) {
    if (l.productId === null) continue;
    line++;
    const product = products.get(l.productId);
    const gross = add(l.total, l.discount);
    const item: Record<string, unknown> = {
      links: [{ rel: 'self', href: `${selfBase}/item/${line}` }],
      line,
      item: ref(ctx, product?.tracked ? 'inventoryitem' : 'noninventoryitem', l.productId, product?.sku ?? l.sku ?? ''),
      itemType: product?.tracked
        ? { id: 'InvtPart', refName: 'InvtPart' }
        : { id: 'NonInvtPart', refName: 'NonInvtPart' },
      description: l.description,
      quantity: n(l.quantity),
      rate: n(l.unitPrice),
      amount: n(gross),
      taxRate1: n(mul(l.taxRate, '100')),
      tax1Amt: n(l.tax),
      isClosed: cancelled && (kind === 'purchase_order' || kind === 'sales_order'),
    };
    if (location) item['location'] = ref(ctx, 'location', location.id, location.name);
    if (kind === 'purchase_order') {
      item['quantityReceived'] = n(settled ? l.quantity : '0');
      item['quantityBilled'] = n(settled ? l.quantity : '0');
    }
    if (kind === 'sales_order') {
      item['quantityFulfilled'] = n(settled ? l.quantity : '0');
      item['quantityBilled'] = n(settled ? l.quantity : '0');
    }
    out.push(item);
    if (toDecimal(l.discount) !== '0') {
      line++;
      out.push({
        links: [{ rel: 'self', href: `${selfBase}/item/${line}` }],
        line,
        item: ref(ctx, 'discountitem', DISCOUNT_ITEM.id, DISCOUNT_ITEM.refName),
        itemType: { id: 'Discount', refName: 'Discount' },
        description: 'Line discount',
        rate: n(neg(l.discount)),
        amount: n(neg(l.discount)),
        isClosed: false,
      });
    }
  }
  return { out, next: line };
}

function expenseLines(ctx: RenderContext, selfBase: string, lines: readonly SynthLine[], firstLine: number) {
  let line = firstLine;
  return lines
    .filter((l) => l.productId === null)
    .map((l) => {
      line++;
      return {
        links: [{ rel: 'self', href: `${selfBase}/expense/${line}` }],
        line,
        account: ref(ctx, 'account', EXPENSE_ACCOUNT_ID, l.description),
        memo: l.description,
        amount: n(l.total),
        taxRate1: n(mul(l.taxRate, '100')),
        tax1Amt: n(l.tax),
      };
    });
}

/** The record of a visible document as GET record/v1/{type}/{id} answers it. */
export function renderRecord(ctx: RenderContext, v: VisibleDocument, expand: boolean): Record<string, unknown> {
  const { doc, state } = v;
  const info = KINDS[doc.kind];
  const selfBase = `${ctx.recordBase}/${info.recordType}/${doc.id}`;
  const [letter, text] = statusOf(doc.kind, state.status);
  const currency = currencyRecord(doc.currency);
  const party = (info.partyType === 'customer' ? ctx.book.customers : ctx.book.vendors).find(
    (p) => p.id === doc.partyId,
  );
  const items = itemLines(ctx, v, selfBase, state.lines);
  const expenses = expenseLines(ctx, selfBase, state.lines, items.next);
  const sublist = (name: string, rows: unknown[]) =>
    expand
      ? { items: rows, links: [{ rel: 'self', href: `${selfBase}/${name}` }], totalResults: rows.length }
      : { links: [{ rel: 'self', href: `${selfBase}/${name}` }] };
  const location = ctx.book.locations[0];
  const rec: Record<string, unknown> = {
    links: [{ rel: 'self', href: expand ? `${selfBase}?expandSubResources=true` : selfBase }],
    id: doc.id,
    tranId: doc.number,
    transactionNumber: `${info.numberPrefix}${doc.number.replace(/\D/g, '').replace(/^0+(?=\d)/, '')}`,
    tranDate: doc.date,
    createdDate: recordTimestamp(Date.parse(doc.createdAt)),
    lastModifiedDate: recordTimestamp(v.lastModifiedMs),
    entity: ref(ctx, info.partyType, doc.partyId, party?.name ?? ''),
    status: { id: text, refName: text },
    currency: ref(ctx, 'currency', currency.id, currency.name),
    exchangeRate: 1,
    subsidiary: ref(ctx, 'subsidiary', '1', ctx.book.spec.legalName),
    customForm: { id: '-1', refName: `Standard ${info.recordType}` },
    // NetSuite's subtotal is after item-level discount lines (they are lines).
    subtotal: n(add(state.subtotal, neg(state.discountTotal))),
    taxTotal: n(state.taxTotal),
    total: n(state.total),
    item: sublist('item', items.out),
    // Free-form custom text fields carry locale-formatted dates (seen in the real record).
    custbody_report_timestamp: `${doc.date.slice(8, 10)}/${doc.date.slice(5, 7)}/${doc.date.slice(0, 4)} 9:0:0`,
  };
  if (location) rec['location'] = ref(ctx, 'location', location.id, location.name);
  if (doc.dueDate !== null) rec['dueDate'] = doc.dueDate;
  if (doc.kind === 'purchase_order' || doc.kind === 'sales_order') {
    rec['orderStatus'] = { id: letter, refName: letter };
    if (doc.kind === 'purchase_order') rec['expense'] = sublist('expense', expenses);
  }
  if (doc.kind === 'bill') rec['expense'] = sublist('expense', expenses);
  if (doc.kind === 'invoice' || doc.kind === 'bill') {
    const open = state.status === 'open';
    rec['amountRemaining'] = n(open ? state.total : '0');
    rec['amountPaid'] = n(state.status === 'paid' ? state.total : '0');
  }
  if (doc.kind === 'credit_note') {
    rec['unapplied'] = n(state.status === 'open' ? state.total : '0');
    rec['applied'] = n(state.status === 'paid' ? state.total : '0');
  }
  return rec;
}

/**
 * A record fault, applied to the rendered record. Schema drift (from the injector's driftFrom on)
 * renames `tranDate` to `transactionDate`, as a form customisation or release renaming a field
 * would; the others break a value the mappers need.
 */
export function applyRecordFault(rec: Record<string, unknown>, fault: RecordFault, currencyCode: string): void {
  switch (fault) {
    case 'schema_drift':
      rec['transactionDate'] = rec['tranDate'];
      delete rec['tranDate'];
      break;
    case 'malformed_wrong_type':
      // A bare id where a reference object belongs.
      rec['currency'] = currencyRecord(currencyCode).id;
      break;
    case 'malformed_decimal_comma': {
      const total = String(rec['total']).replace(NUM_MARK, '').replace('@@', '');
      rec['total'] = total.includes('.') ? total.replace('.', ',') : `${total},00`;
      break;
    }
    case 'malformed_missing_field':
      delete rec['total'];
      break;
  }
}
