import { InvalidInputError } from '../errors/index.js';

/**
 * Dot paths into JSON values: `total_price`, `customer.first_name`, `line_items.0.price`, and in
 * mapping rules `line_items.*.price` (every element of an array). Only own data properties are
 * walked, and `__proto__`, `constructor` and `prototype` are refused, so a path can never reach
 * an object's prototype.
 */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const SEGMENT = /^(\*|[A-Za-z0-9_$@:-]+)$/;

export function parsePath(path: string, opts: { wildcards?: boolean } = {}): string[] {
  const segments = path.split('.');
  for (const s of segments) {
    if (!SEGMENT.test(s) || FORBIDDEN.has(s)) {
      throw new InvalidInputError('LP_INPUT_FIELD_PATH', `invalid field path "${path}" (segment "${s}")`, { path });
    }
    if (s === '*' && !opts.wildcards) {
      throw new InvalidInputError('LP_INPUT_FIELD_PATH', `"*" is not allowed in "${path}"`, { path });
    }
  }
  return segments;
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

function child(v: Container, key: string): unknown {
  if (Array.isArray(v)) return /^\d+$/.test(key) ? v[Number(key)] : undefined;
  return Object.hasOwn(v, key) ? v[key] : undefined;
}

/** One place a wildcard path matched: its container, its key, and the array indices `*` took. */
export interface PathMatch {
  readonly parent: Container;
  readonly key: string;
  readonly value: unknown;
  readonly indices: readonly number[];
}

/** Every location a (possibly wildcard) path names that exists in `root`. */
export function matchPath(root: unknown, segments: readonly string[]): PathMatch[] {
  const out: PathMatch[] = [];
  const walk = (node: unknown, i: number, indices: number[]) => {
    if (!isContainer(node)) return;
    const seg = segments[i] as string;
    const last = i === segments.length - 1;
    if (seg === '*') {
      if (!Array.isArray(node)) return;
      node.forEach((v, n) => {
        const next = [...indices, n];
        if (last) out.push({ parent: node, key: String(n), value: v, indices: next });
        else walk(v, i + 1, next);
      });
      return;
    }
    const v = child(node, seg);
    if (v === undefined) return;
    if (last) out.push({ parent: node, key: seg, value: v, indices });
    else walk(v, i + 1, indices);
  };
  walk(root, 0, []);
  return out;
}

/** Replaces each `*` with the index it took on the source side. */
export function bindWildcards(segments: readonly string[], indices: readonly number[]): string[] {
  let n = 0;
  return segments.map((s) => (s === '*' ? String(indices[n++] ?? 0) : s));
}

/** Reads a concrete path; undefined when any step is missing. */
export function getPath(root: unknown, segments: readonly string[]): unknown {
  let node: unknown = root;
  for (const s of segments) {
    if (!isContainer(node)) return undefined;
    node = child(node, s);
  }
  return node;
}

/**
 * Writes a concrete path, creating missing objects on the way (never arrays: an index that does
 * not exist is not invented). Returns false when the path cannot be written.
 */
export function setPath(root: unknown, segments: readonly string[], value: unknown): boolean {
  let node: unknown = root;
  for (let i = 0; i < segments.length - 1; i++) {
    if (!isContainer(node)) return false;
    const s = segments[i] as string;
    let next = child(node, s);
    if (next === undefined || next === null) {
      if (Array.isArray(node)) return false;
      next = {};
      node[s] = next;
    }
    node = next;
  }
  const last = segments[segments.length - 1] as string;
  if (!isContainer(node)) return false;
  if (Array.isArray(node)) {
    if (!/^\d+$/.test(last) || Number(last) >= node.length) return false;
    node[Number(last)] = value;
  } else {
    node[last] = value;
  }
  return true;
}

/** Removes a concrete object key (array elements are never removed: indices must stay put). */
export function deletePath(root: unknown, segments: readonly string[]): void {
  const parent = getPath(root, segments.slice(0, -1));
  const last = segments[segments.length - 1] as string;
  if (isContainer(parent) && !Array.isArray(parent) && Object.hasOwn(parent, last)) delete parent[last];
}
