import { cmp, sum } from '../../../../canonical/index.js';
import type { MapContext } from '../../../kit/mapper.js';
import { zonedToUtc } from '../../zoned-time.js';
import type { X12Document } from '../document.js';
import type { X12Segment } from '../tokenizer.js';
import { elTrim } from '../tokenizer.js';

/** CUR02 when a CUR segment names the currency; otherwise the company's base currency. */
export function currencyOf(header: readonly X12Segment[], ctx: MapContext): string {
  const cur = header.find((s) => s.id === 'CUR' && /^[A-Z]{3}$/.test(elTrim(s, 2)));
  return cur ? elTrim(cur, 2) : ctx.baseCurrency;
}

/**
 * When the sender built the functional group (GS04 date, GS05 time), read in the company's zone
 * because X12 writes no offset; the issue date when there is no GS. Newer group, newer version.
 */
export function stampOf(doc: X12Document, issueDate: string, ctx: MapContext): string {
  return zonedToUtc(doc.groupDate ?? issueDate, doc.groupDate ? doc.groupTime : null, ctx.timeZone);
}

/** Line count in CTT01 (and the quantity hash total in CTT02 when given) must match the lines. */
export function checkCtt(segments: readonly X12Segment[], quantities: readonly string[]): string | null {
  const lineCount = quantities.length;
  const ctt = segments.find((s) => s.id === 'CTT');
  if (!ctt) return null;
  const count = elTrim(ctt, 1);
  if (count !== String(lineCount)) return `CTT01 says ${JSON.stringify(count)} line items but there are ${lineCount}`;
  const hash = elTrim(ctt, 2);
  if (hash && /^-?\d+(\.\d+)?$/.test(hash) && cmp(hash, sum(quantities)) !== 0) {
    return `CTT02 hash total ${hash} does not equal the sum of line quantities ${sum(quantities)}`;
  }
  return null;
}
