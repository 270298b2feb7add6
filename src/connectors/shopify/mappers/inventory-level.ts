import { canonicalId, type InventoryLevel, parseInstant } from '../../../canonical/index.js';
import { type MapContext, type MapResult, provenanceOf } from '../../kit/mapper.js';
import { idText, neverThrows, parsePayload } from './parse.js';
import { InventoryLevelPayload } from './payload.js';

/** An inventory level has no id of its own: it is the pair (inventory item, location). */
export function inventoryLevelId(itemId: number | string, locationId: number | string): string {
  return `${idText(itemId)}:${idText(locationId)}`;
}

/**
 * Shopify inventory level → canonical InventoryLevel: quantity = `available` at `location_id` as of
 * `updated_at`. itemSourceId is the inventory item id (one per variant). `available: null` means
 * the item is not tracked at that location: there is no quantity to record, so nothing is emitted.
 * Cost lives on the inventory item (another endpoint), so unitCost/currency stay null here.
 */
export function mapInventoryLevel(raw: unknown, ctx: MapContext): MapResult {
  return neverThrows('inventory level', () => {
    const parsed = parsePayload(InventoryLevelPayload, raw, 'inventory level');
    if (!parsed.ok) return parsed.result;
    const l = parsed.value;
    if (l.available === null) return { ok: [] };
    const sourceId = inventoryLevelId(l.inventory_item_id, l.location_id);
    const updated = parseInstant(l.updated_at);
    const level: InventoryLevel = {
      kind: 'inventory_level',
      id: canonicalId('inventory_level', ctx.connectionId, sourceId),
      companyId: ctx.connectionId,
      source: {
        platform: 'shopify',
        connectionId: ctx.connectionId,
        sourceId,
        sourceUpdatedAt: updated.utc,
        sourceOffset: updated.offset,
      },
      provenance: provenanceOf(ctx),
      deleted: false,
      itemSourceId: idText(l.inventory_item_id),
      sku: null,
      locationId: idText(l.location_id),
      quantity: String(l.available),
      asOf: updated.utc,
      unitCost: null,
      currency: null,
    };
    return { ok: [level] };
  });
}
