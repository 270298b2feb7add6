import type { CanonicalRecord } from '../canonical/index.js';
import { CANONICAL_SCHEMAS } from '../canonical/index.js';
import { InvalidInputError } from '../errors/index.js';
import type { RecordOverlay } from '../pipeline/normalize.js';
import type { Correction } from '../ports/review-workflow.js';
import { getPath, parsePath, setPath } from './field-path.js';

/**
 * Corrections are overlays on canonical records: the normalizer applies them after mapping, so a
 * corrected value survives every replay, and the raw payload is never edited. A corrected record's
 * mapping version carries "+corrected"; the corrections themselves (who, when, why, old value)
 * are in the corrections table and the audit log.
 */
export const CORRECTED_SUFFIX = '+corrected';

/** Identity and lineage are not operator-editable: only the record's business fields are. */
const PROTECTED_ROOTS = new Set(['id', 'kind', 'companyId', 'source', 'provenance']);

export function correctionPath(field: string): string[] {
  const segments = parsePath(field);
  if (PROTECTED_ROOTS.has(segments[0] ?? '')) {
    throw new InvalidInputError(
      'LP_INPUT_CORRECTION',
      `"${segments[0]}" cannot be corrected (identity and provenance)`,
      {
        field,
      },
    );
  }
  return segments;
}

type OverlayValue = Pick<Correction, 'field' | 'value'>;

/** The record with the corrections applied (a copy), or the record itself when none apply. */
export function applyCorrections(record: CanonicalRecord, corrections: readonly OverlayValue[]): CanonicalRecord {
  if (corrections.length === 0) return record;
  const out = structuredClone(record) as CanonicalRecord;
  let changed = false;
  for (const c of corrections) {
    const path = correctionPath(c.field);
    if (getPath(out, path) === undefined) continue;
    changed = setPath(out, path, structuredClone(c.value)) || changed;
  }
  if (!changed) return record;
  const mv = out.provenance.mappingVersion;
  if (!mv.endsWith(CORRECTED_SUFFIX))
    out.provenance = { ...out.provenance, mappingVersion: `${mv}${CORRECTED_SUFFIX}` };
  return out;
}

/** Checks a correction against the record before it is saved: the field exists and the result is valid. */
export function previewCorrection(
  record: CanonicalRecord,
  field: string,
  value: unknown,
): { readonly oldValue: unknown; readonly corrected: CanonicalRecord } {
  const path = correctionPath(field);
  const oldValue = getPath(record, path);
  if (oldValue === undefined) {
    throw new InvalidInputError('LP_INPUT_CORRECTION', `record ${record.id} has no field "${field}"`, { field });
  }
  const corrected = applyCorrections(record, [{ field, value }]);
  const check = CANONICAL_SCHEMAS[corrected.kind].safeParse(corrected);
  if (!check.success) {
    const issue = check.error.issues[0];
    throw new InvalidInputError(
      'LP_INPUT_CORRECTION',
      `the corrected ${record.kind} is invalid at ${issue?.path.join('.')}: ${issue?.message}`,
      { field },
    );
  }
  return { oldValue, corrected };
}

/** The normalizer's overlay step over the active corrections (oldest first, so the newest wins). */
export function createOverlay(corrections: readonly Correction[]): RecordOverlay | undefined {
  const active = corrections.filter((c) => c.status === 'active');
  if (active.length === 0) return undefined;
  const byRecord = new Map<string, Correction[]>();
  for (const c of [...active].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const list = byRecord.get(c.recordId) ?? [];
    list.push(c);
    byRecord.set(c.recordId, list);
  }
  return (record) => {
    const list = byRecord.get(record.id);
    return list ? applyCorrections(record, list) : record;
  };
}
