import type { CompanySpec } from '../../../../emulation/economy/index.js';
import type { CompanyData, Entity } from '../data.js';
import { entityNamed } from '../data.js';
import type { Json } from '../render.js';
import { responseTime } from '../render.js';

/** CDC answers for at most 30 days back and at most 1000 objects per response (the earliest changes). */
export const CDC_MAX_DAYS = 30;
export const CDC_MAX_OBJECTS = 1000;

export type CdcResult =
  | { readonly ok: true; readonly body: Json; readonly objects: number }
  | {
      readonly ok: false;
      readonly param: 'entities' | 'changedSince';
      readonly detail: string;
      readonly missing: boolean;
    };

export function runCdc(
  data: CompanyData,
  spec: CompanySpec,
  entitiesParam: string | null,
  changedSinceParam: string | null,
  nowIso: string,
): CdcResult {
  if (!entitiesParam) return { ok: false, param: 'entities', detail: 'entities', missing: true };
  if (!changedSinceParam) return { ok: false, param: 'changedSince', detail: 'changedSince', missing: true };
  const entities: Entity[] = [];
  for (const name of entitiesParam.split(',')) {
    const entity = entityNamed(name.trim());
    if (!entity)
      return { ok: false, param: 'entities', detail: `Unsupported entity ${name.trim()} for CDC`, missing: false };
    if (!entities.includes(entity)) entities.push(entity);
  }
  const since = Date.parse(changedSinceParam);
  if (Number.isNaN(since) || !/T/.test(changedSinceParam)) {
    return { ok: false, param: 'changedSince', detail: `Invalid changedSince ${changedSinceParam}`, missing: false };
  }
  if (since < Date.parse(nowIso) - CDC_MAX_DAYS * 86_400_000) {
    return {
      ok: false,
      param: 'changedSince',
      detail: `changedSince cannot be more than ${CDC_MAX_DAYS} days in the past`,
      missing: false,
    };
  }
  type Change = { entity: Entity; order: number; updatedMs: number; id: string; render: () => Json };
  const changes: Change[] = [];
  entities.forEach((entity, order) => {
    for (const row of data.rows(spec, entity)) {
      if (row.updatedMs >= since)
        changes.push({ entity, order, updatedMs: row.updatedMs, id: row.id, render: row.render });
    }
    for (const del of data.deletions(spec, entity)) {
      if (del.updatedMs >= since)
        changes.push({ entity, order, updatedMs: del.updatedMs, id: del.id, render: del.render });
    }
  });
  changes.sort((a, b) => a.updatedMs - b.updatedMs || a.order - b.order || Number(a.id) - Number(b.id));
  const kept = changes.slice(0, CDC_MAX_OBJECTS);
  const objects = kept.map((c) => ({ entity: c.entity, json: c.render() }));
  const blocks: Json[] = entities.map((entity) => {
    const list = objects.filter((o) => o.entity === entity).map((o) => o.json);
    return list.length === 0
      ? {}
      : { [entity]: list, startPosition: 1, maxResults: list.length, totalCount: list.length };
  });
  return {
    ok: true,
    objects: objects.length,
    body: { CDCResponse: [{ QueryResponse: blocks }], time: responseTime(Date.parse(nowIso)) },
  };
}
