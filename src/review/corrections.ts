import type { CanonicalRecord } from '../canonical/index.js';
import { InvalidInputError } from '../errors/index.js';
import type { Runtime } from '../pipeline/context.js';
import { type ReplayDiff, replay } from '../pipeline/replay.js';
import type { Actor, Correction } from '../ports/review-workflow.js';
import { createWorkflowHooks } from './hooks.js';
import { previewCorrection } from './overlays.js';

/**
 * An operator corrects one field of a canonical record. The correction is saved as an overlay
 * (who, when, why, the old value; audited in the same transaction), then the record's envelope is
 * replayed so the stored record shows it: the overlay is applied by the normalizer exactly as on
 * any later replay, and the raw payload is never touched.
 */

export interface CorrectionInput {
  readonly recordId: string;
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;
}

export interface CorrectionResult {
  readonly correction: Correction;
  readonly record: CanonicalRecord | null;
  readonly replay: ReplayDiff;
}

async function reapply(rt: Runtime, envelopeId: string, by: string): Promise<ReplayDiff> {
  const hooks = createWorkflowHooks(rt.store.workflow, { clock: rt.clock, drift: false });
  return replay(rt, { envelopeIds: [envelopeId] }, { dryRun: false, by, hooks });
}

export async function correctRecord(rt: Runtime, input: CorrectionInput, actor: Actor): Promise<CorrectionResult> {
  if (!input.reason.trim()) throw new InvalidInputError('LP_INPUT_CORRECTION', 'a correction needs a reason');
  const [record] = await rt.store.canonical.get([input.recordId]);
  if (!record) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no canonical record ${input.recordId}`);
  const { oldValue } = previewCorrection(record, input.field, input.value);
  const correction = await rt.store.workflow.corrections.add(
    {
      recordId: record.id,
      kind: record.kind,
      connectionId: record.source.connectionId,
      field: input.field,
      value: input.value,
      oldValue,
      reason: input.reason,
    },
    actor,
  );
  const diff = await reapply(rt, record.provenance.envelopeId, actor.by);
  const [after] = await rt.store.canonical.get([record.id]);
  return { correction, record: after ?? null, replay: diff };
}

export async function revertCorrection(rt: Runtime, id: string, actor: Actor): Promise<CorrectionResult> {
  const correction = await rt.store.workflow.corrections.revert(id, actor);
  if (!correction) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no active correction ${id}`);
  const [record] = await rt.store.canonical.get([correction.recordId]);
  if (!record) return { correction, record: null, replay: await reapplyNothing(rt, actor.by) };
  const diff = await reapply(rt, record.provenance.envelopeId, actor.by);
  const [after] = await rt.store.canonical.get([record.id]);
  return { correction, record: after ?? null, replay: diff };
}

function reapplyNothing(rt: Runtime, by: string): Promise<ReplayDiff> {
  return replay(rt, { envelopeIds: [] }, { dryRun: true, by });
}
