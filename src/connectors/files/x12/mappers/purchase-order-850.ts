import type { CanonicalRecord, PurchaseOrder } from '../../../../canonical/index.js';
import { add, canonicalId, sub, sum } from '../../../../canonical/index.js';
import type { MapContext } from '../../../kit/mapper.js';
import { provenanceOf } from '../../../kit/mapper.js';
import { problem } from '../../guarded-mapper.js';
import { atLeastCents } from '../../money-text.js';
import { partyRecord } from '../../party.js';
import { adjustmentsOf, chargeLines, lineFromLoop, taxOf } from '../amounts.js';
import type { X12Document } from '../document.js';
import { loopsOf, partiesOf, pickParty } from '../document.js';
import type { X12Segment } from '../tokenizer.js';
import { elTrim } from '../tokenizer.js';
import { x12Date, x12Real } from '../values.js';
import { checkCtt, currencyOf, stampOf } from './common.js';

/** Selling party, vendor, supplier, then ship-from: who the company ordered from. */
const VENDOR_CODES = ['SE', 'VN', 'SU', 'SF'] as const;

/** DTM*002 (delivery requested): the header's, else the earliest a line asks for. */
function expectedDateOf(header: readonly X12Segment[], lineMembers: readonly X12Segment[]): string | null {
  const pick = (segs: readonly X12Segment[]) =>
    segs
      .filter((s) => s.id === 'DTM' && elTrim(s, 1) === '002' && elTrim(s, 2))
      .map((s) => x12Date(elTrim(s, 2), 'DTM02'))
      .sort();
  return pick(header)[0] ?? pick(lineMembers)[0] ?? null;
}

/** X12 850 (purchase order) to a canonical PurchaseOrder, plus the vendor as a Party when it carries an id. */
export function mapX12PurchaseOrder(doc: X12Document, ctx: MapContext): CanonicalRecord[] {
  const beg = doc.body.find((s) => s.id === 'BEG');
  if (!beg) throw problem('LP_INPUT_SCHEMA', 'no BEG (beginning of purchase order) segment', 'BEG');
  const number = elTrim(beg, 3);
  if (!number) throw problem('LP_INPUT_SCHEMA', 'BEG03 (purchase order number) is empty', 'BEG03');
  const issueDate = x12Date(elTrim(beg, 5), 'BEG05');
  const { before, loops, after } = loopsOf(doc.body, 'PO1', new Set(['CTT', 'SE']));
  const docLevel = [...before, ...after];

  const itemLines = loops.map((loop, i) => lineFromLoop(loop, i));
  const cttProblem = checkCtt(
    after,
    itemLines.map((l) => l.quantity),
  );
  if (cttProblem) throw problem('LP_INPUT_CONTROL_MISMATCH', cttProblem, 'CTT');
  const adjustments = adjustmentsOf(docLevel, sum(itemLines.map((l) => l.total)), 'header');
  const lines = [...itemLines, ...chargeLines(adjustments, itemLines.length + 1)];
  const docAllowances = sum(adjustments.filter((a) => a.kind === 'allowance').map((a) => a.amount));
  const subtotal = sub(sum(lines.map((l) => l.total)), docAllowances);
  const discountTotal = add(docAllowances, ...itemLines.map((l) => l.discount));
  const hasDocTax = docLevel.some((s) => s.id === 'TXI');
  const taxTotal = hasDocTax ? taxOf(docLevel, subtotal, 'header') : sum(lines.map((l) => l.tax));
  // AMT*TT is the order total as the buyer printed it (R: explicit decimal).
  const amtTotal = docLevel.find((s) => s.id === 'AMT' && elTrim(s, 1) === 'TT' && elTrim(s, 2));
  const total = amtTotal ? x12Real(elTrim(amtTotal, 2), 'AMT02') : add(subtotal, taxTotal);

  const vendor = pickParty(partiesOf(before), VENDOR_CODES);
  const purpose = elTrim(beg, 1);
  const sourceUpdatedAt = stampOf(doc, issueDate, ctx);
  const order: PurchaseOrder = {
    kind: 'purchase_order',
    id: canonicalId('purchase_order', ctx.connectionId, number),
    companyId: ctx.connectionId,
    source: { platform: 'files', connectionId: ctx.connectionId, sourceId: number, sourceUpdatedAt },
    provenance: provenanceOf(ctx),
    deleted: false,
    number,
    issueDate,
    expectedDate: expectedDateOf(
      before,
      loops.flatMap((l) => l.members),
    ),
    vendor: { sourceId: vendor?.sourceId ?? null, name: vendor?.name ?? null },
    lines,
    currency: currencyOf(before, ctx),
    subtotal: atLeastCents(subtotal),
    discountTotal: atLeastCents(discountTotal),
    taxTotal: atLeastCents(taxTotal),
    total: atLeastCents(total),
    // BEG01 is the transaction set purpose: 01 cancels the order.
    status: { value: purpose === '01' ? 'cancelled' : 'open', original: purpose },
  };
  const records: CanonicalRecord[] = [order];
  if (vendor?.sourceId && vendor.name) {
    records.push(
      partyRecord(ctx, {
        sourceId: vendor.sourceId,
        name: vendor.name,
        role: 'vendor',
        email: null,
        country: vendor.country,
        currency: null,
        sourceUpdatedAt,
      }),
    );
  }
  return records;
}
