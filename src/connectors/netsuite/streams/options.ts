/** Tunables of the NetSuite streams; defaults in DEFAULT_STREAM_OPTIONS (index.ts may override). */
export interface StreamOptions {
  /** Account concurrency this connector may use (Standard tier allows 5 for all integrations). */
  readonly maxConcurrency: number;
  /** SuiteQL rows per page for transaction streams (each row is then one record read). */
  readonly transactionPageSize: number;
  /**
   * Record reads between two checkpoints of a transaction stream. Each SuiteQL row costs one
   * record read, so checkpointing per chunk (not per 200-row page) keeps a stream moving when a
   * fault storm opens the circuit half-way through a page: the next run resumes at the chunk.
   */
  readonly recordReadChunk: number;
  /** SuiteQL rows per page for item and inventory snapshots (max 1000). */
  readonly rowPageSize: number;
  /** Incremental reads start this far before the stored cursor (lastmodifieddate is coarse). */
  readonly overlapMs: number;
  readonly random?: () => number;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  maxConcurrency: 4,
  transactionPageSize: 200,
  recordReadChunk: 25,
  rowPageSize: 1000,
  overlapMs: 10 * 60_000,
};
