import type { CanonicalRecord, InventoryLevel, Product } from '../../../canonical/index.js';
import { canonicalId } from '../../../canonical/index.js';
import type { Mapper } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { dec } from './lines.js';
import { isDeletionNotice, parsePayload } from './parse.js';
import { QboItem } from './schemas.js';
import { sourceOf } from './source.js';
import { mapTombstone } from './tombstone.js';

/**
 * QBO Item → canonical product, plus an inventory level for `Type: "Inventory"` items that track
 * quantity (`TrackQtyOnHand` with `QtyOnHand`). QBO keeps one company-wide quantity, so the level
 * has no location. Item prices are in the home currency. `Category` items only group others and
 * yield nothing; inactive items (QBO's "delete" of an item) are archived.
 */
export const mapItem: Mapper = (raw, ctx) => {
  const parsed = parsePayload(QboItem, raw, 'Item');
  if ('failed' in parsed) {
    if (isDeletionNotice(raw)) return mapTombstone(raw, ctx, { kind: 'product' }, 'Item');
    return parsed.failed;
  }
  const item = parsed.data;
  if (item.Type === 'Category') return { ok: [] };
  const source = sourceOf(ctx, item.Id, item.MetaData?.LastUpdatedTime, item.InvStartDate);
  if ('error' in source) return review('LP_INPUT_SCHEMA', source.error, 'MetaData.LastUpdatedTime');
  const tracked = item.TrackQtyOnHand === true;
  const quantity = tracked && item.QtyOnHand !== undefined ? dec(item.QtyOnHand) : null;
  const unitCost = item.PurchaseCost === undefined ? null : dec(item.PurchaseCost);
  const sku = item.Sku?.trim() ? item.Sku : null;
  const deleted = item.status === 'Deleted';
  const product: Product = {
    id: canonicalId('product', ctx.connectionId, item.Id),
    kind: 'product',
    companyId: ctx.connectionId,
    source,
    provenance: provenanceOf(ctx),
    deleted,
    name: item.Name,
    sku,
    productType: item.Type ?? null,
    currency: ctx.baseCurrency,
    unitPrice: item.UnitPrice === undefined ? null : dec(item.UnitPrice),
    unitCost,
    tracked,
    quantityOnHand: quantity,
    variants: [],
    status: deleted
      ? { value: 'deleted', original: 'Deleted' }
      : item.Active === false
        ? { value: 'archived', original: 'Active=false' }
        : { value: 'active', original: 'Active=true' },
  };
  const out: CanonicalRecord[] = [product];
  if (quantity !== null) {
    const level: InventoryLevel = {
      id: canonicalId('inventory_level', ctx.connectionId, item.Id),
      kind: 'inventory_level',
      companyId: ctx.connectionId,
      source,
      provenance: provenanceOf(ctx),
      deleted,
      itemSourceId: item.Id,
      sku,
      locationId: null,
      quantity,
      asOf: source.sourceUpdatedAt,
      unitCost,
      currency: ctx.baseCurrency,
    };
    out.push(level);
  }
  return { ok: out };
};
