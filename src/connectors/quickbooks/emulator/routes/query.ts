import type { CompanySpec, ResponseFault } from '../../../../emulation/economy/index.js';
import type { CompanyData } from '../data.js';
import { runQuery } from '../query-engine.js';
import { parseQuery, QueryError } from '../query-language.js';
import type { Json } from '../render.js';
import type { Delivery } from '../respond.js';
import { faultBody } from '../respond.js';

const TRANSACTIONS = new Set(['Invoice', 'CreditMemo', 'Bill', 'PurchaseOrder']);

/**
 * GET /query?query=… or POST /query (application/text). A bad statement is a 400 ValidationFault
 * with code 4000 (parser) or 4001 (validation, e.g. MAXRESULTS over 1000, STARTPOSITION 0).
 * Response faults on pages of transactions: truncated JSON, a record of this page updated right after
 * it was served (it moves to the end of the LastUpdatedTime order), or the window drifting back one row.
 */
export function handleQuery(
  data: CompanyData,
  spec: CompanySpec,
  text: string | null,
  nowMs: number,
  fault: ResponseFault | null,
): { status: number; body: Json; delivery: Delivery } {
  if (!text) {
    return {
      status: 400,
      delivery: 'whole',
      body: faultBody(
        'ValidationFault',
        [{ Message: 'Invalid query', Detail: 'QueryValidationError: query is empty', code: '4001' }],
        nowMs,
      ),
    };
  }
  try {
    const parsed = parseQuery(text);
    const shift = fault === 'repeated_across_pages' && (parsed.startPosition ?? 1) > 1 ? 1 : 0;
    const page = runQuery(data, spec, parsed, nowMs, shift);
    const first = page.rows[0];
    if (fault === 'updated_between_pages' && first && page.entity !== 'CompanyInfo' && TRANSACTIONS.has(page.entity)) {
      data.touch(spec, page.entity, first.id);
    }
    return { status: 200, body: page.body, delivery: fault === 'truncated_json' ? 'truncated' : 'whole' };
  } catch (e) {
    if (!(e instanceof QueryError)) throw e;
    const message = e.code === '4000' ? 'Error parsing query' : 'Invalid query';
    return {
      status: 400,
      delivery: 'whole',
      body: faultBody('ValidationFault', [{ Message: message, Detail: e.detail, code: e.code }], nowMs),
    };
  }
}
