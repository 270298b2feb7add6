import type { PageRecord } from '../../kit/define.js';
import { sha256 } from '../../kit/envelope.js';
import { parseMsDate } from '../mappers/ms-date.js';

export interface RecordKeys {
  /** The id field of the resource, e.g. `InvoiceID`. */
  readonly idField: string;
  /** Extra text folded into the version when UpdatedDateUTC alone does not move (items: stock). */
  readonly versionExtra?: (item: Record<string, unknown>) => string;
}

/**
 * One record of a page as the pipeline stores it. The version is UpdatedDateUTC in epoch ms (Xero
 * bumps it on every change, deletes and voids included). A record without a readable id or stamp
 * is still kept (a hash stands in) so its mapper sends it to review instead of it being lost.
 */
export function toPageRecord(item: unknown, text: string, keys: RecordKeys): PageRecord {
  const obj = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const hash = sha256(text).slice(0, 16);
  const id = obj[keys.idField];
  const updated = parseMsDate(obj['UpdatedDateUTC']);
  const base = updated ? String(updated.epochMs) : `h${hash}`;
  const extra = keys.versionExtra?.(obj);
  return {
    externalId: typeof id === 'string' && id !== '' ? id : `unidentified-${hash}`,
    sourceVersion: extra ? `${base}:${extra}` : base,
    sourceUpdatedAt: updated ? updated.utc : null,
    payload: text,
    deleted: obj['Status'] === 'DELETED',
  };
}

/** UpdatedDateUTC of a record in epoch ms, or null. */
export function updatedMs(item: unknown): number | null {
  if (typeof item !== 'object' || item === null) return null;
  return parseMsDate((item as Record<string, unknown>)['UpdatedDateUTC'])?.epochMs ?? null;
}
