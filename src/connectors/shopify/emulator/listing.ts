import { decodePageInfo, encodePageInfo } from './page-info.js';

/** One record ready to list: its JSON and the numbers it sorts and filters by. */
export interface Row {
  readonly json: Record<string, unknown>;
  readonly id: number;
  readonly updatedMs: number;
  readonly createdMs: number;
  /** Values filters look at that the JSON may no longer show faithfully (a corrupted record). */
  readonly attrs?: Readonly<Record<string, string | number | null>>;
}

export interface Selection {
  readonly keep: (row: Row) => boolean;
  /** Sort key (compared element by element) and direction. */
  readonly key: (row: Row) => readonly number[];
  readonly descending: boolean;
}

/** An error answer in Shopify's shape. */
export interface Refusal {
  readonly status: number;
  readonly errors: unknown;
}

export interface ListAnswer {
  readonly items: readonly Record<string, unknown>[];
  readonly link: string | null;
}

const PAGE_INFO_COMPANIONS = new Set(['page_info', 'limit', 'fields']);
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 250;

function compare(a: readonly number[], b: readonly (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = Number(b[i] ?? 0);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export interface ListRequest {
  readonly resource: string;
  readonly query: URLSearchParams;
  /** `{base}/admin/api/{version}/{resource}.json` as the client reached it, for Link URLs. */
  readonly selfUrl: string;
  /** Turns filters into a selection, or refuses them (unknown status, too many ids, …). */
  readonly select: (filters: Readonly<Record<string, string>>) => Selection | Refusal;
  readonly rows: readonly Row[];
  /** Fault: the next page starts one record early, repeating the last record of this one. */
  readonly repeatLast?: boolean;
}

/**
 * Cursor pagination as Shopify REST does it: the first request carries the filters; the Link
 * header's page_info tokens carry them from then on, and a follow-up may add only limit and fields.
 */
export function listPage(req: ListRequest): ListAnswer | Refusal {
  const { query } = req;
  const limitText = query.get('limit');
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    // Shopify refuses a limit outside 1..250 (SDK reports: "Invalid request parameters"); text unverified.
    return { status: 400, errors: { limit: [`must be an integer between 1 and ${MAX_LIMIT}`] } };
  }
  const pageInfoText = query.get('page_info');
  let filters: Record<string, string> = {};
  let after: readonly (number | string)[] | null = null;
  let direction: 'next' | 'previous' = 'next';
  if (pageInfoText !== null) {
    const extra = [...query.keys()].filter((k) => !PAGE_INFO_COMPANIONS.has(k));
    if (extra.length > 0) {
      return { status: 400, errors: { page_info: [`cannot be combined with ${extra.join(', ')}`] } };
    }
    const info = decodePageInfo(pageInfoText);
    if (!info || info.resource !== req.resource) return { status: 400, errors: { page_info: ['Invalid value.'] } };
    filters = { ...info.filters };
    after = info.after;
    direction = info.direction;
  } else {
    for (const [k, v] of query) if (!PAGE_INFO_COMPANIONS.has(k)) filters[k] = v;
  }
  const selection = req.select(filters);
  if ('status' in selection) return selection;

  const sign = selection.descending ? -1 : 1;
  // Each row's sort key is computed once per request rather than twice per comparison (a shop's
  // whole list is sorted on every page); the sort is stable either way, so the order is the same.
  const keyed = req.rows.filter(selection.keep).map((row) => ({ row, key: selection.key(row) }));
  keyed.sort((a, b) => sign * compare(a.key, b.key));
  const rows = keyed.map((k) => k.row);
  const position = (row: Row) => (after === null ? 0 : sign * compare(selection.key(row), after));

  let start: number;
  let end: number;
  if (direction === 'next') {
    start = after === null ? 0 : rows.findIndex((r) => position(r) > 0);
    if (start < 0) start = rows.length;
    end = Math.min(rows.length, start + limit);
  } else {
    end = rows.findIndex((r) => position(r) >= 0);
    if (end < 0) end = rows.length;
    start = Math.max(0, end - limit);
  }
  const page = rows.slice(start, end);
  const links: string[] = [];
  const fields = query.get('fields');
  const linkTo = (dir: 'next' | 'previous', row: Row) => {
    const token = encodePageInfo({ resource: req.resource, filters, direction: dir, after: selection.key(row) });
    const params = new URLSearchParams({ limit: String(limit), page_info: token });
    if (fields) params.set('fields', fields);
    return `<${req.selfUrl}?${params.toString()}>; rel="${dir}"`;
  };
  const first = page[0];
  const last = req.repeatLast && page.length > 1 ? page[page.length - 2] : page[page.length - 1];
  if (start > 0 && first) links.push(linkTo('previous', first));
  if (end < rows.length && last) links.push(linkTo('next', last));
  const items = page.map((r) => (fields ? project(r.json, fields) : r.json));
  return { items, link: links.length > 0 ? links.join(', ') : null };
}

function project(json: Record<string, unknown>, fields: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields.split(',').map((s) => s.trim())) if (f in json) out[f] = json[f];
  return out;
}

/** Parses an ISO 8601 filter value; NaN when unreadable. */
export function instantFilter(value: string | undefined): number {
  return value === undefined ? Number.NaN : Date.parse(value);
}
