import { kindOfRecordType } from '../catalog.js';
import { invalidParameter, NONEXISTENT_ID, problem } from '../problem.js';
import { applyRecordFault, renderRecord, serializeRecord } from '../render.js';
import type { RouteContext, RouteResult } from './types.js';
import { fromProblem } from './types.js';

/** GET /services/rest/record/v1/{type}/{id}[?expandSubResources=true] for the transaction types the economy has. */
export function recordRoute(ctx: RouteContext, type: string, id: string): RouteResult {
  if (ctx.method !== 'GET') {
    return fromProblem(
      problem(405, [{ detail: 'The HTTP method is not allowed for this resource.', 'o:errorCode': 'INVALID_METHOD' }]),
    );
  }
  const kind = kindOfRecordType(type);
  if (kind === undefined)
    return fromProblem(invalidParameter(`Record type '${type}' is not supported by this account.`));
  if (!/^\d+$/.test(id)) return fromProblem(NONEXISTENT_ID);
  const view = ctx.view();
  const visible = view.live.get(id);
  if (!visible || visible.doc.kind !== kind) return fromProblem(NONEXISTENT_ID);
  const expand = ctx.query.get('expandSubResources') === 'true';
  const rec = renderRecord({ recordBase: `${ctx.base}/services/rest/record/v1`, book: view.book }, visible, expand);
  const fault = ctx.faults?.record(ctx.companyId, visible.doc.id, visible.doc.date) ?? null;
  if (fault !== null) {
    ctx.countFault();
    applyRecordFault(rec, fault, visible.doc.currency);
  }
  return { status: 200, body: serializeRecord(rec) };
}
