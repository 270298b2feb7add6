import type { RawEnvelope } from '../canonical/index.js';
import type { DriftBaseline, DriftChange, DriftObservation, DriftStore } from '../ports/review-workflow.js';
import { type DriftNode, driftTree, fitsTree } from './drift-tree.js';

/**
 * Schema-drift detection from payload fingerprints, cheap enough for the normalizer's hot path.
 *
 * A fingerprint is the field paths and JSON types of a payload's top level and one nested level
 * (`customer.id`, and for arrays the first element: `line_items[].price`). Each stream (platform +
 * object) learns a baseline from its `learnAfter` oldest payloads by source time (the first
 * payloads seen are held back until there are enough, so a first page that already contains
 * drifted records does not teach the drift as normal); after that a payload whose shape differs
 * raises an alert per field that appeared, disappeared (was in every learning payload) or changed
 * type. The per-payload cost is one walk over its top-level keys against the baseline as a tree
 * (drift-tree.ts), plus the nested level on a sample (every payload once drift was found there);
 * only a payload that does not fit is fingerprinted and judged, and each drifted shape is judged
 * once, then cached by its shape key.
 */

export interface DriftEvent {
  readonly path: string;
  readonly change: DriftChange;
  readonly fromType: string | null;
  readonly toType: string | null;
}

const CODE: Record<string, string> = {
  string: 's',
  number: 'n',
  boolean: 'b',
  object: 'o',
  undefined: 'u',
  bigint: 'n',
  symbol: 'u',
  function: 'u',
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function code(v: unknown): string {
  if (v === null) return 'z';
  if (Array.isArray(v)) return 'a';
  return CODE[typeof v] ?? 'u';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function innerKey(v: Record<string, unknown>): string {
  let s = '';
  for (const k in v) s += `${k}:${code(v[k])},`;
  return s;
}

/** A compact key of the payload's shape (two levels); equal shapes give equal keys. */
export function shapeKey(payload: unknown): string {
  if (!isRecord(payload)) return code(payload);
  let s = '';
  for (const k in payload) {
    const v = payload[k];
    s += `${k}:${code(v)}`;
    if (isRecord(v)) s += `{${innerKey(v)}}`;
    else if (Array.isArray(v) && v.length > 0) {
      const first = v[0];
      s += isRecord(first) ? `[{${innerKey(first)}}]` : `[${code(first)}]`;
    }
    s += ';';
  }
  return s;
}

/** The field paths and types of a payload's shape (the slow path, once per new shape). */
export function fingerprint(payload: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(payload)) return out;
  for (const k in payload) {
    const v = payload[k];
    out.set(k, typeOf(v));
    if (isRecord(v)) {
      for (const c in v) out.set(`${k}.${c}`, typeOf(v[c]));
    } else if (Array.isArray(v) && v.length > 0) {
      const first = v[0];
      if (isRecord(first)) for (const c in first) out.set(`${k}[].${c}`, typeOf(first[c]));
      else out.set(`${k}[]`, typeOf(first));
    }
  }
  return out;
}

/**
 * The field a nested path hangs under: `k` for `k.c`; `k[]` (the array's elements) for `k[].c` and
 * `k[]`. Object children and array elements are told apart, so elements appearing in an array the
 * baseline only saw empty are new knowledge, not drift.
 */
function parentOf(path: string): string | null {
  const arr = path.indexOf('[]');
  const dot = path.indexOf('.');
  if (arr > 0 && (dot < 0 || arr < dot)) return path.slice(0, arr + 2);
  return dot > 0 ? path.slice(0, dot) : null;
}

interface PathStats {
  types: Set<string>;
  count: number;
}

interface StreamState {
  readonly platform: string;
  readonly object: string;
  payloads: number;
  learned: boolean;
  paths: Map<string, PathStats>;
  /** Parents whose children the baseline has seen (a nested path is judged only under these). */
  parents: Set<string>;
  dirty: boolean;
  verdicts: Map<string, readonly DriftEvent[]>;
  /** The learned baseline as a tree: the hot path's whole check. */
  tree: DriftNode | null;
  /** Payloads checked since learning (the nested level is sampled). */
  checked: number;
  /** Drift was found in the nested level: check it on every payload from now on. */
  deepAlways: boolean;
  /** Payloads seen before the baseline is learned, judged once it is. */
  held: { fp: Map<string, string>; key: string; envelopeId: string; at: string }[];
}

export function stateOf(platform: string, object: string, b: DriftBaseline | undefined): StreamState {
  const paths = new Map<string, PathStats>();
  for (const [p, s] of Object.entries(b?.paths ?? {})) paths.set(p, { types: new Set(s.types), count: s.count });
  const state: StreamState = {
    platform,
    object,
    payloads: b?.payloads ?? 0,
    learned: b?.learned ?? false,
    paths,
    parents: new Set(),
    dirty: false,
    verdicts: new Map(),
    tree: null,
    checked: 0,
    deepAlways: false,
    held: [],
  };
  for (const p of paths.keys()) {
    const parent = parentOf(p);
    if (parent) state.parents.add(parent);
  }
  if (state.learned) state.tree = driftTree(paths, state.payloads);
  return state;
}

export function learn(state: StreamState, shape: Map<string, string>): void {
  for (const [path, type] of shape) {
    const s = state.paths.get(path) ?? { types: new Set<string>(), count: 0 };
    if (type !== 'null') s.types.add(type);
    s.count++;
    state.paths.set(path, s);
    const parent = parentOf(path);
    if (parent) state.parents.add(parent);
  }
  state.payloads++;
  state.dirty = true;
}

/** Compares a shape with the learned baseline. */
export function judge(
  state: Pick<StreamState, 'payloads' | 'paths' | 'parents'>,
  shape: Map<string, string>,
): DriftEvent[] {
  const events: DriftEvent[] = [];
  const present = new Set<string>();
  for (const path of shape.keys()) {
    const parent = parentOf(path);
    if (parent) present.add(parent);
  }
  for (const [path, type] of shape) {
    const base = state.paths.get(path);
    const parent = parentOf(path);
    if (!base) {
      // Children of a field the baseline only ever saw empty are new knowledge, not drift.
      if (parent === null || state.parents.has(parent))
        events.push({ path, change: 'added', fromType: null, toType: type });
      continue;
    }
    if (type !== 'null' && base.types.size > 0 && !base.types.has(type)) {
      events.push({ path, change: 'type_changed', fromType: [...base.types].sort().join('|'), toType: type });
    }
  }
  for (const [path, base] of state.paths) {
    if (base.count < state.payloads || shape.has(path)) continue;
    const parent = parentOf(path);
    if (parent !== null && !present.has(parent)) continue;
    events.push({ path, change: 'removed', fromType: [...base.types].sort().join('|') || null, toType: null });
  }
  return events;
}

function toBaseline(s: StreamState, at: string): DriftBaseline {
  const paths: Record<string, { types: string[]; count: number }> = {};
  for (const [p, v] of s.paths) paths[p] = { types: [...v.types].sort(), count: v.count };
  return { platform: s.platform, object: s.object, payloads: s.payloads, learned: s.learned, paths, updatedAt: at };
}

export interface DriftDetectorOptions {
  /** Payloads a stream's baseline is learned from before drift is judged (default 50). */
  readonly learnAfter?: number;
  /** Distinct shapes remembered per stream before the cache is cleared (default 2000). */
  readonly maxShapes?: number;
  /**
   * The nested level is checked on one payload in this many (default 8; 1 checks every payload)
   * until drift is found there, then on every payload of the stream. The top level is always checked.
   */
  readonly deepEvery?: number;
}

export interface DriftDetector {
  /** Loads the baselines of the streams in a batch (once per stream per process). */
  prepare(envelopes: readonly Pick<RawEnvelope, 'platform' | 'object'>[]): Promise<void>;
  /** The hot-path observer: synchronous, no I/O. */
  observe(payload: unknown, env: RawEnvelope): void;
  /** Writes learned baselines and the alerts seen since the last flush. */
  flush(at: string): Promise<void>;
}

export function createDriftDetector(store: DriftStore, opts: DriftDetectorOptions = {}): DriftDetector {
  const learnAfter = opts.learnAfter ?? 50;
  const maxShapes = opts.maxShapes ?? 2000;
  const deepEvery = Math.max(1, opts.deepEvery ?? 8);
  const streams = new Map<string, StreamState>();
  const loading = new Map<string, Promise<void>>();
  let pending = new Map<string, { event: DriftEvent; state: StreamState; envelopeIds: string[] }>();

  const keyOf = (platform: string, object: string) => `${platform}/${object}`;

  function note(state: StreamState, key: string, fp: () => Map<string, string>, envelopeId: string): void {
    let events = state.verdicts.get(key);
    if (!events) {
      if (state.verdicts.size >= maxShapes) state.verdicts.clear();
      events = judge(state, fp());
      state.verdicts.set(key, events);
    }
    if (!state.deepAlways && events.some((e) => e.path.includes('.') || e.path.includes('[]'))) state.deepAlways = true;
    for (const event of events) {
      const k = `${state.platform}/${state.object}\u0000${event.path}\u0000${event.change}\u0000${event.toType}`;
      const p = pending.get(k) ?? { event, state, envelopeIds: [] };
      p.envelopeIds.push(envelopeId);
      pending.set(k, p);
    }
  }

  /** Learns from the oldest held payloads by source time, then judges the rest in time order. */
  function learnHeld(state: StreamState): void {
    const held = state.held.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    state.held = [];
    for (const h of held.slice(0, learnAfter)) learn(state, h.fp);
    state.learned = true;
    state.tree = driftTree(state.paths, state.payloads);
    state.verdicts.clear();
    for (const h of held.slice(learnAfter)) note(state, h.key, () => h.fp, h.envelopeId);
  }

  return {
    async prepare(envelopes) {
      const wanted = new Map<string, { platform: string; object: string }>();
      for (const e of envelopes) wanted.set(keyOf(e.platform, e.object), { platform: e.platform, object: e.object });
      await Promise.all(
        [...wanted].map(([key, s]) => {
          if (streams.has(key)) return undefined;
          let p = loading.get(key);
          if (!p) {
            p = store.baseline(s.platform, s.object).then((b) => {
              if (!streams.has(key)) streams.set(key, stateOf(s.platform, s.object, b));
            });
            loading.set(key, p);
          }
          return p;
        }),
      );
    },

    observe(payload, env) {
      const state = streams.get(keyOf(env.platform, env.object));
      if (!state || !isRecord(payload)) return;
      if (!state.learned) {
        state.held.push({
          fp: fingerprint(payload),
          key: shapeKey(payload),
          envelopeId: env.id,
          at: env.sourceUpdatedAt ?? env.fetchedAt,
        });
        return;
      }
      // The hot path: a payload within the baseline costs one walk over its keys.
      const deep = state.deepAlways || state.checked++ % deepEvery === 0;
      if (state.tree && fitsTree(state.tree, payload, deep)) return;
      note(state, shapeKey(payload), () => fingerprint(payload), env.id);
    },

    async flush(at) {
      for (const s of streams.values()) if (!s.learned && s.held.length >= learnAfter) learnHeld(s);
      const batch = pending;
      pending = new Map();
      for (const s of streams.values()) {
        if (!s.dirty) continue;
        s.dirty = false;
        await store.saveBaseline(toBaseline(s, at));
      }
      const observations: DriftObservation[] = [...batch.values()].map(({ event, state, envelopeIds }) => ({
        platform: state.platform,
        object: state.object,
        ...event,
        envelopeIds,
        at,
      }));
      await store.record(observations);
    },
  };
}
