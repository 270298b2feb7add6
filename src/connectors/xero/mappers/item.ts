import type { CanonicalRecord, InventoryLevel, Product } from '../../../canonical/index.js';
import { canonicalId, cmp, div, round } from '../../../canonical/index.js';
import type { Mapper } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { optionalAmount } from './amounts.js';
import { checked } from './document.js';
import { updatedStampOf } from './document-dates.js';
import { parsePayload } from './parse-payload.js';
import { XeroItem } from './schemas.js';

/**
 * `/Items` record → a product, plus an inventory level when Xero tracks it (IsTrackedAsInventory).
 * Xero keeps one quantity per organisation (no locations). Item prices are in the base currency.
 * The level's unit cost is the average cost TotalCostPool ÷ QuantityOnHand when stock is positive.
 * Xero has no item status and no item tombstones (deleted items vanish), so products are `active`.
 */
export const mapItem: Mapper = (raw, ctx) => {
  const parsed = parsePayload(raw, XeroItem);
  if ('failed' in parsed) return parsed.failed;
  const item = parsed.value;
  const stamp = updatedStampOf(item.UpdatedDateUTC);
  if (!stamp) return review('LP_INPUT_MAPPING', 'UpdatedDateUTC is not a /Date()/ value', 'UpdatedDateUTC');
  const tracked = item.IsTrackedAsInventory === true;
  const quantity = tracked ? (optionalAmount(item.QuantityOnHand) ?? '0') : null;
  const source = {
    platform: ctx.platform,
    connectionId: ctx.connectionId,
    sourceId: item.ItemID,
    sourceUpdatedAt: stamp.sourceUpdatedAt,
    sourceOffset: stamp.sourceOffset,
  };
  const product: Product = {
    kind: 'product',
    id: canonicalId('product', ctx.connectionId, item.ItemID),
    companyId: ctx.connectionId,
    source,
    provenance: provenanceOf(ctx),
    deleted: false,
    name: item.Name || item.Code,
    sku: item.Code || null,
    productType: tracked ? 'inventory' : null,
    currency: ctx.baseCurrency,
    unitPrice: optionalAmount(item.SalesDetails?.UnitPrice),
    unitCost: optionalAmount(item.PurchaseDetails?.UnitPrice),
    tracked,
    quantityOnHand: quantity,
    variants: [],
    status: { value: 'active', original: tracked ? 'TRACKED' : 'UNTRACKED' },
  };
  const records: CanonicalRecord[] = [product];
  if (quantity !== null) {
    const pool = optionalAmount(item.TotalCostPool);
    const level: InventoryLevel = {
      kind: 'inventory_level',
      id: canonicalId('inventory_level', ctx.connectionId, item.ItemID),
      companyId: ctx.connectionId,
      source,
      provenance: provenanceOf(ctx),
      deleted: false,
      itemSourceId: item.ItemID,
      sku: item.Code || null,
      locationId: null,
      quantity,
      asOf: stamp.sourceUpdatedAt,
      unitCost: pool !== null && cmp(quantity, '0') > 0 ? round(div(pool, quantity), 4) : null,
      currency: ctx.baseCurrency,
    };
    records.push(level);
  }
  return checked(...records);
};
