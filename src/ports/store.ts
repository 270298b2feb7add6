import type { CanonicalStore } from './canonical-store.js';
import type { ConnectionStore } from './connection-store.js';
import type { AdapterDeps } from './deps.js';
import type { RawStore } from './raw-store.js';
import type { ReviewStore } from './review-store.js';
import type { ReviewWorkflowStore } from './review-workflow.js';

/** The metadata, raw, canonical and review store: one database per profile. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres' | 'mysql';
  readonly raw: RawStore;
  readonly canonical: CanonicalStore;
  readonly review: ReviewStore;
  readonly connections: ConnectionStore;
  /** Mapping rules, corrections, drift, audit log, API access and stored reports. */
  readonly workflow: ReviewWorkflowStore;
  close(): Promise<void>;
}

export type StoreFactory = (url: URL, deps: AdapterDeps) => Promise<Store>;
