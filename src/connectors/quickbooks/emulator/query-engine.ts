import type { CompanySpec } from '../../../emulation/economy/index.js';
import { startOfDayUtc } from '../mappers/source.js';
import type { CompanyData, Entity, Row } from './data.js';
import { entityNamed } from './data.js';
import type { Condition, ParsedQuery, QueryValue } from './query-language.js';
import { QueryError } from './query-language.js';
import type { Json } from './render.js';
import { renderCompanyInfo, responseTime } from './render.js';

export interface QueryPage {
  readonly body: Json;
  readonly entity: Entity | 'CompanyInfo';
  readonly rows: readonly Row[];
  readonly startPosition: number;
}

const NAME_LISTS = new Set<string>(['Item', 'Customer', 'Vendor']);

/** An instant literal: with an offset as written, without one in the company's zone. */
function instantOf(value: QueryValue, zone: string): number {
  if (typeof value !== 'string') throw new QueryError('4001', `QueryValidationError: ${value} is not a date/time`);
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Date.parse(startOfDayUtc(text, zone));
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  } else {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(text);
    if (m?.[1]) {
      const msOfDay = (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4])) * 1000;
      return Date.parse(startOfDayUtc(m[1], zone)) + msOfDay;
    }
  }
  throw new QueryError('4001', `QueryValidationError: Invalid date/time value ${JSON.stringify(value)}`);
}

function compare(a: number | string, b: number | string, op: Condition['op']): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    default:
      return false;
  }
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

function predicate(c: Condition, zone: string): (row: Row) => boolean {
  const field = c.field.replace(/^metadata\./, 'metadata.');
  const anyOf = (
    get: (row: Row) => number | string | boolean | null,
    conv: (v: QueryValue) => number | string | boolean,
  ) => {
    const values = c.values.map(conv);
    return (row: Row) => {
      const v = get(row);
      if (v === null) return false;
      if (c.op === 'in') return values.includes(v);
      if (c.op === 'like') return typeof v === 'string' && likeToRegExp(String(values[0])).test(v);
      const target = values[0];
      if (typeof v === 'boolean' || typeof target === 'boolean' || target === undefined) return v === target;
      return compare(v, target, c.op);
    };
  };
  switch (field) {
    case 'metadata.lastupdatedtime':
      return anyOf(
        (r) => r.updatedMs,
        (v) => instantOf(v, zone),
      );
    case 'metadata.createtime':
      return anyOf(
        (r) => r.createdMs,
        (v) => instantOf(v, zone),
      );
    case 'id':
      return anyOf(
        (r) => r.idNumber,
        (v) => Number(v),
      );
    case 'active':
      return anyOf(
        (r) => r.active,
        (v) => v === true || v === 'true',
      );
    case 'txndate':
      return anyOf(
        (r) => r.txnDate,
        (v) => String(v),
      );
    case 'docnumber':
      return anyOf(
        (r) => r.docNumber,
        (v) => String(v),
      );
    case 'name':
    case 'displayname':
      return anyOf(
        (r) => r.name,
        (v) => String(v),
      );
    case 'type':
      return anyOf(
        (r) => r.type,
        (v) => String(v),
      );
    default:
      throw new QueryError('4001', `QueryValidationError: property '${c.field}' is not queryable`);
  }
}

function sortKey(field: string): ((r: Row) => number | string) | null {
  switch (field) {
    case 'metadata.lastupdatedtime':
      return null; // the view's own order
    case 'metadata.createtime':
      return (r) => r.createdMs;
    case 'id':
      return (r) => r.idNumber;
    case 'txndate':
      return (r) => r.txnDate ?? '';
    case 'docnumber':
      return (r) => r.docNumber ?? '';
    case 'name':
    case 'displayname':
      return (r) => r.name ?? '';
    default:
      throw new QueryError('4001', `QueryValidationError: property '${field}' is not sortable`);
  }
}

/**
 * Runs a parsed query against the company's data at `now`. Without ORDERBY rows come by Id. Inactive
 * name-list entries are left out unless the query names `Active`. MAXRESULTS defaults to 100.
 * `shift` moves the window one row back (the "repeated across pages" fault: an offset drift).
 */
export function runQuery(data: CompanyData, spec: CompanySpec, q: ParsedQuery, nowMs: number, shift = 0): QueryPage {
  if (q.entity.toLowerCase() === 'companyinfo') {
    return {
      entity: 'CompanyInfo',
      rows: [],
      startPosition: 1,
      body: {
        QueryResponse: { CompanyInfo: [renderCompanyInfo(spec, nowMs)], startPosition: 1, maxResults: 1 },
        time: responseTime(nowMs),
      },
    };
  }
  const entity = entityNamed(q.entity);
  if (!entity) throw new QueryError('4000', `QueryParserError: Invalid entity name ${q.entity}`);
  const predicates = q.where.map((c) => predicate(c, spec.timeZone));
  if (NAME_LISTS.has(entity) && !q.where.some((c) => c.field === 'active')) predicates.push((r) => r.active);
  let rows = data.rows(spec, entity).filter((r) => predicates.every((p) => p(r)));
  if (q.orderBy) {
    const key = sortKey(q.orderBy.field);
    if (key) rows = [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.idNumber - b.idNumber));
    if (q.orderBy.desc) rows = [...rows].reverse();
  } else {
    rows = [...rows].sort((a, b) => a.idNumber - b.idNumber);
  }
  const time = responseTime(nowMs);
  if (q.count)
    return { entity, rows: [], startPosition: 1, body: { QueryResponse: { totalCount: rows.length }, time } };
  const start = q.startPosition ?? 1;
  const max = q.maxResults ?? 100;
  const from = Math.max(0, start - 1 - shift);
  const page = rows.slice(from, from + max);
  if (page.length === 0) return { entity, rows: [], startPosition: start, body: { QueryResponse: {}, time } };
  return {
    entity,
    rows: page,
    startPosition: start,
    body: {
      QueryResponse: { [entity]: page.map((r) => r.render()), startPosition: start, maxResults: page.length },
      time,
    },
  };
}
