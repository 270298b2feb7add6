import { canonicalId, type Product, parseInstant } from '../../../canonical/index.js';
import { type MapContext, type MapResult, provenanceOf } from '../../kit/mapper.js';
import { idText, neverThrows, parsePayload } from './parse.js';
import { ProductPayload } from './payload.js';

const PRODUCT_STATUSES = ['active', 'archived', 'draft'] as const;

/**
 * Shopify product → canonical Product. Prices are in the shop currency (MapContext.baseCurrency):
 * the REST product carries no currency of its own (presentment_prices are the buyer's). The product's
 * sku and unitPrice are its first variant's; every variant is kept. tracked = some variant is
 * managed by Shopify inventory; quantityOnHand = Σ variant inventory_quantity when tracked (the
 * per-location truth is the inventory_levels stream). unitCost lives on inventory items, not here.
 */
export function mapProduct(raw: unknown, ctx: MapContext): MapResult {
  return neverThrows('product', () => {
    const parsed = parsePayload(ProductPayload, raw, 'product');
    if (!parsed.ok) return parsed.result;
    const p = parsed.value;
    const sourceId = idText(p.id);
    const updated = parseInstant(p.updated_at);
    const variants = p.variants ?? [];
    const first = variants[0];
    const tracked = variants.some((v) => v.inventory_management === 'shopify');
    const status = PRODUCT_STATUSES.find((s) => s === p.status) ?? 'active';
    const product: Product = {
      kind: 'product',
      id: canonicalId('product', ctx.connectionId, sourceId),
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
      name: p.title,
      sku: first?.sku ? first.sku : null,
      productType: p.product_type ? p.product_type : null,
      currency: ctx.baseCurrency,
      unitPrice: first?.price ?? null,
      unitCost: null,
      tracked,
      quantityOnHand: tracked ? String(variants.reduce((n, v) => n + (v.inventory_quantity ?? 0), 0)) : null,
      variants: variants.map((v) => ({
        sourceId: idText(v.id),
        sku: v.sku ? v.sku : null,
        title: v.title ?? null,
        price: v.price ?? null,
        inventoryItemId: v.inventory_item_id == null ? null : idText(v.inventory_item_id),
      })),
      status: { value: status, original: p.status ?? 'null' },
    };
    return { ok: [product] };
  });
}
