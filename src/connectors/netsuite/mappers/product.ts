import type { Product } from '../../../canonical/index.js';
import { canonicalId } from '../../../canonical/index.js';
import type { Mapper } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { optionalAmount } from './amounts.js';
import { localToUtc } from './local-time.js';
import { parsePayload } from './parse-payload.js';
import { ItemRow } from './schemas.js';

/** Item types that keep stock (the others are bought or sold without an on-hand quantity). */
const TRACKED_TYPES = new Set(['InvtPart', 'Assembly']);

/**
 * A SuiteQL row of the `item` table. The sales price lives in the pricing matrix (price levels ×
 * currencies × quantity breaks), which this stream does not read: unitPrice stays null. `cost` is
 * the purchase price. Quantities come from the inventory stream, so quantityOnHand stays null.
 */
export const mapItemRow: Mapper = (raw, ctx) => {
  const parsed = parsePayload(raw, ItemRow);
  if ('failed' in parsed) return parsed.failed;
  const row = parsed.value;
  const updated = localToUtc(row.lastmodified, ctx.timeZone);
  if (updated === null)
    return review('LP_INPUT_SCHEMA', `lastmodified: unreadable ${row.lastmodified}`, 'lastmodified');
  let unitCost: string | null;
  try {
    unitCost = optionalAmount(row.cost);
  } catch {
    return review('LP_INPUT_SCHEMA', `cost: not a number ${JSON.stringify(row.cost)}`, 'cost');
  }
  const record = {
    id: canonicalId('product', ctx.connectionId, row.id),
    kind: 'product',
    companyId: ctx.connectionId,
    source: {
      platform: ctx.platform,
      connectionId: ctx.connectionId,
      sourceId: row.id,
      sourceUpdatedAt: updated.utc,
      sourceOffset: updated.offset,
    },
    provenance: provenanceOf(ctx),
    deleted: false,
    name: row.displayname ?? row.itemid,
    sku: row.itemid,
    productType: row.itemtype,
    // Item costs are kept in the company's base currency.
    currency: unitCost === null ? null : ctx.baseCurrency,
    unitPrice: null,
    unitCost,
    tracked: TRACKED_TYPES.has(row.itemtype),
    quantityOnHand: null,
    variants: [],
    status: { value: row.isinactive === 'T' ? 'archived' : 'active', original: row.isinactive ?? 'F' },
  } satisfies Product;
  return { ok: [record] };
};
