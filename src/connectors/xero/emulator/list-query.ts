import type { RenderedRecord, XeroCollection } from './render.js';

export interface ListQuery {
  readonly sinceMs: number | null;
  readonly page: number | null;
  readonly pageSize: number;
  readonly order: { readonly field: 'UpdatedDateUTC' | 'Date' | 'Name'; readonly desc: boolean };
  readonly where: readonly Clause[];
  readonly statuses: readonly string[] | null;
  readonly ids: readonly string[] | null;
  readonly summaryOnly: boolean;
}

interface Clause {
  readonly field: 'Type' | 'Status' | 'ContactStatus' | 'IsCustomer' | 'IsSupplier';
  readonly op: '==' | '!=';
  readonly value: string;
}

export type QueryError = { readonly type: 'ValidationException' | 'QueryParseException'; readonly message: string };

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/**
 * If-Modified-Since as Xero reads it: an ISO date-time, UTC when it carries no offset (contract §5),
 * or an HTTP date. Unreadable values are ignored, as HTTP says of a bad If-Modified-Since.
 */
export function parseIfModifiedSince(value: string | undefined): number | null {
  if (!value) return null;
  const text = value.trim();
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text}Z` : text;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

const CLAUSE = /^\s*(Type|Status|ContactStatus|IsCustomer|IsSupplier)\s*(==|!=)\s*(?:"([^"]*)"|(true|false))\s*$/;

/** The small subset of Xero's `where` language the emulator understands: `Field=="value"` joined by AND. */
function parseWhere(text: string): Clause[] | QueryError {
  const clauses: Clause[] = [];
  for (const part of text.split(/\s+AND\s+/i)) {
    const m = CLAUSE.exec(part);
    if (!m) return { type: 'QueryParseException', message: `Unable to parse the where clause: ${part.trim()}` };
    clauses.push({ field: m[1] as Clause['field'], op: m[2] as Clause['op'], value: m[3] ?? m[4] ?? '' });
  }
  return clauses;
}

export function parseListQuery(
  url: URL,
  ifModifiedSince: string | undefined,
  collection: XeroCollection,
): ListQuery | QueryError {
  const p = url.searchParams;
  let page: number | null = null;
  const pageText = p.get('page');
  if (pageText !== null && collection !== 'Items') {
    if (!/^\d+$/.test(pageText) || Number(pageText) < 1) {
      return {
        type: 'ValidationException',
        message: `The page parameter must be a positive integer (got ${pageText})`,
      };
    }
    page = Number(pageText);
  }
  let pageSize = DEFAULT_PAGE_SIZE;
  const sizeText = p.get('pageSize');
  if (sizeText !== null) {
    if (!/^\d+$/.test(sizeText) || Number(sizeText) < 1 || Number(sizeText) > MAX_PAGE_SIZE) {
      return {
        type: 'ValidationException',
        message: `pageSize must be between 1 and ${MAX_PAGE_SIZE} (got ${sizeText})`,
      };
    }
    pageSize = Number(sizeText);
  }
  let order: ListQuery['order'] = { field: 'UpdatedDateUTC', desc: false };
  const orderText = p.get('order');
  if (orderText) {
    const m = /^\s*(\w+)(?:\s+(ASC|DESC))?\s*$/i.exec(orderText);
    const field = m?.[1];
    if (field !== 'UpdatedDateUTC' && field !== 'Date' && field !== 'Name') {
      return {
        type: 'QueryParseException',
        message: `No property or field '${field ?? orderText}' exists to order by`,
      };
    }
    order = { field, desc: m?.[2]?.toUpperCase() === 'DESC' };
  }
  let where: Clause[] = [];
  const whereText = p.get('where');
  if (whereText) {
    const parsed = parseWhere(whereText);
    if (!Array.isArray(parsed)) return parsed;
    where = parsed;
  }
  const list = (name: string) =>
    p
      .get(name)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? null;
  return {
    sinceMs: parseIfModifiedSince(ifModifiedSince),
    page,
    pageSize,
    order,
    where,
    statuses: list('Statuses'),
    ids: list('IDs'),
    summaryOnly: p.get('summaryOnly') === 'true',
  };
}

function clauseHolds(r: RenderedRecord, c: Clause): boolean {
  let actual: string;
  switch (c.field) {
    case 'Type':
      actual = r.type ?? '';
      break;
    case 'Status':
    case 'ContactStatus':
      actual = r.status;
      break;
    default:
      actual = String(r.record[c.field] === true);
  }
  return c.op === '==' ? actual === c.value : actual !== c.value;
}

/** Filters and orders a collection; records stay the emulator's own objects (callers copy before changing). */
export function selectRecords(all: readonly RenderedRecord[], q: ListQuery): RenderedRecord[] {
  const out = all.filter(
    (r) =>
      (q.sinceMs === null || r.updatedMs > q.sinceMs) &&
      (q.statuses === null || q.statuses.includes(r.status)) &&
      (q.ids === null || q.ids.includes(r.id)) &&
      q.where.every((c) => clauseHolds(r, c)),
  );
  if (q.order.field !== 'UpdatedDateUTC' || q.order.desc) {
    const key = (r: RenderedRecord): string | number =>
      q.order.field === 'UpdatedDateUTC'
        ? r.updatedMs
        : q.order.field === 'Date'
          ? (r.date ?? '')
          : String(r.record['Name'] ?? '');
    out.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const c = ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      return q.order.desc ? -c : c;
    });
  }
  return out;
}
