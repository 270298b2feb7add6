import { toInstant } from './calendar.js';
import type { DocDraft, EventDraft } from './documents.js';
import { formatCents, type LineDraft, toSynthLine, totalsOf } from './lines.js';
import type { MasterData } from './master-data.js';
import type { ApiPlatform, CompanySpec, SynthDocument, SynthEvent, SynthKind, SynthLine } from './types.js';

/** Document numbers in each platform's customary style, one sequence per kind. */
const NUMBER_STYLE: Record<ApiPlatform, Partial<Record<SynthKind, readonly [string, number, number]>>> = {
  // [prefix, offset, zero-padded width]
  shopify: { sales_order: ['#', 1000, 0] },
  quickbooks: {
    invoice: ['', 1000, 0],
    credit_note: ['CM', 1000, 0],
    bill: ['B', 1000, 0],
    purchase_order: ['', 1000, 0],
  },
  xero: { invoice: ['INV-', 0, 4], credit_note: ['CN-', 0, 4], bill: ['BILL-', 0, 4], purchase_order: ['PO-', 0, 4] },
  netsuite: { invoice: ['INV', 0, 5], sales_order: ['SO', 0, 5], bill: ['VB', 0, 5], purchase_order: ['PO', 0, 5] },
};

export function documentNumber(platform: ApiPlatform, kind: SynthKind, n: number): string {
  const [prefix, offset, width] = NUMBER_STYLE[platform][kind] ?? [`${kind.toUpperCase()}-`, 0, 4];
  return `${prefix}${String(offset + n).padStart(width, '0')}`;
}

/** Line ids are the document id followed by a two-digit line sequence, so unique within a company. */
function finishLines(lines: readonly LineDraft[], docId: string, master: MasterData): SynthLine[] {
  return lines.map((line) => {
    const productId = line.productIndex === null ? null : (master.products[line.productIndex]?.id ?? null);
    return toSynthLine(line, `${docId}${String(line.seq).padStart(2, '0')}`, productId);
  });
}

function finishEvent(event: EventDraft, docId: string, master: MasterData): SynthEvent {
  const out: SynthEvent = { at: toInstant(event.atMs), type: event.type };
  if (event.amountCents !== undefined) out.amount = formatCents(event.amountCents);
  if (event.lines) out.lines = finishLines(event.lines, docId, master);
  return out;
}

export function finishDocument(
  draft: DocDraft,
  master: MasterData,
  id: string,
  serial: number,
  spec: CompanySpec,
): SynthDocument {
  const totals = totalsOf(draft.lines);
  const party = draft.kind === 'bill' || draft.kind === 'purchase_order' ? master.vendors : master.customers;
  const partyId = party[draft.partyIndex]?.id;
  if (partyId === undefined) throw new RangeError(`no party ${draft.partyIndex} for ${draft.kind}`);
  return {
    id,
    kind: draft.kind,
    number: documentNumber(spec.platform, draft.kind, serial),
    partyId,
    date: draft.date,
    dueDate: draft.dueDate,
    currency: spec.currency,
    lines: finishLines(draft.lines, id, master),
    subtotal: formatCents(totals.subtotal),
    discountTotal: formatCents(totals.discount),
    taxTotal: formatCents(totals.tax),
    total: formatCents(totals.total),
    createdAt: toInstant(draft.createdMs),
    events: draft.events.map((e) => finishEvent(e, id, master)),
  };
}
