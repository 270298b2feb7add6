import type { PageRecord } from '../../kit/define.js';
import { sha256 } from '../../kit/envelope.js';

interface Meta {
  readonly Id?: unknown;
  readonly SyncToken?: unknown;
  readonly status?: unknown;
  readonly MetaData?: { readonly LastUpdatedTime?: unknown } | null;
}

export function lastUpdatedOf(item: unknown): string | null {
  const t = (item as Meta | null)?.MetaData?.LastUpdatedTime;
  if (typeof t !== 'string') return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function isDeleted(item: unknown): boolean {
  return (item as Meta | null)?.status === 'Deleted';
}

/**
 * One QBO entity as a page record. Version = LastUpdatedTime (UTC) and SyncToken, so an edit is a new
 * envelope and a re-read is the same one. A record without an Id (malformed) is still kept, under a
 * content-derived id, so it reaches review instead of vanishing.
 */
export function toPageRecord(item: unknown): PageRecord {
  const payload = JSON.stringify(item);
  const meta = (item ?? {}) as Meta;
  const id = typeof meta.Id === 'string' && meta.Id !== '' ? meta.Id : `unidentified-${sha256(payload).slice(0, 16)}`;
  const updatedAt = lastUpdatedOf(item);
  const deleted = isDeleted(item);
  const token = deleted
    ? 'deleted'
    : typeof meta.SyncToken === 'string'
      ? meta.SyncToken
      : sha256(payload).slice(0, 12);
  return {
    externalId: id,
    sourceVersion: `${updatedAt ?? 'unknown'}|${token}`,
    sourceUpdatedAt: updatedAt,
    payload,
    ...(deleted ? { deleted: true } : {}),
  };
}
