import type { CanonicalRecord } from '../../../canonical/index.js';
import type { AbsenceSweep } from '../../../ports/canonical-store.js';

const DIGITS = /^\d+$/;

/** a < b, a = b or a > b for unsigned decimal integers of any length (no leading zeros assumed). */
function compareIds(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Is a source id inside the sweep page's id range (after, upTo]? Non-decimal ids never are. */
export function inSweepRange(sourceId: string, sweep: Pick<AbsenceSweep, 'after' | 'upTo'>): boolean {
  if (!DIGITS.test(sourceId)) return false;
  if (sweep.after !== null && compareIds(sourceId, sweep.after) <= 0) return false;
  if (sweep.upTo !== null && compareIds(sourceId, sweep.upTo) > 0) return false;
  return true;
}

/** The record as the sweep leaves it: deleted at the sweep's time, with the sweep page as provenance. */
export function deletedBySweep(record: CanonicalRecord, sweep: AbsenceSweep): CanonicalRecord {
  const marked = {
    ...record,
    deleted: true,
    source: { ...record.source, sourceUpdatedAt: sweep.asOf },
    provenance: { ...record.provenance, envelopeId: sweep.envelopeId, mappingVersion: sweep.mappingVersion },
  };
  // Every kind with a status has `deleted` among its values; parties and inventory levels have none.
  if ('status' in marked && marked.status) {
    return { ...marked, status: { value: 'deleted', original: 'absent from id sweep' } } as CanonicalRecord;
  }
  return marked;
}
