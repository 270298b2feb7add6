import type { Refusal, Row, Selection } from '../listing.js';
import { allOf, idList, isRefusal, ordering, sinceId, timeBounds } from './filters.js';

const STATUSES = new Set(['open', 'closed', 'cancelled', 'any']);
const UNPAID = new Set(['pending', 'authorized', 'partially_paid']);

/**
 * Filters of GET orders.json. `status` defaults to `open`, as on Shopify: a client that forgets
 * status=any silently misses closed and cancelled orders.
 */
export function selectOrders(filters: Readonly<Record<string, string>>): Selection | Refusal {
  const status = filters['status'] ?? 'open';
  if (!STATUSES.has(status)) return { status: 400, errors: { status: ['is invalid'] } };
  const bounds = timeBounds(filters, [
    ['updated_at', (r) => r.updatedMs],
    ['created_at', (r) => r.createdMs],
    ['processed_at', (r) => r.createdMs],
  ]);
  if (isRefusal(bounds)) return bounds;
  const ids = idList(filters, 'ids');
  if (isRefusal(ids)) return ids;
  const since = sinceId(filters);
  if (isRefusal(since)) return since;
  const order = ordering(filters);
  if (isRefusal(order)) return order;
  const financial = filters['financial_status'];
  const keep = allOf([
    status === 'any' ? null : (r: Row) => r.attrs?.['status'] === status,
    ids ? (r: Row) => ids.has(r.id) : null,
    since,
    financial === undefined || financial === 'any'
      ? null
      : financial === 'unpaid'
        ? (r: Row) => UNPAID.has(String(r.attrs?.['financial_status']))
        : (r: Row) => r.attrs?.['financial_status'] === financial,
    ...bounds,
  ]);
  return { keep, ...order };
}
