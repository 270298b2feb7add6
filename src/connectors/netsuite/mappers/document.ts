import type { Bill, Invoice } from '../../../canonical/index.js';
import { canonicalId } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { review } from '../../kit/mapper.js';
import { optionalAmount } from './amounts.js';
import { baseFields, readTransaction, totalsOf } from './header.js';
import type { DocumentFamily } from './status.js';
import { documentStatus } from './status.js';

/**
 * Invoice, credit memo and vendor bill records (GET record/v1/{type}/{id}?expandSubResources=true).
 * What is still owed is `amountRemaining` (invoices, bills) or `unapplied` (credit memos).
 */
export function mapDocumentRecord(raw: unknown, ctx: MapContext, family: DocumentFamily): MapResult {
  const read = readTransaction(raw);
  if ('failed' in read) return read.failed;
  const h = read.header;
  let remaining: string | null;
  try {
    remaining = optionalAmount(family === 'credit_memo' ? h.rec.unapplied : h.rec.amountRemaining);
  } catch {
    return review('LP_INPUT_SCHEMA', 'amountRemaining is not a number', 'amountRemaining');
  }
  const status = documentStatus(family, h.statusValue, h.total, remaining);
  if (status === null) {
    return review('LP_INPUT_MAPPING', `unknown ${family} status ${JSON.stringify(h.statusValue)}`, 'status');
  }
  const kind = family === 'bill' ? 'bill' : 'invoice';
  const record = {
    ...baseFields(h, ctx),
    id: canonicalId(kind, ctx.connectionId, h.rec.id),
    kind,
    documentType: family === 'credit_memo' ? 'credit_note' : 'invoice',
    number: h.rec.tranId ?? null,
    issueDate: h.rec.tranDate,
    dueDate: h.rec.dueDate ?? null,
    party: { sourceId: h.rec.entity?.id ?? null, name: h.rec.entity?.refName ?? null },
    ...totalsOf(h),
    amountDue: remaining,
    status: { value: status, original: h.statusValue },
  } satisfies Invoice | Bill;
  return { ok: [record] };
}
