/**
 * A learned drift baseline as a two-level tree, for the hot path: checking a payload is one walk
 * over its keys with a Map lookup and a bit test per key, no allocation. JSON.parse interns
 * property names, so the lookups hash nothing new. A payload that passes has no drift; one that
 * fails goes to the exact (slow) comparison, which says what drifted.
 */

const BIT: Record<string, number> = { string: 1, number: 2, boolean: 4, object: 8, array: 16 };
const OBJECT = 8;
const ARRAY = 16;
const OTHER = 32;

/** The type bit of a JSON value; 0 for null (a nullable field never drifts by being null). */
function bitOf(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return 1;
    case 'number':
      return 2;
    case 'boolean':
      return 4;
    case 'object':
      return v === null ? 0 : Array.isArray(v) ? ARRAY : OBJECT;
    default:
      return OTHER;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface DriftNode {
  /** Type bits seen; 0 when the field was only ever null. */
  types: number;
  /** Present in every learning payload (under a present parent, for nested fields). */
  required: boolean;
  kids: Map<string, DriftNode>;
  /** Whether the baseline ever saw this field's children (else new children are knowledge, not drift). */
  kidsSeen: boolean;
  requiredKids: number;
  /** The first element of an array field. */
  elem: DriftNode | null;
}

const node = (): DriftNode => ({
  types: 0,
  required: false,
  kids: new Map(),
  kidsSeen: false,
  requiredKids: 0,
  elem: null,
});

function child(parent: DriftNode, key: string): DriftNode {
  let n = parent.kids.get(key);
  if (!n) {
    n = node();
    parent.kids.set(key, n);
    parent.kidsSeen = true;
  }
  return n;
}

function elemOf(n: DriftNode): DriftNode {
  n.elem ??= node();
  return n.elem;
}

/** Builds the tree from baseline paths (`k`, `k.c`, `k[]`, `k[].c`) and their stats. */
export function driftTree(
  paths: Iterable<[string, { readonly types: Iterable<string>; readonly count: number }]>,
  payloads: number,
): DriftNode {
  const root = node();
  for (const [path, s] of paths) {
    let n: DriftNode;
    const arr = path.indexOf('[]');
    const dot = path.indexOf('.');
    if (arr > 0 && (dot < 0 || arr < dot)) {
      const top = child(root, path.slice(0, arr));
      const e = elemOf(top);
      const rest = path.slice(arr + 2);
      n = rest.startsWith('.') ? child(e, rest.slice(1)) : e;
    } else if (dot > 0) {
      n = child(child(root, path.slice(0, dot)), path.slice(dot + 1));
    } else {
      n = child(root, path);
    }
    for (const t of s.types) n.types |= BIT[t] ?? OTHER;
    n.required = s.count >= payloads;
  }
  const countRequired = (n: DriftNode) => {
    n.requiredKids = 0;
    for (const k of n.kids.values()) {
      if (k.required) n.requiredKids++;
      countRequired(k);
    }
    if (n.elem) countRequired(n.elem);
  };
  countRequired(root);
  return root;
}

const typeOk = (n: DriftNode, bit: number) => bit === 0 || n.types === 0 || (n.types & bit) !== 0;

/** The nested level: new keys (under a parent with known children), changed types, missing required keys. */
function levelTwo(n: DriftNode, obj: Record<string, unknown>): boolean {
  let required = 0;
  let any = false;
  for (const k in obj) {
    any = true;
    const m = n.kids.get(k);
    if (!m) {
      if (n.kidsSeen) return false;
      continue;
    }
    if (!typeOk(m, bitOf(obj[k]))) return false;
    if (m.required) required++;
  }
  return !any || required === n.requiredKids;
}

/**
 * True when the payload's shape is within the baseline (no drift): its top level always, and its
 * nested level when `deep` (the detector samples the nested level until it has found drift there).
 */
export function fitsTree(root: DriftNode, payload: Record<string, unknown>, deep = true): boolean {
  let required = 0;
  for (const k in payload) {
    const n = root.kids.get(k);
    if (!n) return false;
    const v = payload[k];
    const bit = bitOf(v);
    if (!typeOk(n, bit)) return false;
    if (n.required) required++;
    if (!deep) continue;
    if (bit === OBJECT) {
      if (!levelTwo(n, v as Record<string, unknown>)) return false;
    } else if (bit === ARRAY && (v as unknown[]).length > 0) {
      const first = (v as unknown[])[0];
      const e = n.elem;
      // The baseline only saw this array empty: its elements are new knowledge.
      if (!e) continue;
      if (isRecord(first)) {
        // Elements that were scalars (or null) are now records: the slow path says what changed.
        if (!e.kidsSeen || e.types !== 0 || !levelTwo(e, first)) return false;
      } else if (e.kidsSeen || !typeOk(e, bitOf(first))) return false;
    }
  }
  return required === root.requiredKids;
}
