import type { InventoryLevel } from '../../../canonical/index.js';
import { canonicalId, parseInstant } from '../../../canonical/index.js';
import type { Mapper } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { optionalAmount } from './amounts.js';
import { parsePayload } from './parse-payload.js';
import { InventorySnapshot } from './schemas.js';

/** The source id of one item's level at one location. */
export function inventoryLevelSourceId(item: string, location: string): string {
  return `${item}:${location}`;
}

/**
 * An `inventoryitemlocations` row wrapped with the instant it was observed. On-hand is what is
 * physically there (available = on hand − committed); average cost is in the base currency.
 */
export const mapInventorySnapshot: Mapper = (raw, ctx) => {
  const parsed = parsePayload(raw, InventorySnapshot);
  if ('failed' in parsed) return parsed.failed;
  const { row, observedAt } = parsed.value;
  let quantity: string | null;
  let unitCost: string | null;
  try {
    quantity = optionalAmount(row.quantityonhand);
    unitCost = optionalAmount(row.averagecostmli);
  } catch {
    return review('LP_INPUT_SCHEMA', 'row.quantityonhand or row.averagecostmli is not a number', 'row.quantityonhand');
  }
  const observed = parseInstant(observedAt);
  const sourceId = inventoryLevelSourceId(row.item, row.location);
  const record = {
    id: canonicalId('inventory_level', ctx.connectionId, sourceId),
    kind: 'inventory_level',
    companyId: ctx.connectionId,
    source: {
      platform: ctx.platform,
      connectionId: ctx.connectionId,
      sourceId,
      sourceUpdatedAt: observed.utc,
      sourceOffset: observed.offset,
    },
    provenance: provenanceOf(ctx),
    deleted: false,
    itemSourceId: row.item,
    sku: row.itemname ?? null,
    locationId: row.location,
    // SuiteQL omits null columns: no on-hand figure means nothing on hand.
    quantity: quantity ?? '0',
    asOf: observed.utc,
    unitCost,
    currency: unitCost === null ? null : ctx.baseCurrency,
  } satisfies InventoryLevel;
  return { ok: [record] };
};
