import type { CanonicalRecord, Invoice } from '../../../../canonical/index.js';
import { add, canonicalId, sub, sum } from '../../../../canonical/index.js';
import type { MapContext } from '../../../kit/mapper.js';
import { provenanceOf } from '../../../kit/mapper.js';
import { problem } from '../../guarded-mapper.js';
import { atLeastCents } from '../../money-text.js';
import { partyRecord } from '../../party.js';
import { addDays } from '../../zoned-time.js';
import { adjustmentsOf, chargeLines, lineFromLoop, taxOf } from '../amounts.js';
import type { X12Document } from '../document.js';
import { loopsOf, partiesOf, pickParty } from '../document.js';
import type { X12Segment } from '../tokenizer.js';
import { elTrim } from '../tokenizer.js';
import { x12Date, x12Implied } from '../values.js';
import { checkCtt, currencyOf, stampOf } from './common.js';

/** Bill-to, buyer, then ship-to: the customer of an invoice the company sent. */
const CUSTOMER_CODES = ['BT', 'BY', 'ST'] as const;

/** ITD06 (net due date), or ITD07 net days when ITD02 says they count from the invoice date. */
function dueDateOf(segments: readonly X12Segment[], issueDate: string): string | null {
  const itd = segments.find((s) => s.id === 'ITD');
  if (!itd) return null;
  if (elTrim(itd, 6)) return x12Date(elTrim(itd, 6), 'ITD06');
  const days = elTrim(itd, 7);
  if (elTrim(itd, 2) === '3' && /^\d+$/.test(days)) return addDays(issueDate, Number(days));
  return null;
}

/** X12 810 (invoice) to a canonical Invoice, plus the customer as a Party when it carries an id. */
export function mapX12Invoice(doc: X12Document, ctx: MapContext): CanonicalRecord[] {
  const big = doc.body.find((s) => s.id === 'BIG');
  if (!big) throw problem('LP_INPUT_SCHEMA', 'no BIG (beginning of invoice) segment', 'BIG');
  const issueDate = x12Date(elTrim(big, 1), 'BIG01');
  const number = elTrim(big, 2);
  if (!number) throw problem('LP_INPUT_SCHEMA', 'BIG02 (invoice number) is empty', 'BIG02');
  const { before, loops, after } = loopsOf(doc.body, 'IT1', new Set(['TDS', 'CTT', 'SE']));
  const docLevel = [...before, ...after];
  const tds = doc.body.find((s) => s.id === 'TDS');
  if (!tds || !elTrim(tds, 1)) throw problem('LP_INPUT_SCHEMA', 'no TDS01 (total invoice amount)', 'TDS01');
  const total = x12Implied(elTrim(tds, 1), 2, 'TDS01');

  const itemLines = loops.map((loop, i) => lineFromLoop(loop, i));
  const itemsTotal = sum(itemLines.map((l) => l.total));
  const adjustments = adjustmentsOf(docLevel, itemsTotal, 'summary');
  const lines = [...itemLines, ...chargeLines(adjustments, itemLines.length + 1)];
  const cttProblem = checkCtt(
    doc.body,
    itemLines.map((l) => l.quantity),
  );
  if (cttProblem) throw problem('LP_INPUT_CONTROL_MISMATCH', cttProblem, 'CTT');

  const docAllowances = sum(adjustments.filter((a) => a.kind === 'allowance').map((a) => a.amount));
  // Subtotal is after every allowance; discountTotal adds up line and summary allowances.
  const subtotal = sub(sum(lines.map((l) => l.total)), docAllowances);
  const discountTotal = add(docAllowances, ...itemLines.map((l) => l.discount));
  // Summary TXI is the invoice's tax when present; otherwise the line TXIs add up to it.
  const hasSummaryTax = docLevel.some((s) => s.id === 'TXI');
  const taxTotal = hasSummaryTax ? taxOf(docLevel, subtotal, 'summary') : sum(lines.map((l) => l.tax));

  const parties = partiesOf(before);
  const customer = pickParty(parties, CUSTOMER_CODES);
  const purpose = elTrim(big, 8);
  const documentType = elTrim(big, 7) === 'CR' ? 'credit_note' : 'invoice';
  // Credit memos have their own number series; the prefix keeps them from replacing an invoice.
  const sourceId = documentType === 'credit_note' ? `credit_note:${number}` : number;
  const sourceUpdatedAt = stampOf(doc, issueDate, ctx);
  const invoice: Invoice = {
    kind: 'invoice',
    id: canonicalId('invoice', ctx.connectionId, sourceId),
    companyId: ctx.connectionId,
    source: {
      platform: 'files',
      connectionId: ctx.connectionId,
      sourceId,
      sourceUpdatedAt,
    },
    provenance: provenanceOf(ctx),
    deleted: false,
    documentType,
    number,
    issueDate,
    dueDate: dueDateOf(before, issueDate),
    party: { sourceId: customer?.sourceId ?? null, name: customer?.name ?? null },
    lines,
    currency: currencyOf(before, ctx),
    subtotal: atLeastCents(subtotal),
    discountTotal: atLeastCents(discountTotal),
    taxTotal: atLeastCents(taxTotal),
    total,
    amountDue: null,
    status: { value: purpose === '01' ? 'void' : 'open', original: purpose },
  };
  const records: CanonicalRecord[] = [invoice];
  if (customer?.sourceId && customer.name) {
    records.push(
      partyRecord(ctx, {
        sourceId: customer.sourceId,
        name: customer.name,
        role: 'customer',
        email: null,
        country: customer.country,
        currency: null,
        sourceUpdatedAt,
      }),
    );
  }
  return records;
}
