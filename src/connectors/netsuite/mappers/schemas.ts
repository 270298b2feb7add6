import { z } from 'zod';

/**
 * Zod shapes of the NetSuite payloads the connector stores: REST record JSON (transactions read
 * with expandSubResources=true) and SuiteQL rows (items, inventory per location, deleted records).
 * Loose objects: accounts add custom fields (custbody_*, custcol_*) and forms change which fields
 * exist, so only what the mappers read is checked.
 */

/** A JSON number, or the numeric string some views send; checked again by toDecimal. */
const Num = z.union([z.number().finite(), z.string().regex(/^-?\d+(\.\d+)?$/)]);

/** A record reference `{id, refName, links}`. */
export const Ref = z.looseObject({ id: z.string(), refName: z.string().optional() });
export type Ref = z.infer<typeof Ref>;

/** A select/status field `{id, refName}` (the id is often the display text itself). */
export const SelectValue = z.looseObject({ id: z.string(), refName: z.string().optional() });

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
/** Record timestamps are UTC with a Z: "2025-12-19T15:23:00Z". */
const IsoInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/, 'expected an ISO UTC timestamp');

export const TransactionLine = z.looseObject({
  line: z.number().int().nonnegative().optional(),
  item: Ref.optional(),
  itemType: SelectValue.optional(),
  description: z.string().optional(),
  /** Expense lines carry an account and a memo instead of an item and a description. */
  account: Ref.optional(),
  memo: z.string().optional(),
  quantity: Num.optional(),
  rate: Num.optional(),
  amount: Num.optional(),
  /** Legacy tax: the line's tax amount and rate (percent). */
  tax1Amt: Num.optional(),
  taxRate1: Num.optional(),
  quantityReceived: Num.optional(),
  quantityBilled: Num.optional(),
  quantityFulfilled: Num.optional(),
  isClosed: z.boolean().optional(),
});
export type TransactionLine = z.infer<typeof TransactionLine>;

/** A sublist collection; `items` is absent when the record was read without expandSubResources. */
export const Sublist = z.looseObject({
  items: z.array(TransactionLine).optional(),
  totalResults: z.number().int().optional(),
});

export const TransactionRecord = z.looseObject({
  id: z.string().regex(/^\d+$/, 'expected a numeric internal id'),
  tranId: z.string().optional(),
  tranDate: IsoDate,
  dueDate: IsoDate.optional(),
  shipDate: IsoDate.optional(),
  createdDate: IsoInstant.optional(),
  lastModifiedDate: IsoInstant,
  entity: Ref.optional(),
  status: SelectValue.optional(),
  orderStatus: SelectValue.optional(),
  currency: Ref,
  exchangeRate: Num.optional(),
  subtotal: Num.optional(),
  discountTotal: Num.optional(),
  taxTotal: Num.optional(),
  total: Num,
  amountRemaining: Num.optional(),
  amountPaid: Num.optional(),
  unapplied: Num.optional(),
  item: Sublist.optional(),
  expense: Sublist.optional(),
  memo: z.string().optional(),
  otherRefNum: z.string().optional(),
});
export type TransactionRecord = z.infer<typeof TransactionRecord>;

/** SuiteQL returns every value as a string and omits null columns. */
const SqlString = z.string();
/** SuiteQL TO_CHAR(…, 'YYYY-MM-DD HH24:MI:SS') in the integration user's time zone. */
export const SqlLocalTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected YYYY-MM-DD HH24:MI:SS');

export const ItemRow = z.looseObject({
  id: z.string().regex(/^\d+$/),
  itemid: SqlString,
  displayname: SqlString.optional(),
  itemtype: SqlString,
  cost: SqlString.optional(),
  isinactive: z.enum(['T', 'F']).optional(),
  created: SqlLocalTimestamp.optional(),
  lastmodified: SqlLocalTimestamp,
});
export type ItemRow = z.infer<typeof ItemRow>;

export const InventoryRow = z.looseObject({
  item: z.string().regex(/^\d+$/),
  itemname: SqlString.optional(),
  location: z.string().regex(/^\d+$/),
  quantityonhand: SqlString.optional(),
  averagecostmli: SqlString.optional(),
});
export type InventoryRow = z.infer<typeof InventoryRow>;

/**
 * What the inventory stream stores: the SuiteQL row untouched, wrapped with the instant it was
 * observed (the server's Date header). inventoryitemlocations has no last-modified column, so
 * the observation time is the level's version and its `asOf`.
 */
export const InventorySnapshot = z.object({ observedAt: IsoInstant, row: InventoryRow });
export type InventorySnapshot = z.infer<typeof InventorySnapshot>;

export const DeletedRow = z.looseObject({
  recordid: z.string().regex(/^\d+$/),
  type: SqlString,
  name: SqlString.optional(),
  deleted: SqlLocalTimestamp,
});
export type DeletedRow = z.infer<typeof DeletedRow>;
