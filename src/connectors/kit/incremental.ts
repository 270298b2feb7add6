import { ContractViolationError } from '../../errors/index.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The lower bound to ask the source for on an incremental read: the stored cursor minus an overlap
 * window, because sources stamp `updated_at` with coarse precision and commit out of order. The
 * records read twice are harmless (envelope ids are deterministic). Null (first sync) stays null.
 */
export function withOverlap(cursorIso: string | null, overlapMs: number): string | null {
  if (cursorIso === null) return null;
  // Date.parse alone accepts odd text ("page-2"); a cursor must look like ISO 8601 first.
  const ms = ISO_INSTANT.test(cursorIso) ? Date.parse(cursorIso) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ContractViolationError(
      'LP_CONTRACT_CURSOR',
      `stored cursor is not an instant: ${JSON.stringify(cursorIso)}`,
      {
        cursor: cursorIso,
      },
    );
  }
  return new Date(ms - overlapMs).toISOString();
}

/** The later of two ISO instants (either may be null); used to advance a cursor monotonically. */
export function laterInstant(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
