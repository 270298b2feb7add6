/**
 * The SuiteQL the connector sends. Every query pages by keyset on a unique ordering key, so a
 * record modified while a sync pages cannot shift rows across page boundaries (offset paging
 * can skip a row then): each page is a fresh query for rows strictly after the last one seen,
 * fetched with offset 0, which also keeps clear of the 100,000-row paging cap.
 *
 * Timestamps are wall clocks in the integration user's time zone: TO_CHAR writes them,
 * TO_TIMESTAMP reads them back, and the connector never converts them, so the zone cancels out.
 */
export const SUITEQL_TIMESTAMP = 'YYYY-MM-DD HH24:MI:SS';
const LOCAL_TS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ID = /^\d+$/;

/** A position in a (timestamp, id) ordering. */
export interface TimeKey {
  readonly at: string;
  readonly id: string;
}

function ts(at: string): string {
  // Values come from our own cursor or NetSuite's TO_CHAR; anything else would be an injection.
  if (!LOCAL_TS.test(at)) throw new RangeError(`not a SuiteQL wall clock: ${JSON.stringify(at)}`);
  return `TO_TIMESTAMP('${at}', '${SUITEQL_TIMESTAMP}')`;
}

function id(value: string): string {
  if (!ID.test(value)) throw new RangeError(`not a numeric internal id: ${JSON.stringify(value)}`);
  return value;
}

/** `col > k OR (col = k AND idCol > id)`, or `col >= since` when starting a run. */
function timeWindow(col: string, idCol: string, after: TimeKey | null, since: string | null): string | null {
  if (after) return `(${col} > ${ts(after.at)} OR (${col} = ${ts(after.at)} AND ${idCol} > ${id(after.id)}))`;
  if (since !== null) return `${col} >= ${ts(since)}`;
  return null;
}

function where(...conditions: (string | null)[]): string {
  const present = conditions.filter((c): c is string => c !== null);
  return present.length === 0 ? '' : ` WHERE ${present.join(' AND ')}`;
}

/** Changed transactions of one type (ids and last-modified only: the record read gives the rest). */
export function transactionsQuery(typeCode: string, after: TimeKey | null, since: string | null): string {
  if (!/^[A-Za-z]+$/.test(typeCode)) throw new RangeError(`bad transaction type ${typeCode}`);
  return (
    `SELECT t.id, TO_CHAR(t.lastmodifieddate, '${SUITEQL_TIMESTAMP}') AS lastmodified FROM transaction t` +
    where(`t.type = '${typeCode}'`, timeWindow('t.lastmodifieddate', 't.id', after, since)) +
    ' ORDER BY t.lastmodifieddate, t.id'
  );
}

/** Deletions of one record type from the deleted-record log. */
export function deletionsQuery(recordType: string, after: TimeKey | null, since: string | null): string {
  if (!/^[a-z]+$/.test(recordType)) throw new RangeError(`bad record type ${recordType}`);
  return (
    `SELECT d.recordid, d.type, d.name, TO_CHAR(d.deleteddate, '${SUITEQL_TIMESTAMP}') AS deleted FROM deletedrecord d` +
    where(`d.type = '${recordType}'`, timeWindow('d.deleteddate', 'd.recordid', after, since)) +
    ' ORDER BY d.deleteddate, d.recordid'
  );
}

/** Stocked and non-stock items changed since the cursor. */
export function itemsQuery(after: TimeKey | null, since: string | null): string {
  return (
    'SELECT i.id, i.itemid, i.displayname, i.itemtype, i.cost, i.isinactive, ' +
    `TO_CHAR(i.createddate, '${SUITEQL_TIMESTAMP}') AS created, ` +
    `TO_CHAR(i.lastmodifieddate, '${SUITEQL_TIMESTAMP}') AS lastmodified FROM item i` +
    where(
      "i.itemtype IN ('InvtPart', 'NonInvtPart', 'Assembly')",
      timeWindow('i.lastmodifieddate', 'i.id', after, since),
    ) +
    ' ORDER BY i.lastmodifieddate, i.id'
  );
}

export interface ItemLocationKey {
  readonly item: string;
  readonly location: string;
}

/** On-hand per item and location: a full snapshot (the table has no last-modified column). */
export function inventoryQuery(after: ItemLocationKey | null): string {
  const keyset = after
    ? `(iil.item > ${id(after.item)} OR (iil.item = ${id(after.item)} AND iil.location > ${id(after.location)}))`
    : null;
  return (
    'SELECT iil.item, BUILTIN.DF(iil.item) AS itemname, iil.location, iil.quantityonhand, iil.quantityavailable, ' +
    'iil.averagecostmli FROM inventoryitemlocations iil' +
    where(keyset) +
    ' ORDER BY iil.item, iil.location'
  );
}

/** A wall clock moved back by `ms` (cursor overlap), computed on the text as if it were UTC. */
export function wallClockMinus(at: string, ms: number): string {
  if (!LOCAL_TS.test(at)) throw new RangeError(`not a SuiteQL wall clock: ${JSON.stringify(at)}`);
  const t = Date.parse(`${at.replace(' ', 'T')}Z`) - ms;
  return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Rows already taken in this run, by (key, version). A keyset page can legitimately hand back
 * rows already seen: a row repeated across pages, or wall clocks repeated by a DST fall-back
 * (TO_TIMESTAMP resolves them to the first occurrence). Old entries are pruned by wall clock.
 */
export class SeenRows {
  private readonly seen = new Map<string, string>();
  constructor(private readonly keepMs = 3 * 3_600_000) {}

  /** True the first time (key, version) is offered. */
  take(key: string, version: string, at: string): boolean {
    const k = `${key}\u0000${version}`;
    if (this.seen.has(k)) return false;
    this.seen.set(k, at);
    if (this.seen.size > 20_000) {
      const floor = wallClockMinus(at, this.keepMs);
      for (const [entry, when] of this.seen) if (when < floor) this.seen.delete(entry);
    }
    return true;
  }
}

/** Orders two (timestamp, id) keys the way ORDER BY ts, id does (ids numerically). */
export function compareTimeKeys(a: TimeKey, b: TimeKey): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The later of two keys (either may be null): checkpoints only move forward. */
export function laterKey(a: TimeKey | null, b: TimeKey | null): TimeKey | null {
  if (!a) return b;
  if (!b) return a;
  return compareTimeKeys(b, a) > 0 ? b : a;
}
