import type { Refusal, Row, Selection } from '../listing.js';

type Keep = (row: Row) => boolean;

const invalid = (field: string, message = 'is invalid'): Refusal => ({ status: 400, errors: { [field]: [message] } });

/** `*_min` / `*_max` bounds (inclusive, ISO 8601 with offset) on a row's instant. */
export function timeBounds(
  filters: Readonly<Record<string, string>>,
  fields: readonly (readonly [string, (row: Row) => number])[],
): Keep[] | Refusal {
  const keeps: Keep[] = [];
  for (const [name, value] of fields) {
    for (const side of ['min', 'max'] as const) {
      const text = filters[`${name}_${side}`];
      if (text === undefined) continue;
      const bound = Date.parse(text);
      if (Number.isNaN(bound)) return invalid(`${name}_${side}`);
      keeps.push(side === 'min' ? (r) => value(r) >= bound : (r) => value(r) <= bound);
    }
  }
  return keeps;
}

/** A comma list of numeric ids (at most `max`), or a refusal naming the field. */
export function idList(
  filters: Readonly<Record<string, string>>,
  field: string,
  max = 250,
): Set<number> | Refusal | null {
  const text = filters[field];
  if (text === undefined) return null;
  const ids = text.split(',').map((s) => s.trim());
  if (ids.some((s) => !/^\d+$/.test(s))) return invalid(field);
  if (ids.length > max) return { status: 422, errors: { [field]: [`must have at most ${max} ids`] } };
  return new Set(ids.map(Number));
}

/** `since_id`: rows with a greater id. */
export function sinceId(filters: Readonly<Record<string, string>>): Keep | Refusal | null {
  const text = filters['since_id'];
  if (text === undefined) return null;
  if (!/^\d+$/.test(text)) return invalid('since_id');
  const id = Number(text);
  return (r) => r.id > id;
}

/** `order=updated_at asc` style; `id asc` when absent. */
export function ordering(filters: Readonly<Record<string, string>>): Omit<Selection, 'keep'> | Refusal {
  const text = (filters['order'] ?? 'id asc').trim().toLowerCase();
  const m = /^(id|created_at|updated_at|processed_at)(?:\s+(asc|desc))?$/.exec(text);
  if (!m) return invalid('order');
  const descending = m[2] === 'desc';
  switch (m[1]) {
    case 'updated_at':
      return { key: (r) => [r.updatedMs, r.id], descending };
    case 'created_at':
    case 'processed_at':
      return { key: (r) => [r.createdMs, r.id], descending };
    default:
      return { key: (r) => [r.id], descending };
  }
}

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && 'status' in x && 'errors' in x;
}

export function allOf(keeps: readonly (Keep | null)[]): Keep {
  const list = keeps.filter((k): k is Keep => k !== null);
  return (r) => list.every((k) => k(r));
}
