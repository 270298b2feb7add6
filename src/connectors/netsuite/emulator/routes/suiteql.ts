import { invalidParameter, invalidQuery, problem } from '../problem.js';
import type { QueryResult, ResultRow } from '../suiteql/evaluate.js';
import { runQuery } from '../suiteql/evaluate.js';
import { parseSuiteql, SuiteqlSyntaxError } from '../suiteql/parse.js';
import type { RouteContext, RouteResult } from './types.js';
import { fromProblem } from './types.js';

export const MAX_LIMIT = 1000;

export interface SuiteqlLimits {
  /** Rows a query can page through (NetSuite: 100,000). */
  readonly maxQueryRows: number;
}

function intParam(value: string | null, fallback: number): number | null {
  if (value === null) return fallback;
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}

/**
 * POST /services/rest/query/v1/suiteql?limit=&offset= with `Prefer: transient` and {"q": "…"}.
 * Collection paging as NetSuite documents it: links (self, first, previous, next, last), count,
 * hasMore, items (lower-case columns, every row with an empty links array), offset, totalResults.
 */
export function suiteqlRoute(
  ctx: RouteContext,
  limits: SuiteqlLimits,
  /** The last row each (account, table) page ended with: the repeated-across-pages fault serves it again. */
  lastRows: Map<string, ResultRow>,
): RouteResult {
  if (ctx.method !== 'POST') {
    return fromProblem(
      problem(405, [{ detail: 'The HTTP method is not allowed for this resource.', 'o:errorCode': 'INVALID_METHOD' }]),
    );
  }
  const prefer = String(ctx.headers['prefer'] ?? '');
  if (!/\btransient\b/i.test(prefer)) {
    return fromProblem(
      invalidParameter('The Prefer header must be set to transient for SuiteQL queries.', { header: 'Prefer' }),
    );
  }
  const limit = intParam(ctx.query.get('limit'), MAX_LIMIT);
  if (limit === null || limit < 1 || limit > MAX_LIMIT) {
    return fromProblem(
      invalidParameter(`Invalid value for the 'limit' query parameter. The value must be between 1 and ${MAX_LIMIT}.`, {
        queryParam: 'limit',
      }),
    );
  }
  const offset = intParam(ctx.query.get('offset'), 0);
  if (offset === null) {
    return fromProblem(invalidParameter("Invalid value for the 'offset' query parameter.", { queryParam: 'offset' }));
  }
  if (offset >= limits.maxQueryRows) {
    return fromProblem(
      invalidParameter(
        `A SuiteQL query can page through at most ${limits.maxQueryRows} rows; narrow the query instead of paging further.`,
        { queryParam: 'offset' },
      ),
    );
  }
  let q: unknown;
  try {
    q = (JSON.parse(ctx.body) as { q?: unknown }).q;
  } catch {
    q = undefined;
  }
  if (typeof q !== 'string') {
    return fromProblem(
      problem(400, [
        {
          detail: 'Invalid content in the request body: expected {"q": "<SuiteQL>"}.',
          'o:errorCode': 'INVALID_CONTENT',
        },
      ]),
    );
  }
  let result: QueryResult;
  let tableName: string;
  try {
    const query = parseSuiteql(q);
    const view = ctx.view();
    const table = view.tables[query.table];
    if (!table) throw new SuiteqlSyntaxError(`Record '${query.table}' was not found.`);
    tableName = table.name;
    result = runQuery(query, table, ctx.timeZone, offset, limit);
  } catch (e) {
    if (e instanceof SuiteqlSyntaxError) return fromProblem(invalidQuery(e.message));
    throw e;
  }

  const total = result.totalResults;
  let items = result.items;
  let hasMore = offset + items.length < total;
  const fault = items.length > 0 ? (ctx.faults?.response('netsuite', ctx.account, ctx.requestKey) ?? null) : null;
  const remembered = lastRows;
  const memoryKey = `${ctx.account}|${tableName}`;
  if (fault === 'repeated_across_pages') {
    const previous = remembered.get(memoryKey);
    if (previous) {
      ctx.countFault();
      items = [previous, ...items];
      if (items.length > limit) {
        items = items.slice(0, limit);
        hasMore = true;
      }
    }
  } else if (fault === 'updated_between_pages' && tableName === 'transaction') {
    const id = items[0]?.['id'];
    if (typeof id === 'string') {
      ctx.countFault();
      ctx.touch(id);
    }
  }
  const last = items.at(-1);
  if (last) remembered.set(memoryKey, last);

  const pageUrl = (o: number) => `${ctx.base}${ctx.path}?limit=${limit}&offset=${o}`;
  const links: { rel: string; href: string }[] = [];
  if (total > items.length || offset > 0) {
    links.push({ rel: 'first', href: pageUrl(0) });
    if (offset > 0) links.push({ rel: 'previous', href: pageUrl(Math.max(0, offset - limit)) });
    if (hasMore) links.push({ rel: 'next', href: pageUrl(offset + items.length) });
    links.push({ rel: 'last', href: pageUrl(Math.max(0, Math.floor((Math.max(total, 1) - 1) / limit) * limit)) });
  }
  links.push({
    rel: 'self',
    href: ctx.query.size > 0 ? `${ctx.base}${ctx.path}?${ctx.query.toString()}` : `${ctx.base}${ctx.path}`,
  });
  const body = JSON.stringify({ links, count: items.length, hasMore, items, offset, totalResults: total });
  if (fault === 'truncated_json') {
    ctx.countFault();
    return { status: 200, body, truncate: true };
  }
  return { status: 200, body };
}
