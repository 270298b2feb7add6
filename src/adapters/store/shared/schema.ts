import type { Generated } from 'kysely';

/** One Kysely schema type for every store dialect; differences live in each dialect.ts. */
export interface RawPagesTable {
  hash: string;
  connection_id: string;
  content_type: string;
  body: string;
  source: string;
  fetched_at: string;
}

export interface RawEnvelopesTable {
  id: string;
  platform: string;
  connection_id: string;
  object: string;
  external_id: string;
  source_version: string;
  source_updated_at: string | null;
  fetched_at: string;
  content_type: string;
  payload: string;
  payload_hash: string;
  page_hash: string | null;
  run_id: string | null;
}

export interface CanonicalRecordsTable {
  id: string;
  kind: string;
  connection_id: string;
  source_id: string;
  source_updated_at: string;
  envelope_id: string;
  mapping_version: string;
  deleted: number;
  doc_date: string | null;
  currency: string | null;
  total: string | null;
  data: unknown;
  written_at: string;
}

export interface ReviewItemsTable {
  id: string;
  reason: string;
  message: string;
  platform: string;
  connection_id: string;
  object: string | null;
  envelope_id: string | null;
  field: string | null;
  detail: unknown;
  status: string;
  first_seen: string;
  last_seen: string;
  occurrences: number;
  resolved_by: string | null;
  note: string | null;
}

export interface ConnectionsTable {
  id: string;
  platform: string;
  account: string;
  base_url: string;
  company: unknown;
  sealed_credentials: string | null;
  schedule: string | null;
  created_at: string;
}

export interface StreamStateTable {
  connection_id: string;
  stream: string;
  cursor: string | null;
  last_sync_at: string | null;
  last_error: string | null;
  failures: number;
}

export interface QueueMessagesTable {
  seq: Generated<number>;
  topic: string;
  id: string;
  body: string;
  attempts: number;
  visible_at: number;
  published_at: number;
  lease_token: string | null;
  dead: number;
  dead_reason: string | null;
}

export interface StoreSchema {
  raw_pages: RawPagesTable;
  raw_envelopes: RawEnvelopesTable;
  canonical_records: CanonicalRecordsTable;
  review_items: ReviewItemsTable;
  connections: ConnectionsTable;
  stream_state: StreamStateTable;
}
