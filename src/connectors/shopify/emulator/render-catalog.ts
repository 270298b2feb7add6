import type { CompanySpec, InventoryLevelAt, SynthLocation, SynthProduct } from '../../../emulation/economy/index.js';
import { formatShopTimestamp } from '../shop-time.js';

/**
 * Products (one "Default Title" variant each, like a shop without options), locations and
 * inventory levels in Shopify's REST shapes (fixtures/shopify/products_list.json,
 * locations_list.json, inventory_levels_list.json).
 */
export function renderProduct(p: SynthProduct, spec: CompanySpec, onHand: number): Record<string, unknown> {
  const ts = (at: string) => formatShopTimestamp(at, spec.timeZone);
  const id = Number(p.id);
  const handle = p.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    id,
    title: p.name,
    body_html: `<p>${p.name}</p>`,
    vendor: spec.legalName,
    product_type: spec.sectorName,
    created_at: ts(p.createdAt),
    handle,
    updated_at: ts(p.updatedAt),
    published_at: ts(p.createdAt),
    template_suffix: null,
    published_scope: 'web',
    tags: '',
    status: 'active',
    admin_graphql_api_id: `gid://shopify/Product/${id}`,
    variants: [
      {
        id: Number(p.variantId),
        product_id: id,
        title: 'Default Title',
        price: p.price,
        position: 1,
        inventory_policy: 'deny',
        compare_at_price: null,
        option1: 'Default Title',
        option2: null,
        option3: null,
        created_at: ts(p.createdAt),
        updated_at: ts(p.updatedAt),
        taxable: true,
        barcode: null,
        fulfillment_service: 'manual',
        grams: 0,
        inventory_management: p.tracked ? 'shopify' : null,
        requires_shipping: true,
        sku: p.sku,
        weight: 0,
        weight_unit: 'kg',
        inventory_item_id: Number(p.inventoryItemId),
        inventory_quantity: onHand,
        old_inventory_quantity: onHand,
        admin_graphql_api_id: `gid://shopify/ProductVariant/${p.variantId}`,
        image_id: null,
      },
    ],
    options: [{ id: id + 1, product_id: id, name: 'Title', position: 1, values: ['Default Title'] }],
    images: [],
    image: null,
  };
}

export function renderLocation(l: SynthLocation, spec: CompanySpec, since: string): Record<string, unknown> {
  const ts = formatShopTimestamp(since, spec.timeZone);
  return {
    id: Number(l.id),
    name: l.name,
    address1: '100 Example Street',
    address2: null,
    city: 'Exampleville',
    zip: '00000',
    province: null,
    country: spec.country,
    phone: null,
    created_at: ts,
    updated_at: ts,
    country_code: spec.country,
    province_code: null,
    legacy: false,
    active: true,
    admin_graphql_api_id: `gid://shopify/Location/${l.id}`,
  };
}

export function renderInventoryLevel(
  level: InventoryLevelAt,
  inventoryItemId: string,
  spec: CompanySpec,
): Record<string, unknown> {
  return {
    inventory_item_id: Number(inventoryItemId),
    location_id: Number(level.locationId),
    available: Number(level.quantity),
    updated_at: formatShopTimestamp(level.updatedAt, spec.timeZone),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${level.locationId}?inventory_item_id=${inventoryItemId}`,
  };
}
