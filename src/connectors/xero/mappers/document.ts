import type { Bill, CanonicalRecord, Invoice } from '../../../canonical/index.js';
import { add, CanonicalRecord as CanonicalSchema, CurrencyCode, canonicalId, round } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { amount, optionalAmount } from './amounts.js';
import { calendarDateOf, updatedStampOf } from './document-dates.js';
import { asAmountTypes, discountTotalOf, mapLine } from './lines.js';
import type { XeroLineItem } from './schemas.js';
import { documentStatus } from './status.js';

/** The parts of an invoice or credit note the canonical document needs, named neutrally. */
export interface XeroDocumentInput {
  readonly kind: 'invoice' | 'bill';
  readonly documentType: 'invoice' | 'credit_note';
  readonly sourceId: string;
  readonly number: string | undefined;
  readonly contact: { readonly ContactID: string; readonly Name?: string | undefined };
  readonly date: string | undefined;
  readonly dateString: string | undefined;
  readonly dueDate: string | undefined;
  readonly dueDateString: string | undefined;
  readonly status: string;
  readonly lineAmountTypes: string | undefined;
  readonly lineItems: readonly XeroLineItem[] | undefined;
  readonly subTotal: number | string;
  readonly totalTax: number | string;
  readonly total: number | string;
  /** What is still owed (AmountDue, or RemainingCredit for credit notes). */
  readonly outstanding: number | string | undefined;
  /** What was already paid or credited against it. */
  readonly settled: string | null;
  readonly currencyCode: string | undefined;
  readonly updatedDateUtc: string;
}

/**
 * Builds a canonical invoice or bill. Totals: Xero's SubTotal is after line discounts and excludes
 * tax; the canonical subtotal is before discounts, so subtotal − discountTotal + taxTotal = total.
 */
export function mapDocument(input: XeroDocumentInput, ctx: MapContext): MapResult {
  const issueDate = calendarDateOf(input.dateString, input.date);
  if (!issueDate) return review('LP_INPUT_MAPPING', 'document has no readable Date or DateString', 'Date');
  const hasDue = input.dueDate !== undefined || input.dueDateString !== undefined;
  const dueDate = hasDue ? calendarDateOf(input.dueDateString, input.dueDate) : null;
  if (hasDue && !dueDate) return review('LP_INPUT_MAPPING', 'DueDate is not a readable date', 'DueDate');
  const stamp = updatedStampOf(input.updatedDateUtc);
  if (!stamp) return review('LP_INPUT_MAPPING', 'UpdatedDateUTC is not a /Date()/ value', 'UpdatedDateUTC');
  const currency = input.currencyCode ?? ctx.baseCurrency;
  if (!CurrencyCode.safeParse(currency).success) {
    return review('LP_INPUT_MAPPING', `CurrencyCode ${JSON.stringify(currency)} is not ISO 4217`, 'CurrencyCode');
  }
  const outstanding = optionalAmount(input.outstanding);
  const status = documentStatus(input.status, input.settled, outstanding);
  if (!status) return review('LP_INPUT_MAPPING', `unknown Status ${JSON.stringify(input.status)}`, 'Status');

  const amountTypes = asAmountTypes(input.lineAmountTypes);
  const lines = (input.lineItems ?? []).map((l, i) => mapLine(l, i, amountTypes));
  const discountTotal = discountTotalOf(lines);
  const subTotal = amount(input.subTotal);
  const record: Invoice | Bill = {
    kind: input.kind,
    id: canonicalId(input.kind, ctx.connectionId, input.sourceId),
    companyId: ctx.connectionId,
    source: {
      platform: ctx.platform,
      connectionId: ctx.connectionId,
      sourceId: input.sourceId,
      sourceUpdatedAt: stamp.sourceUpdatedAt,
      sourceOffset: stamp.sourceOffset,
    },
    provenance: provenanceOf(ctx),
    deleted: status === 'deleted',
    documentType: input.documentType,
    number: input.number || null,
    issueDate,
    dueDate,
    party: { sourceId: input.contact.ContactID, name: input.contact.Name ?? null },
    lines,
    currency,
    subtotal: round(add(subTotal, discountTotal), 2),
    discountTotal,
    taxTotal: round(amount(input.totalTax), 2),
    total: round(amount(input.total), 2),
    amountDue: outstanding === null ? null : round(outstanding, 2),
    status: { value: status, original: input.status },
  };
  return checked(record);
}

/** Every record leaves the mapper only if it passes its canonical schema; otherwise it goes to review. */
export function checked(...records: CanonicalRecord[]): MapResult {
  for (const r of records) {
    const parsed = CanonicalSchema.safeParse(r);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue ? issue.path.map(String).join('.') : undefined;
      return review('LP_INPUT_MAPPING', `canonical ${r.kind} invalid: ${issue?.message ?? 'unknown'}`, field);
    }
  }
  return { ok: records };
}
