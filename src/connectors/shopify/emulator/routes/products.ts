import type { Refusal, Row, Selection } from '../listing.js';
import { allOf, idList, isRefusal, ordering, sinceId, timeBounds } from './filters.js';

/** Filters of GET products.json. */
export function selectProducts(filters: Readonly<Record<string, string>>): Selection | Refusal {
  const bounds = timeBounds(filters, [
    ['updated_at', (r) => r.updatedMs],
    ['created_at', (r) => r.createdMs],
  ]);
  if (isRefusal(bounds)) return bounds;
  const ids = idList(filters, 'ids');
  if (isRefusal(ids)) return ids;
  const since = sinceId(filters);
  if (isRefusal(since)) return since;
  const order = ordering(filters);
  if (isRefusal(order)) return order;
  const statuses = filters['status']?.split(',').map((s) => s.trim());
  const keep = allOf([
    ids ? (r: Row) => ids.has(r.id) : null,
    since,
    statuses ? (r: Row) => statuses.includes(String(r.attrs?.['status'])) : null,
    ...bounds,
  ]);
  return { keep, ...order };
}
