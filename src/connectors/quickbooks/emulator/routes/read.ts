import type { CompanySpec } from '../../../../emulation/economy/index.js';
import type { CompanyData } from '../data.js';
import { entityNamed } from '../data.js';
import type { Json } from '../render.js';
import { renderCompanyInfo, responseTime } from '../render.js';
import { FAULTS, faultBody } from '../respond.js';

/**
 * GET /{entity}/{Id} → `{"<Entity>": {...}, "time": ...}`; GET /companyinfo/{realmId}. A deleted
 * or unknown id is Object Not Found (code 610, HTTP 400). Null when the path is not a read.
 */
export function handleRead(
  data: CompanyData,
  spec: CompanySpec,
  rest: string,
  nowMs: number,
): { status: number; body: Json } | null {
  const m = /^([a-z]+)\/([^/]+)$/i.exec(rest);
  if (!m?.[1] || !m[2]) return null;
  const [, name, id] = m;
  if (name.toLowerCase() === 'companyinfo') {
    if (id !== spec.account)
      return { status: 400, body: faultBody('ValidationFault', [FAULTS.notFound('CompanyInfo', id)], nowMs) };
    return { status: 200, body: { CompanyInfo: renderCompanyInfo(spec, nowMs), time: responseTime(nowMs) } };
  }
  const entity = entityNamed(name);
  if (!entity) return null;
  const row = data.rows(spec, entity).find((r) => r.id === id);
  if (!row) return { status: 400, body: faultBody('ValidationFault', [FAULTS.notFound(entity, id)], nowMs) };
  return { status: 200, body: { [entity]: row.render(), time: responseTime(nowMs) } };
}
