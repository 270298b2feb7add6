import type { CanonicalRecord, RawEnvelope } from '../canonical/index.js';
import { InvalidInputError } from '../errors/index.js';
import type { ReviewFilter, ReviewGroup, ReviewItem, ReviewStatus } from '../ports/review-store.js';
import type { Actor, Correction } from '../ports/review-workflow.js';
import type { Store } from '../ports/store.js';

/**
 * The review queue as operators use it: items beside their raw envelope, grouped by kind, and
 * resolved or ignored one at a time or a whole group at once. Every status change is audited.
 */

export interface ReviewItemView {
  readonly item: ReviewItem;
  /** The raw envelope as received (payload untouched), when the item names one. */
  readonly envelope: RawEnvelope | null;
  /** The canonical records that envelope produced, as stored now. */
  readonly records: CanonicalRecord[];
  readonly corrections: Correction[];
}

/** A group of the same kind of problem (reason + platform + object + field). */
export interface ReviewGroupKey {
  readonly reason: string;
  readonly platform: string;
  readonly object?: string | null;
  readonly field?: string | null;
}

type WorkflowStore = Pick<Store, 'raw' | 'canonical' | 'review' | 'workflow'>;

export async function showReviewItem(store: WorkflowStore, id: string): Promise<ReviewItemView> {
  const [item] = await store.review.list({ ids: [id] });
  if (!item) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no review item ${id}`, { id });
  const [envelope] = item.envelopeId ? await store.raw.get([item.envelopeId]) : [];
  const produced = item.envelopeId ? await store.workflow.recordsFrom([item.envelopeId]) : [];
  const records = await store.canonical.get(produced.map((p) => p.id));
  const corrections = (
    await Promise.all(records.map((r) => store.workflow.corrections.list({ recordId: r.id })))
  ).flat();
  return { item, envelope: envelope ?? null, records, corrections };
}

export async function listReviewItems(
  store: WorkflowStore,
  filter: ReviewFilter & ReviewGroupKeyFilter,
): Promise<ReviewItem[]> {
  const { object, field, ...rest } = filter;
  const items = await store.review.list(rest);
  return items.filter(
    (i) => (object === undefined || i.object === object) && (field === undefined || i.field === field),
  );
}

interface ReviewGroupKeyFilter {
  readonly object?: string | null;
  readonly field?: string | null;
}

export function reviewGroups(store: WorkflowStore, status?: ReviewStatus): Promise<ReviewGroup[]> {
  return store.review.groups(status);
}

const ACTION: Record<ReviewStatus, string> = {
  open: 'review.reopen',
  resolved: 'review.resolve',
  ignored: 'review.ignore',
};

/** Sets the status of the named items, or of every item of a group (open ones when resolving or ignoring). */
export async function setReviewStatus(
  store: WorkflowStore,
  target: { readonly ids?: readonly string[]; readonly group?: ReviewGroupKey },
  status: ReviewStatus,
  note: string | null,
  actor: Actor,
): Promise<{ readonly updated: number; readonly ids: string[] }> {
  let ids = [...(target.ids ?? [])];
  if (target.group) {
    const g = target.group;
    const items = await listReviewItems(store, {
      reason: g.reason,
      platform: g.platform,
      ...(g.object !== undefined ? { object: g.object } : {}),
      ...(g.field !== undefined ? { field: g.field } : {}),
      ...(status === 'open' ? {} : { status: 'open' as const }),
      limit: 1_000_000,
    });
    ids.push(...items.map((i) => i.id));
  }
  ids = [...new Set(ids)];
  if (ids.length === 0) return { updated: 0, ids };
  const known = new Set((await store.review.list({ ids, limit: ids.length })).map((i) => i.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no review item ${missing.join(', ')}`);
  const updated = await store.review.setStatus(ids, status, actor.by, note, actor.at);
  await store.workflow.audit.append(
    ids.map((id) => ({ at: actor.at, actor: actor.by, action: ACTION[status], target: id, detail: { note } })),
  );
  return { updated, ids };
}
