import { z } from 'zod';
import { DECIMAL_PATTERN } from '../../../canonical/index.js';

/**
 * Zod schemas of the Shopify REST payloads we read (only the fields we use; everything else passes
 * through untouched). Money is a decimal string on every order-level field: a JSON number or a
 * decimal comma there is a broken payload and goes to review, not through a float.
 */

/** Shopify ids are int64; REST sends JSON numbers (GraphQL-era payloads sometimes strings). */
export const ShopifyId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'expected a numeric id')]);

export const MoneyString = z.string().regex(DECIMAL_PATTERN, 'expected a decimal string such as "199.00"');

/** Some nested amounts (refund_line_items.subtotal) are JSON numbers upstream; their *_set is preferred. */
export const LooseAmount = z.union([MoneyString, z.number().finite()]);

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code');

const OFFSET_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
export const Timestamp = z
  .string()
  .refine(
    (v) => OFFSET_TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v)),
    'expected an ISO 8601 timestamp with offset',
  );

const Money = z.object({ amount: MoneyString, currency_code: Currency });
export const MoneyBag = z.object({ shop_money: Money, presentment_money: Money });

const TaxLine = z.object({ price: MoneyString, title: z.string().nullish() });
const DiscountAllocation = z.object({ amount: MoneyString });

export const LineItemPayload = z.object({
  id: ShopifyId,
  product_id: ShopifyId.nullish(),
  variant_id: ShopifyId.nullish(),
  sku: z.string().nullish(),
  title: z.string().nullish(),
  name: z.string().nullish(),
  quantity: z.number().int().nonnegative(),
  price: MoneyString,
  total_discount: MoneyString.nullish(),
  tax_lines: z.array(TaxLine).nullish(),
  discount_allocations: z.array(DiscountAllocation).nullish(),
});
export type LineItemPayload = z.infer<typeof LineItemPayload>;

const RefundTransaction = z.object({
  id: ShopifyId,
  amount: MoneyString,
  kind: z.string(),
  status: z.string().nullish(),
});

const RefundLineItem = z.object({
  id: ShopifyId,
  line_item_id: ShopifyId.nullish(),
  quantity: z.number().int().nonnegative(),
  subtotal: LooseAmount.nullish(),
  subtotal_set: MoneyBag.nullish(),
  total_tax: LooseAmount.nullish(),
  total_tax_set: MoneyBag.nullish(),
});

const OrderAdjustment = z.object({
  amount: MoneyString,
  tax_amount: MoneyString.nullish(),
  kind: z.string().nullish(),
});

export const RefundPayload = z.object({
  id: ShopifyId,
  created_at: Timestamp,
  transactions: z.array(RefundTransaction).nullish(),
  refund_line_items: z.array(RefundLineItem).nullish(),
  order_adjustments: z.array(OrderAdjustment).nullish(),
});
export type RefundPayload = z.infer<typeof RefundPayload>;

export const OrderPayload = z.object({
  id: ShopifyId,
  name: z.string().nullish(),
  order_number: z.number().int().nullish(),
  created_at: Timestamp,
  processed_at: Timestamp.nullish(),
  updated_at: Timestamp,
  cancelled_at: Timestamp.nullish(),
  cancel_reason: z.string().nullish(),
  closed_at: Timestamp.nullish(),
  currency: Currency,
  presentment_currency: Currency.nullish(),
  total_price: MoneyString,
  total_price_set: MoneyBag.nullish(),
  total_line_items_price: MoneyString.nullish(),
  total_discounts: MoneyString.nullish(),
  total_tax: MoneyString.nullish(),
  current_total_price: MoneyString.nullish(),
  financial_status: z.string().nullish(),
  taxes_included: z.boolean().nullish(),
  test: z.boolean().nullish(),
  customer: z
    .looseObject({ id: ShopifyId, first_name: z.string().nullish(), last_name: z.string().nullish() })
    .nullish(),
  line_items: z.array(LineItemPayload),
  refunds: z.array(RefundPayload).nullish(),
});
export type OrderPayload = z.infer<typeof OrderPayload>;

const VariantPayload = z.object({
  id: ShopifyId,
  title: z.string().nullish(),
  sku: z.string().nullish(),
  price: MoneyString.nullish(),
  inventory_item_id: ShopifyId.nullish(),
  inventory_quantity: z.number().int().nullish(),
  inventory_management: z.string().nullish(),
});

export const ProductPayload = z.object({
  id: ShopifyId,
  title: z.string(),
  product_type: z.string().nullish(),
  status: z.string().nullish(),
  updated_at: Timestamp,
  variants: z.array(VariantPayload).nullish(),
});
export type ProductPayload = z.infer<typeof ProductPayload>;

export const InventoryLevelPayload = z.object({
  inventory_item_id: ShopifyId,
  location_id: ShopifyId,
  available: z.number().int().nullable(),
  updated_at: Timestamp,
});
export type InventoryLevelPayload = z.infer<typeof InventoryLevelPayload>;

export const LocationPayload = z.object({
  id: ShopifyId,
  name: z.string().nullish(),
  updated_at: Timestamp.nullish(),
});
