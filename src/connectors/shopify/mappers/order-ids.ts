import { z } from 'zod';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { idText, neverThrows, parsePayload } from './parse.js';

const Id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]);

const OrderIdsPayload = z.object({
  asOf: z.string().nullable(),
  after: z.string().regex(/^\d+$/).nullable(),
  upTo: z.string().regex(/^\d+$/).nullable(),
  orders: z.array(z.looseObject({ id: Id })),
});

/**
 * One page of the order id sweep (streams/order-ids.ts) → no records, and the claim that the
 * orders with an id in (after, upTo] are exactly those listed, as of the shop's clock. A page
 * without the shop's clock claims nothing (marking by our own clock could delete newer orders).
 */
export function mapOrderIds(raw: unknown, _ctx: MapContext): MapResult {
  return neverThrows('order id sweep', () => {
    const parsed = parsePayload(OrderIdsPayload, raw, 'order id sweep');
    if (!parsed.ok) return parsed.result;
    const p = parsed.value;
    if (p.asOf === null || Number.isNaN(Date.parse(p.asOf))) return { ok: [] };
    return {
      ok: [],
      sweep: {
        kind: 'sales_order',
        after: p.after,
        upTo: p.upTo,
        present: p.orders.map((o) => idText(o.id)),
        asOf: new Date(Date.parse(p.asOf)).toISOString(),
      },
    };
  });
}
