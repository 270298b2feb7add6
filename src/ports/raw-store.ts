import type { RawEnvelope } from '../canonical/index.js';

/** The bytes of a whole page or file, kept once by content hash. */
export interface RawPage {
  readonly hash: string;
  readonly connectionId: string;
  readonly contentType: string;
  readonly body: string;
  readonly source: string;
  readonly fetchedAt: string;
}

export interface RawFilter {
  readonly ids?: readonly string[];
  readonly connectionId?: string;
  readonly platform?: string;
  readonly object?: string;
  readonly fetchedFrom?: string;
  readonly fetchedTo?: string;
  readonly runId?: string;
}

/** Append-only, content-addressed store of everything ever fetched. There is no update. */
export interface RawStore {
  /** Idempotent on envelope id and page hash; all in one transaction. Returns new envelope count. */
  put(envelopes: readonly RawEnvelope[], pages?: readonly RawPage[]): Promise<number>;
  get(ids: readonly string[]): Promise<RawEnvelope[]>;
  getPage(hash: string): Promise<RawPage | undefined>;
  /** Streams matching envelopes in id order, `batchSize` at a time. */
  scan(filter: RawFilter, batchSize?: number): AsyncIterable<RawEnvelope[]>;
  count(filter?: RawFilter): Promise<number>;
}
