import { add, cmp, round, sub } from '../../../canonical/index.js';
import type {
  CompanySpec,
  DocumentState,
  SynthLine,
  SynthParty,
  SynthProduct,
} from '../../../emulation/economy/index.js';
import { formatShopTimestamp } from '../shop-time.js';
import { moneyBag } from './money-bag.js';

export interface OrderContext {
  readonly spec: CompanySpec;
  readonly customers: ReadonlyMap<string, SynthParty>;
  readonly products: ReadonlyMap<string, SynthProduct>;
  /** The emulator's clock (UTC instant): events after it have not happened. */
  readonly now: string;
}

const money = (v: string) => round(v, 2);

/**
 * A sales order of the economy, as it stands at `now`, in the shape of Shopify's REST order
 * (fixtures/shopify/orders_list.json). Rules that mirror Shopify:
 * - checkout totals (total_price, subtotal_price, total_tax, total_discounts, total_line_items_price)
 *   are the order as created; current_* follow later edits, and current_total_price also subtracts
 *   refunds, so current_total_price + Σ refunds = the edited total.
 * - line_items keep every line ever on the order with its original quantity; current_quantity is
 *   its quantity now (0 once removed); lines added by an edit are appended.
 * - refunds are amount refunds: one successful `refund` transaction each, no refund lines.
 * - timestamps carry the shop's offset, without fractions of a second.
 * Prices are tax-exclusive (taxes_included false) because the economy's totals are.
 */
export function renderOrder(state: DocumentState, ctx: OrderContext): Record<string, unknown> {
  const { doc } = state;
  const { spec } = ctx;
  const currency = spec.currency;
  const ts = (at: string) => formatShopTimestamp(at, spec.timeZone);
  const bag = (amount: string) => moneyBag(money(amount), currency);
  const id = Number(doc.id);
  const orderNumber = Number(doc.number.replace(/^\D+/, ''));

  const past = doc.events.filter((e) => e.at <= ctx.now);
  const paid = past.some((e) => e.type === 'paid');
  const closedAt = state.status === 'closed' ? (past.filter((e) => e.type === 'closed').at(-1)?.at ?? null) : null;
  const refunded = add('0', ...state.refunds.map((r) => r.amount));
  const financialStatus = !paid
    ? state.status === 'cancelled'
      ? 'voided'
      : 'pending'
    : cmp(refunded, state.total) >= 0 && cmp(refunded, '0') > 0
      ? 'refunded'
      : cmp(refunded, '0') > 0
        ? 'partially_refunded'
        : 'paid';

  const nowLines = new Map(state.lines.map((l) => [l.lineId, l]));
  const firstLines = new Set(doc.lines.map((l) => l.lineId));
  const lineItems = [
    ...doc.lines.map((l) => renderLine(l, nowLines.get(l.lineId)?.quantity ?? '0', ctx)),
    ...state.lines.filter((l) => !firstLines.has(l.lineId)).map((l) => renderLine(l, l.quantity, ctx)),
  ];
  const taxByRate = new Map<string, string>();
  for (const l of doc.lines) taxByRate.set(l.taxRate, add(taxByRate.get(l.taxRate) ?? '0', l.tax));
  const hasDiscount = [...doc.lines, ...state.lines].some((l) => cmp(l.discount, '0') > 0);

  const party = ctx.customers.get(doc.partyId);
  const [firstName, ...rest] = (party?.name ?? 'Guest').split(' ');
  const address = {
    first_name: firstName ?? null,
    last_name: rest.join(' ') || null,
    name: party?.name ?? null,
    company: null,
    address1: '100 Example Street',
    address2: '',
    city: 'Exampleville',
    zip: '00000',
    province: null,
    country_code: spec.country,
    province_code: null,
    phone: null,
  };

  const currentSubtotal = sub(state.subtotal, state.discountTotal);
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    app_id: null,
    buyer_accepts_marketing: false,
    cancel_reason: state.cancelledAt ? 'customer' : null,
    cancelled_at: state.cancelledAt ? ts(state.cancelledAt) : null,
    closed_at: closedAt ? ts(closedAt) : null,
    confirmation_number: null,
    confirmed: true,
    contact_email: party?.email ?? null,
    created_at: ts(doc.createdAt),
    currency,
    current_subtotal_price: money(currentSubtotal),
    current_subtotal_price_set: bag(currentSubtotal),
    current_total_discounts: money(state.discountTotal),
    current_total_discounts_set: bag(state.discountTotal),
    current_total_price: money(sub(state.total, refunded)),
    current_total_price_set: bag(sub(state.total, refunded)),
    current_total_tax: money(state.taxTotal),
    current_total_tax_set: bag(state.taxTotal),
    customer_locale: null,
    discount_codes: [],
    email: party?.email ?? null,
    estimated_taxes: false,
    financial_status: financialStatus,
    fulfillment_status: null,
    location_id: null,
    name: doc.number,
    note: null,
    number: orderNumber - 1000,
    order_number: orderNumber,
    payment_gateway_names: paid ? ['shopify_payments'] : [],
    po_number: null,
    presentment_currency: currency,
    processed_at: ts(doc.createdAt),
    source_name: 'web',
    subtotal_price: money(sub(doc.subtotal, doc.discountTotal)),
    subtotal_price_set: bag(sub(doc.subtotal, doc.discountTotal)),
    tags: '',
    tax_exempt: false,
    tax_lines: [...taxByRate].map(([rate, price]) => ({
      price: money(price),
      rate: Number(rate),
      title: 'Tax',
      price_set: bag(price),
      channel_liable: false,
    })),
    taxes_included: false,
    test: false,
    total_discounts: money(doc.discountTotal),
    total_discounts_set: bag(doc.discountTotal),
    total_line_items_price: money(doc.subtotal),
    total_line_items_price_set: bag(doc.subtotal),
    total_outstanding: paid ? '0.00' : money(state.total),
    total_price: money(doc.total),
    total_price_set: bag(doc.total),
    total_shipping_price_set: bag('0'),
    total_tax: money(doc.taxTotal),
    total_tax_set: bag(doc.taxTotal),
    total_tip_received: '0.00',
    total_weight: 0,
    updated_at: ts(state.updatedAt),
    user_id: null,
    billing_address: address,
    shipping_address: address,
    customer: party
      ? {
          id: Number(party.id),
          email: party.email,
          created_at: ts(party.createdAt),
          updated_at: ts(party.updatedAt),
          first_name: address.first_name,
          last_name: address.last_name,
          state: 'enabled',
          note: null,
          verified_email: true,
          tax_exempt: false,
          currency,
          admin_graphql_api_id: `gid://shopify/Customer/${party.id}`,
        }
      : null,
    discount_applications: hasDiscount
      ? [
          {
            target_type: 'line_item',
            type: 'manual',
            value: '0.0',
            value_type: 'fixed_amount',
            allocation_method: 'each',
            target_selection: 'explicit',
            title: 'Discount',
            description: 'Discount',
          },
        ]
      : [],
    fulfillments: [],
    line_items: lineItems,
    payment_terms: null,
    refunds: state.refunds.map((r) => ({
      id: Number(r.id),
      admin_graphql_api_id: `gid://shopify/Refund/${r.id}`,
      created_at: ts(r.at),
      note: null,
      order_id: id,
      processed_at: ts(r.at),
      restock: false,
      user_id: null,
      order_adjustments: [],
      transactions: [
        {
          id: Number(`${r.id}1`),
          admin_graphql_api_id: `gid://shopify/OrderTransaction/${r.id}1`,
          amount: money(r.amount),
          created_at: ts(r.at),
          currency,
          gateway: 'shopify_payments',
          kind: 'refund',
          order_id: id,
          processed_at: ts(r.at),
          source_name: 'web',
          status: 'success',
          test: false,
        },
      ],
      refund_line_items: [],
    })),
    shipping_lines: [],
  };
}

function renderLine(line: SynthLine, currentQuantity: string, ctx: OrderContext): Record<string, unknown> {
  const currency = ctx.spec.currency;
  const product = line.productId === null ? undefined : ctx.products.get(line.productId);
  const discounted = cmp(line.discount, '0') > 0;
  const taxed = cmp(line.taxRate, '0') > 0;
  return {
    id: Number(line.lineId),
    admin_graphql_api_id: `gid://shopify/LineItem/${line.lineId}`,
    current_quantity: Number(currentQuantity),
    fulfillable_quantity: Number(currentQuantity),
    fulfillment_service: 'manual',
    fulfillment_status: null,
    gift_card: false,
    grams: 0,
    name: line.description,
    price: money(line.unitPrice),
    price_set: moneyBag(money(line.unitPrice), currency),
    product_exists: product !== undefined,
    product_id: product ? Number(product.id) : null,
    properties: [],
    quantity: Number(line.quantity),
    requires_shipping: true,
    sku: line.sku ?? '',
    taxable: taxed,
    title: line.description,
    total_discount: '0.00',
    total_discount_set: moneyBag('0.00', currency),
    variant_id: product ? Number(product.variantId) : null,
    variant_inventory_management: product?.tracked ? 'shopify' : null,
    variant_title: null,
    vendor: ctx.spec.legalName,
    tax_lines: taxed
      ? [
          {
            channel_liable: false,
            price: money(line.tax),
            price_set: moneyBag(money(line.tax), currency),
            rate: Number(line.taxRate),
            title: 'Tax',
          },
        ]
      : [],
    duties: [],
    discount_allocations: discounted
      ? [
          {
            amount: money(line.discount),
            amount_set: moneyBag(money(line.discount), currency),
            discount_application_index: 0,
          },
        ]
      : [],
  };
}
