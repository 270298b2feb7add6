import type { LineItem } from '../../../canonical/index.js';
import { add, parseInstant, sub } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { abs, amount, optionalAmount } from './amounts.js';
import { currencyCodeOf } from './currency.js';
import { mapLines } from './lines.js';
import { parsePayload } from './parse-payload.js';
import type { TransactionRecord } from './schemas.js';
import { TransactionRecord as TransactionRecordSchema } from './schemas.js';

/** What every transaction mapper reads the same way from a record. */
export interface TransactionHeader {
  readonly rec: TransactionRecord;
  readonly currency: string;
  readonly subtotal: string;
  readonly discountTotal: string;
  readonly taxTotal: string;
  readonly total: string;
  readonly lines: LineItem[];
  readonly statusValue: string;
  readonly updatedAt: { readonly utc: string; readonly offset: string };
}

/**
 * Parses a transaction record and its totals. Canonical subtotal is the lines before discounts
 * (NetSuite's own `subtotal` is after item-level discount lines); discounts are positive; tax is
 * the header `taxTotal` when present, else the sum of line tax.
 */
export function readTransaction(raw: unknown): { readonly header: TransactionHeader } | { readonly failed: MapResult } {
  const parsed = parsePayload(raw, TransactionRecordSchema);
  if ('failed' in parsed) return parsed;
  const rec = parsed.value;
  const currency = currencyCodeOf(rec.currency.refName);
  if (currency === null) {
    return {
      failed: review('LP_INPUT_MAPPING', `unknown currency name ${JSON.stringify(rec.currency.refName)}`, 'currency'),
    };
  }
  let total: string;
  let headerTax: string | null;
  let headerDiscount: string | null;
  try {
    total = amount(rec.total);
    headerTax = optionalAmount(rec.taxTotal);
    headerDiscount = optionalAmount(rec.discountTotal);
  } catch {
    return { failed: review('LP_INPUT_SCHEMA', 'a header amount is not a number', 'total') };
  }
  const mapped = mapLines(rec.item?.items ?? [], rec.expense?.items ?? []);
  if ('bad' in mapped) return { failed: review('LP_INPUT_SCHEMA', `unreadable number on ${mapped.bad}`, mapped.bad) };
  const statusValue = rec.status?.refName ?? rec.status?.id;
  if (statusValue === undefined) return { failed: review('LP_INPUT_SCHEMA', 'status: Required', 'status') };

  const taxTotal = headerTax ?? mapped.tax;
  // A header discount is written negative (it reduces the total); canonical discounts are positive.
  const discountTotal = add(mapped.discounts, headerDiscount === null ? '0' : abs(headerDiscount));
  // Without expanded lines (a record read without expandSubResources) the header must do.
  const subtotal = mapped.lines.length > 0 ? mapped.gross : add(sub(total, taxTotal), discountTotal);
  return {
    header: {
      rec,
      currency,
      subtotal,
      discountTotal,
      taxTotal,
      total,
      lines: mapped.lines,
      statusValue,
      updatedAt: parseInstant(rec.lastModifiedDate),
    },
  };
}

/** The `base` fields of a canonical record made from a transaction. */
export function baseFields(h: TransactionHeader, ctx: MapContext) {
  return {
    companyId: ctx.connectionId,
    source: {
      platform: ctx.platform,
      connectionId: ctx.connectionId,
      sourceId: h.rec.id,
      sourceUpdatedAt: h.updatedAt.utc,
      sourceOffset: h.updatedAt.offset,
    },
    provenance: provenanceOf(ctx),
    deleted: false,
  };
}

export function totalsOf(h: TransactionHeader) {
  return {
    lines: h.lines,
    currency: h.currency,
    subtotal: h.subtotal,
    discountTotal: h.discountTotal,
    taxTotal: h.taxTotal,
    total: h.total,
  };
}
