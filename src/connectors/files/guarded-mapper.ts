import type { CanonicalRecord } from '../../canonical/index.js';
import { CanonicalRecord as CanonicalRecordSchema } from '../../canonical/index.js';
import { InvalidInputError, isLedgerpulseError } from '../../errors/index.js';
import type { MapContext, Mapper } from '../kit/mapper.js';
import { review } from '../kit/mapper.js';

/** Mutable label of the document being mapped, so every review message names it. */
export interface DocumentLabel {
  text: string;
}

/** A bad-data finding inside a mapper: becomes a review reason, never escapes the mapper. */
export function problem(code: string, message: string, field?: string): InvalidInputError {
  return new InvalidInputError(code, message, field === undefined ? {} : { field });
}

/**
 * Wraps a file mapper so it never throws: a thrown InvalidInputError becomes a review reason
 * prefixed with the document's label, anything else becomes LP_INPUT_MAPPING, and every record
 * is checked against the canonical schema before it leaves.
 */
export function guardedMapper(
  initialLabel: string,
  map: (raw: unknown, ctx: MapContext, label: DocumentLabel) => readonly CanonicalRecord[],
): Mapper {
  return (raw, ctx) => {
    const label: DocumentLabel = { text: initialLabel };
    try {
      const records = map(raw, ctx, label);
      for (const r of records) {
        const parsed = CanonicalRecordSchema.safeParse(r);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue ? issue.path.join('.') : undefined;
          return review(
            'LP_INPUT_SCHEMA',
            `${label.text}: ${r.kind} failed the canonical schema: ${issue?.message ?? 'invalid'}`,
            field,
          );
        }
      }
      return { ok: records };
    } catch (e) {
      if (isLedgerpulseError(e)) {
        const { field: rawField } = e.context;
        const field = typeof rawField === 'string' ? rawField : undefined;
        return review(e.code, `${label.text}: ${e.message}`, field);
      }
      const message = e instanceof Error ? e.message : String(e);
      return review('LP_INPUT_MAPPING', `${label.text}: ${message}`);
    }
  };
}
