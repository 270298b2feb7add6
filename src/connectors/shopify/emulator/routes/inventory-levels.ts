import type { Refusal, Row, Selection } from '../listing.js';
import { allOf, idList, isRefusal, timeBounds } from './filters.js';

/**
 * Filters of GET inventory_levels.json: at least one of inventory_item_ids / location_ids, each
 * at most 50 ids (contract §3); ordered by (inventory item, location).
 */
export function selectInventoryLevels(filters: Readonly<Record<string, string>>): Selection | Refusal {
  const items = idList(filters, 'inventory_item_ids', 50);
  if (isRefusal(items)) return items;
  const locations = idList(filters, 'location_ids', 50);
  if (isRefusal(locations)) return locations;
  if (!items && !locations) {
    return { status: 422, errors: { base: ['must specify at least one of inventory_item_ids or location_ids'] } };
  }
  const bounds = timeBounds(filters, [['updated_at', (r) => r.updatedMs]]);
  if (isRefusal(bounds)) return bounds;
  const keep = allOf([
    items ? (r: Row) => items.has(Number(r.attrs?.['inventory_item_id'])) : null,
    locations ? (r: Row) => locations.has(Number(r.attrs?.['location_id'])) : null,
    ...bounds,
  ]);
  return {
    keep,
    key: (r) => [Number(r.attrs?.['inventory_item_id']), Number(r.attrs?.['location_id'])],
    descending: false,
  };
}
