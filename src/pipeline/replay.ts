import type { CanonicalRecord, RawEnvelope } from '../canonical/index.js';
import { InvalidInputError } from '../errors/index.js';
import type { RawFilter } from '../ports/raw-store.js';
import type { NewReviewItem, ReviewItem, ReviewStatus } from '../ports/review-store.js';
import { isoNow, type Runtime } from './context.js';
import { type BatchHooks, type NormalizeEnv, normalizeEnvelopes, withHooks } from './normalize.js';
import { normalizeEnvFor } from './normalizer.js';

/**
 * Replay: re-run the normalizer over the raw store for a selection, with the current mapping
 * version (connector code + mapping rules + correction overlays), never contacting the source.
 * A dry run returns the diff of what would change; applying writes exactly that diff: added and
 * changed records are upserted, records the envelope no longer produces are withdrawn to review,
 * new review items are opened and the open items of envelopes that now map cleanly are resolved.
 * With an unchanged mapping version the diff is empty, and applying twice changes nothing more.
 */

export interface ReplaySelection {
  readonly envelopeIds?: readonly string[];
  /** The envelopes of these review items. */
  readonly reviewItemIds?: readonly string[];
  /** The envelopes of review items with this reason (and `reviewStatus`, default open). */
  readonly reviewReason?: string;
  readonly reviewStatus?: ReviewStatus;
  /** The envelopes a drift alert affects. */
  readonly driftAlertId?: string;
  readonly connectionId?: string;
  readonly platform?: string;
  readonly object?: string;
  readonly fetchedFrom?: string;
  readonly fetchedTo?: string;
  /** The sync run (batch) that fetched the envelopes. */
  readonly runId?: string;
  /** Every envelope in the raw store (must be said explicitly). */
  readonly all?: boolean;
}

export interface FieldChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface RecordSummary {
  readonly id: string;
  readonly kind: string;
  readonly envelopeId: string;
  readonly mappingVersion: string;
}

export interface RecordChange extends RecordSummary {
  readonly fields: readonly FieldChange[];
}

export interface RecordRemoval {
  readonly id: string;
  readonly envelopeId: string;
  readonly reason: string;
  readonly message: string;
}

export interface ReviewSummary {
  readonly id?: string;
  readonly reason: string;
  readonly envelopeId: string | null;
  readonly field: string | null;
  readonly message: string;
}

export interface ReplayDiff {
  readonly dryRun: boolean;
  readonly envelopes: number;
  readonly added: RecordSummary[];
  readonly changed: RecordChange[];
  readonly removed: RecordRemoval[];
  readonly unchanged: number;
  /** Records a newer source version of which is stored (the version guard keeps it). */
  readonly superseded: number;
  readonly reviews: { readonly opened: ReviewSummary[]; readonly resolved: ReviewSummary[] };
  /** Counts stay exact; the lists stop at `maxDetails` entries each. */
  readonly counts: { added: number; changed: number; removed: number; opened: number; resolved: number };
  readonly truncated: boolean;
}

export interface ReplayOptions {
  readonly dryRun: boolean;
  /** Who runs it (audit log, review resolution). */
  readonly by: string;
  /** The workflow hooks (rules, corrections, checks); drift observation is never run on replay. */
  readonly hooks?: (envelopes: readonly RawEnvelope[]) => Promise<BatchHooks>;
  readonly env?: NormalizeEnv;
  readonly batchSize?: number;
  readonly maxDetails?: number;
  /** Only envelopes this predicate keeps (mapping-rule previews narrow to envelopes with the field). */
  readonly where?: (envelope: RawEnvelope) => boolean;
}

export function isEmptyDiff(d: ReplayDiff): boolean {
  return d.counts.added + d.counts.changed + d.counts.removed + d.counts.opened + d.counts.resolved === 0;
}

const MAX_FIELDS = 50;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Leaf-level differences between two JSON values, as dot paths. */
export function diffFields(before: unknown, after: unknown, path = '', out: FieldChange[] = []): FieldChange[] {
  if (out.length >= MAX_FIELDS) return out;
  if (Object.is(before, after)) return out;
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of keys) diffFields(before[k], after[k], path ? `${path}.${k}` : k, out);
    return out;
  }
  out.push({ path: path || '(record)', before: before ?? null, after: after ?? null });
  return out;
}

const reviewKey = (r: { reason: string; envelopeId: string | null; field?: string | null }) =>
  `${r.reason}\u0000${r.envelopeId ?? ''}\u0000${r.field ?? ''}`;

async function* selected(rt: Runtime, s: ReplaySelection, batchSize: number): AsyncIterable<RawEnvelope[]> {
  const explicit = new Set<string>(s.envelopeIds ?? []);
  let named = s.envelopeIds !== undefined;
  if (s.reviewItemIds || s.reviewReason) {
    named = true;
    const items = await rt.store.review.list({
      ...(s.reviewItemIds ? { ids: s.reviewItemIds } : { status: s.reviewStatus ?? 'open' }),
      ...(s.reviewReason ? { reason: s.reviewReason } : {}),
      ...(s.connectionId ? { connectionId: s.connectionId } : {}),
      ...(s.platform ? { platform: s.platform } : {}),
      limit: 1_000_000,
    });
    for (const i of items) if (i.envelopeId) explicit.add(i.envelopeId);
  }
  if (s.driftAlertId) {
    named = true;
    for (const id of await rt.store.workflow.drift.affected(s.driftAlertId)) explicit.add(id);
  }
  const filter: RawFilter = {
    ...(s.connectionId ? { connectionId: s.connectionId } : {}),
    ...(s.platform ? { platform: s.platform } : {}),
    ...(s.object ? { object: s.object } : {}),
    ...(s.fetchedFrom ? { fetchedFrom: s.fetchedFrom } : {}),
    ...(s.fetchedTo ? { fetchedTo: s.fetchedTo } : {}),
    ...(s.runId ? { runId: s.runId } : {}),
  };
  if (!named && Object.keys(filter).length === 0 && !s.all) {
    throw new InvalidInputError(
      'LP_INPUT_USAGE',
      'replay needs a selection (envelopes, review items, a drift alert, a connection, an object, a time window or a run id)',
    );
  }
  if (!named) {
    yield* rt.store.raw.scan(filter, batchSize);
    return;
  }
  const ids = [...explicit].sort();
  for (let i = 0; i < ids.length; i += batchSize) {
    const part = await rt.store.raw.get(ids.slice(i, i + batchSize));
    const kept = part.filter(
      (e) =>
        (!s.connectionId || e.connectionId === s.connectionId) &&
        (!s.platform || e.platform === s.platform) &&
        (!s.object || e.object === s.object) &&
        (!s.fetchedFrom || e.fetchedAt >= s.fetchedFrom) &&
        (!s.fetchedTo || e.fetchedAt < s.fetchedTo) &&
        (!s.runId || e.runId === s.runId),
    );
    if (kept.length) yield kept;
  }
}

export async function replay(rt: Runtime, selection: ReplaySelection, opts: ReplayOptions): Promise<ReplayDiff> {
  const batchSize = opts.batchSize ?? 500;
  const maxDetails = opts.maxDetails ?? 1000;
  const base = opts.env ?? normalizeEnvFor(rt);
  const diff: ReplayDiff = {
    dryRun: opts.dryRun,
    envelopes: 0,
    added: [],
    changed: [],
    removed: [],
    unchanged: 0,
    superseded: 0,
    reviews: { opened: [], resolved: [] },
    counts: { added: 0, changed: 0, removed: 0, opened: 0, resolved: 0 },
    truncated: false,
  };
  const keep = <T>(list: T[], item: T) => {
    if (list.length < maxDetails) list.push(item);
    else (diff as { truncated: boolean }).truncated = true;
  };
  // What this replay wrote (or would write), so a later batch compares with it, not the stale store;
  // and each touched record's state before the replay, so the diff is net: a record two envelopes
  // of the selection produce in turn is one change, not two.
  const written = new Map<string, CanonicalRecord>();
  const before = new Map<string, CanonicalRecord | null>();
  const touched = new Map<string, { summary: RecordSummary; fields: FieldChange[] | null }>();
  const at = isoNow(rt.clock);

  for await (const all of selected(rt, selection, batchSize)) {
    const envelopes = opts.where ? all.filter(opts.where) : all;
    if (envelopes.length === 0) continue;
    (diff as { envelopes: number }).envelopes += envelopes.length;
    const { observe: _observe, commit: _commit, ...hooks } = opts.hooks ? await opts.hooks(envelopes) : {};
    const result = await normalizeEnvelopes(envelopes, withHooks(base, hooks));

    // Records: newest version per id within the batch, compared with what is stored.
    const latest = new Map<string, CanonicalRecord>();
    for (const r of result.records) {
      const prev = latest.get(r.id);
      if (!prev || prev.source.sourceUpdatedAt <= r.source.sourceUpdatedAt) latest.set(r.id, r);
    }
    const stored = new Map((await rt.store.canonical.get([...latest.keys()])).map((r) => [r.id, r]));
    const toWrite: CanonicalRecord[] = [];
    for (const r of latest.values()) {
      const current = written.get(r.id) ?? stored.get(r.id);
      if (current && current.source.sourceUpdatedAt > r.source.sourceUpdatedAt) {
        (diff as { superseded: number }).superseded++;
        continue;
      }
      if (!before.has(r.id)) before.set(r.id, stored.get(r.id) ?? null);
      const was = before.get(r.id) ?? null;
      const fields = was ? diffFields(was, r) : null;
      if (fields && fields.length === 0) {
        touched.delete(r.id);
        if (!written.has(r.id)) {
          (diff as { unchanged: number }).unchanged++;
          continue;
        }
      } else {
        const summary = {
          id: r.id,
          kind: r.kind,
          envelopeId: r.provenance.envelopeId,
          mappingVersion: r.provenance.mappingVersion,
        };
        touched.set(r.id, { summary, fields });
      }
      written.set(r.id, r);
      toWrite.push(r);
    }

    // Records an envelope produced before and no longer does go to review.
    const ids = envelopes.map((e) => e.id);
    const reviewsByEnvelope = new Map<string, NewReviewItem[]>();
    for (const item of result.reviews) {
      const list = reviewsByEnvelope.get(item.envelopeId ?? '') ?? [];
      list.push(item);
      reviewsByEnvelope.set(item.envelopeId ?? '', list);
    }
    const withdrawn: { id: string; envelopeId: string }[] = [];
    for (const prev of await rt.store.workflow.recordsFrom(ids)) {
      if (result.produced.get(prev.envelopeId)?.includes(prev.id) || latest.has(prev.id)) continue;
      // Only an envelope that now goes to review loses its records; one that maps cleanly without
      // producing a stored row (an id-sweep page that marked records deleted, say) keeps them.
      const why = reviewsByEnvelope.get(prev.envelopeId)?.[0];
      if (!why) continue;
      diff.counts.removed++;
      keep(diff.removed, {
        id: prev.id,
        envelopeId: prev.envelopeId,
        reason: why.reason,
        message: why.message,
      });
      withdrawn.push(prev);
    }

    // Review items: open what is new, resolve what this replay no longer raises.
    const existing = await rt.store.workflow.reviewItemsFor(ids);
    // An ignored item raised again stays ignored: the operator already decided about it.
    const known = new Set(existing.filter((i) => i.status !== 'resolved').map(reviewKey));
    const raised = new Set(result.reviews.map(reviewKey));
    const opened = [...new Map(result.reviews.map((r) => [reviewKey(r), r])).values()].filter(
      (r) => !known.has(reviewKey(r)),
    );
    const resolved: ReviewItem[] = existing.filter((i) => i.status === 'open' && !raised.has(reviewKey(i)));
    for (const r of opened) {
      diff.counts.opened++;
      keep(diff.reviews.opened, {
        reason: r.reason,
        envelopeId: r.envelopeId,
        field: r.field ?? null,
        message: r.message,
      });
    }
    for (const i of resolved) {
      diff.counts.resolved++;
      keep(diff.reviews.resolved, {
        id: i.id,
        reason: i.reason,
        envelopeId: i.envelopeId,
        field: i.field,
        message: i.message,
      });
    }

    if (!opts.dryRun) {
      await rt.store.canonical.upsert(toWrite);
      await rt.store.workflow.withdrawRecords(withdrawn);
      await rt.store.review.add(opened, at);
      await rt.store.review.setStatus(
        resolved.map((i) => i.id),
        'resolved',
        opts.by,
        'resolved by replay: the envelope now maps cleanly',
        at,
      );
    }
  }

  for (const { summary, fields } of touched.values()) {
    if (fields === null) {
      diff.counts.added++;
      keep(diff.added, summary);
    } else {
      diff.counts.changed++;
      keep(diff.changed, { ...summary, fields });
    }
  }

  if (!opts.dryRun) {
    await rt.store.workflow.audit.append([
      {
        at,
        actor: opts.by,
        action: 'replay.apply',
        target: selectionLabel(selection),
        detail: { selection: { ...selection }, envelopes: diff.envelopes, ...diff.counts, superseded: diff.superseded },
      },
    ]);
  }
  return diff;
}

function selectionLabel(s: ReplaySelection): string {
  return (
    Object.entries(s)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${Array.isArray(v) ? `${v.length} ids` : String(v)}`)
      .join(' ') || 'all'
  );
}
