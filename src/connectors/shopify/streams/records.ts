import type { Page, PageRecord } from '../../kit/define.js';
import { sha256 } from '../../kit/envelope.js';
import type { ShopifyListPage } from '../client.js';

/** How a stream names one record: its id (or compound id) and its `updated_at` text. */
export type Identify = (item: Record<string, unknown>) => { id: string | null; updatedAt: unknown };

const OFFSET_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** `updated_at` as a UTC instant with ms, or null when it is missing or not a timestamp with offset. */
export function utcOf(value: unknown): string | null {
  if (typeof value !== 'string' || !OFFSET_TIMESTAMP.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  return null;
}

/**
 * Cuts one record from a page. externalId = the Shopify id, sourceVersion = updated_at in UTC.
 * A record without a usable id or updated_at is still kept (nothing is lost): it is named by the
 * hash of its text, and its mapper sends it to review with the reason.
 */
export function toPageRecord(item: unknown, identify: Identify): PageRecord {
  const payload = JSON.stringify(item);
  const fields =
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? identify(item as Record<string, unknown>)
      : null;
  const updated = utcOf(fields?.updatedAt);
  const id = fields?.id ?? null;
  // The hash names only a record without an id or updated_at: hashing every 6 KB order cost ~8 µs.
  const hash = id === null || updated === null ? `sha256:${sha256(payload).slice(0, 32)}` : '';
  return {
    externalId: id ?? `unidentified:${hash}`,
    sourceVersion: updated ?? hash,
    sourceUpdatedAt: updated,
    payload,
  };
}

export function toPage(page: ShopifyListPage, records: readonly PageRecord[], checkpoint: string | null): Page {
  return {
    records,
    body: page.response.body,
    contentType: page.response.headers['content-type'] ?? 'application/json',
    url: page.url,
    checkpoint,
  };
}

/** The latest sourceUpdatedAt among records (null if none has one). */
export function maxUpdatedAt(records: readonly PageRecord[], start: string | null): string | null {
  let max = start;
  for (const r of records) {
    if (r.sourceUpdatedAt !== null && (max === null || r.sourceUpdatedAt > max)) max = r.sourceUpdatedAt;
  }
  return max;
}

/** A checkpoint only when it moves the stored cursor forward; null keeps the previous one. */
export function forwardOnly(candidate: string | null, cursor: string | null): string | null {
  if (candidate === null) return null;
  if (cursor !== null && Date.parse(candidate) <= Date.parse(cursor)) return null;
  return candidate;
}
