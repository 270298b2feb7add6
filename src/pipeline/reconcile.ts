import type { CanonicalKind } from '../canonical/index.js';
import type { Store } from '../ports/store.js';

/**
 * Reconciliation: the canonical store of each connection against the source's true set of live
 * records (today the emulators', see RunningEmulator.liveRecords), per platform and kind.
 * docs/reconcile.md explains every count; in short, for each (kind, source id):
 *
 * - missing: live at the source, not live in the store (absent, or stored as deleted);
 * - extra: live in the store, not live at the source (a deletion that never arrived);
 * - stale: live in both, the store's sourceUpdatedAt older than the source's;
 * - duplicate: more than one live stored record for one source record (ids equal up to case
 *   and leading zeros);
 * - status: the source says void / cancelled and the store does not, or the other way round;
 * - review (not a failure): missing or stale, and the source record has an open review item
 *   (a payload no mapper could read waits for an operator; it was not lost);
 * - ahead (not a failure): the store holds a newer version than the source now shows (an
 *   emulator restarted without the updates it made on its own during the sync).
 */

/** One record the source holds live, named as the connector stores it. */
export interface TruthRecord {
  readonly kind: CanonicalKind;
  readonly sourceId: string;
  readonly sourceUpdatedAt: string;
  readonly status: string;
}

/** The part of a stored canonical record reconciliation looks at. */
export interface StoredRecord {
  readonly kind: CanonicalKind;
  readonly sourceId: string;
  readonly sourceUpdatedAt: string;
  readonly status: string | null;
  readonly deleted: boolean;
}

/** Kinds reconciled: everything a connector stores as a record of its own (not inventory levels). */
export const RECONCILED_KINDS = ['party', 'product', 'invoice', 'bill', 'purchase_order', 'sales_order'] as const;
export type ReconciledKind = (typeof RECONCILED_KINDS)[number];

export const FAILING_COUNTS = ['missing', 'extra', 'stale', 'duplicate', 'status'] as const;
export type Problem = (typeof FAILING_COUNTS)[number] | 'review' | 'ahead';

export interface KindCounts {
  /** Live records at the source, and live records in the store. */
  truth: number;
  stored: number;
  /** Stored records marked deleted (kept for audit; never counted as extra). */
  deleted: number;
  matched: number;
  missing: number;
  extra: number;
  stale: number;
  duplicate: number;
  status: number;
  review: number;
  ahead: number;
}

export interface Discrepancy {
  readonly problem: Problem;
  readonly connectionId: string;
  readonly kind: string;
  readonly sourceId: string;
  readonly truth: { readonly sourceUpdatedAt: string; readonly status: string } | null;
  readonly stored: {
    readonly sourceUpdatedAt: string;
    readonly status: string | null;
    readonly deleted: boolean;
  } | null;
}

export interface ConnectionComparison {
  readonly counts: Partial<Record<ReconciledKind, KindCounts>>;
  readonly discrepancies: Discrepancy[];
}

const ENDED = new Set(['void', 'cancelled']);

export function emptyCounts(): KindCounts {
  return {
    truth: 0,
    stored: 0,
    deleted: 0,
    matched: 0,
    missing: 0,
    extra: 0,
    stale: 0,
    duplicate: 0,
    status: 0,
    review: 0,
    ahead: 0,
  };
}

/** Source ids equal up to surrounding space, case (GUIDs) and leading zeros (numeric ids). */
export function sameSourceId(id: string): string {
  const t = id.trim();
  return /^\d+$/.test(t) ? t.replace(/^0+(?=\d)/, '') : t.toLowerCase();
}

function isReconciled(kind: string): kind is ReconciledKind {
  return (RECONCILED_KINDS as readonly string[]).includes(kind);
}

/**
 * Compares one connection's stored records with the source's live ones. Pure. `inReview` holds
 * the source ids (as sameSourceId gives them) that have an open review item.
 */
export function compareRecords(
  connectionId: string,
  truth: readonly TruthRecord[],
  stored: readonly StoredRecord[],
  inReview: ReadonlySet<string> = new Set(),
): ConnectionComparison {
  const counts: Partial<Record<ReconciledKind, KindCounts>> = {};
  const discrepancies: Discrepancy[] = [];
  const countsOf = (kind: ReconciledKind) => {
    let c = counts[kind];
    if (!c) {
      c = emptyCounts();
      counts[kind] = c;
    }
    return c;
  };
  const note = (problem: Problem, kind: string, sourceId: string, t: TruthRecord | null, s: StoredRecord | null) =>
    discrepancies.push({
      problem,
      connectionId,
      kind,
      sourceId,
      truth: t ? { sourceUpdatedAt: t.sourceUpdatedAt, status: t.status } : null,
      stored: s ? { sourceUpdatedAt: s.sourceUpdatedAt, status: s.status, deleted: s.deleted } : null,
    });

  const byKey = new Map<string, StoredRecord[]>();
  for (const s of stored) {
    if (!isReconciled(s.kind)) continue;
    const c = countsOf(s.kind);
    if (s.deleted) c.deleted++;
    else c.stored++;
    const key = `${s.kind}|${sameSourceId(s.sourceId)}`;
    const list = byKey.get(key);
    if (list) list.push(s);
    else byKey.set(key, [s]);
  }

  const seen = new Set<string>();
  for (const t of truth) {
    if (!isReconciled(t.kind)) continue;
    const id = sameSourceId(t.sourceId);
    const key = `${t.kind}|${id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const c = countsOf(t.kind);
    c.truth++;
    const group = byKey.get(key) ?? [];
    const live = group.filter((s) => !s.deleted);
    if (live.length === 0) {
      const problem = inReview.has(id) ? 'review' : 'missing';
      c[problem]++;
      note(problem, t.kind, t.sourceId, t, group[0] ?? null);
      continue;
    }
    c.matched++;
    if (live.length > 1) {
      c.duplicate += live.length - 1;
      for (const s of live.slice(1)) note('duplicate', t.kind, s.sourceId, t, s);
    }
    const newest = live.reduce((a, b) => (b.sourceUpdatedAt > a.sourceUpdatedAt ? b : a));
    if (newest.sourceUpdatedAt < t.sourceUpdatedAt) {
      const problem = inReview.has(id) ? 'review' : 'stale';
      c[problem]++;
      note(problem, t.kind, t.sourceId, t, newest);
      continue;
    }
    if (newest.sourceUpdatedAt > t.sourceUpdatedAt) {
      c.ahead++;
      note('ahead', t.kind, t.sourceId, t, newest);
    }
    if (ENDED.has(t.status) !== ENDED.has(newest.status ?? '')) {
      c.status++;
      note('status', t.kind, t.sourceId, t, newest);
    }
  }

  for (const [key, group] of byKey) {
    if (seen.has(key)) continue;
    for (const s of group) {
      if (s.deleted || !isReconciled(s.kind)) continue;
      countsOf(s.kind).extra++;
      note('extra', s.kind, s.sourceId, null, s);
    }
  }
  return { counts, discrepancies };
}

/** Every reconciled record of a connection, deleted ones included. */
export async function storedRecords(store: Store, connectionId: string): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  for (const kind of RECONCILED_KINDS) {
    for await (const batch of store.canonical.scan({ kind, connectionId, includeDeleted: true }, 2000)) {
      for (const r of batch) {
        const status = 'status' in r && r.status ? r.status.value : null;
        out.push({
          kind: r.kind,
          sourceId: r.source.sourceId,
          sourceUpdatedAt: r.source.sourceUpdatedAt,
          status,
          deleted: r.deleted,
        });
      }
    }
  }
  return out;
}

/**
 * Source ids (sameSourceId) of a connection's open review items: the item's external id, or that
 * of its envelope (dead letters name only the envelope).
 */
export async function sourceIdsInReview(store: Store, connectionId: string): Promise<Set<string>> {
  const items = await store.review.list({ connectionId, status: 'open', limit: 1_000_000 });
  const ids = new Set<string>();
  const envelopes: string[] = [];
  for (const item of items) {
    const external = item.detail['externalId'];
    if (typeof external === 'string') ids.add(sameSourceId(external));
    else if (item.envelopeId) envelopes.push(item.envelopeId);
  }
  for (let i = 0; i < envelopes.length; i += 500) {
    for (const e of await store.raw.get(envelopes.slice(i, i + 500))) ids.add(sameSourceId(e.externalId));
  }
  return ids;
}

/** A connection to reconcile and how to get its source's truth. */
export interface ReconcileTarget {
  readonly connectionId: string;
  readonly platform: string;
  readonly truth: () => Promise<readonly TruthRecord[]>;
}

export interface ReconcileReport {
  /** True when every failing count (FAILING_COUNTS) is zero. */
  readonly ok: boolean;
  readonly connections: number;
  readonly totals: KindCounts;
  readonly platforms: Record<string, Partial<Record<ReconciledKind, KindCounts>>>;
  /** Up to `maxSamples` discrepancies per problem. */
  readonly samples: Partial<Record<Problem, Discrepancy[]>>;
}

function addInto(into: KindCounts, c: KindCounts): void {
  for (const k of Object.keys(into) as (keyof KindCounts)[]) into[k] += c[k];
}

/** Reconciles each target's stored records with its truth and sums per platform and kind. */
export async function reconcile(
  store: Store,
  targets: readonly ReconcileTarget[],
  opts: { readonly maxSamples?: number } = {},
): Promise<ReconcileReport> {
  const maxSamples = opts.maxSamples ?? 20;
  const totals = emptyCounts();
  const platforms: Record<string, Partial<Record<ReconciledKind, KindCounts>>> = {};
  const samples: Partial<Record<Problem, Discrepancy[]>> = {};
  for (const target of targets) {
    const [truth, stored, inReview] = await Promise.all([
      target.truth(),
      storedRecords(store, target.connectionId),
      sourceIdsInReview(store, target.connectionId),
    ]);
    const result = compareRecords(target.connectionId, truth, stored, inReview);
    const perKind = platforms[target.platform] ?? {};
    platforms[target.platform] = perKind;
    for (const [kind, c] of Object.entries(result.counts) as [ReconciledKind, KindCounts][]) {
      const sum = perKind[kind] ?? emptyCounts();
      addInto(sum, c);
      perKind[kind] = sum;
      addInto(totals, c);
    }
    for (const d of result.discrepancies) {
      const list = samples[d.problem] ?? [];
      if (list.length < maxSamples) list.push(d);
      samples[d.problem] = list;
    }
  }
  return {
    ok: FAILING_COUNTS.every((k) => totals[k] === 0),
    connections: targets.length,
    totals,
    platforms,
    samples,
  };
}

/** Reconciles every stored connection on `platforms`, its truth read by `truthFor`. */
export async function reconcileConnections(
  store: Store,
  platforms: readonly string[],
  truthFor: (platform: string, account: string) => Promise<readonly TruthRecord[]>,
  opts: { readonly maxSamples?: number } = {},
): Promise<ReconcileReport> {
  const connections = (await store.connections.list())
    .filter((c) => platforms.includes(c.platform))
    .sort((a, b) => a.id.localeCompare(b.id));
  return reconcile(
    store,
    connections.map((c) => ({
      connectionId: c.id,
      platform: c.platform,
      truth: () => truthFor(c.platform, c.account),
    })),
    opts,
  );
}
