import type { Bill, Invoice } from '../../../canonical/index.js';
import { canonicalId, round } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { dec, mapLines } from './lines.js';
import type { QboBill, QboCreditMemo, QboInvoice } from './schemas.js';
import { sourceOf } from './source.js';
import { isVoided, paymentStatus } from './status.js';

type Payload = QboInvoice | QboCreditMemo | QboBill;

/**
 * Invoice, CreditMemo and Bill share one canonical document shape. Amounts are in the transaction
 * currency (`CurrencyRef`, or the home currency when multicurrency is off); `total` is `TotalAmt`,
 * `amountDue` the open `Balance`. Credit memos keep positive amounts with documentType credit_note.
 */
export function mapDocument(
  doc: Payload,
  ctx: MapContext,
  kind: 'invoice' | 'bill',
  documentType: 'invoice' | 'credit_note',
  partyRef: { readonly value: string; readonly name?: string | undefined },
  deletedInSource: boolean,
): MapResult {
  const source = sourceOf(ctx, doc.Id, doc.MetaData?.LastUpdatedTime, doc.TxnDate);
  if ('error' in source) return review('LP_INPUT_SCHEMA', source.error, 'MetaData.LastUpdatedTime');
  const taxTotal = round(dec(doc.TxnTaxDetail?.TotalTax), 2);
  const mapped = mapLines(doc.Line, taxTotal);
  if ('error' in mapped) return review('LP_INPUT_MAPPING', mapped.error, 'Line');
  const total = round(dec(doc.TotalAmt), 2);
  const balance = doc.Balance === undefined ? null : round(dec(doc.Balance), 2);
  const voided = isVoided(doc);
  let status: Invoice['status'];
  if (deletedInSource) status = { value: 'deleted', original: 'Deleted' };
  else if (voided) status = { value: 'void', original: 'Voided' };
  else status = { value: paymentStatus(total, balance), original: `Balance=${balance ?? 'none'}` };
  const record: Invoice | Bill = {
    id: canonicalId(kind, ctx.connectionId, doc.Id),
    kind,
    companyId: ctx.connectionId,
    source,
    provenance: provenanceOf(ctx),
    deleted: deletedInSource,
    documentType,
    number: doc.DocNumber?.trim() ? doc.DocNumber : null,
    issueDate: doc.TxnDate,
    dueDate: doc.DueDate ?? null,
    party: { sourceId: partyRef.value, name: partyRef.name ?? null },
    lines: mapped.lines,
    currency: doc.CurrencyRef?.value ?? ctx.baseCurrency,
    subtotal: mapped.subtotal,
    discountTotal: mapped.discountTotal,
    taxTotal,
    total,
    // A void leaves nothing to collect; QBO zeroes the balance too.
    amountDue: voided ? '0.00' : balance,
    status,
  };
  return { ok: [record] };
}
