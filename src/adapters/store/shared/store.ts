import type { Kysely } from 'kysely';
import type { Store } from '../../../ports/store.js';
import { createCanonicalStore } from './canonical-store.js';
import { createConnectionStore } from './connection-store.js';
import type { StoreDialect } from './dialect.js';
import { createRawStore } from './raw-store.js';
import { createReviewStore } from './review-store.js';
import { createReviewWorkflowStore } from './review-workflow.js';
import type { StoreSchema } from './schema.js';

/** Assembles the store port from shared Kysely code and one dialect. */
export function assembleStore(
  db: Kysely<StoreSchema>,
  dialect: StoreDialect,
  now: () => string,
  close: () => Promise<void>,
): Store {
  return {
    dialect: dialect.name,
    raw: createRawStore(db, dialect),
    canonical: createCanonicalStore(db, dialect, now),
    review: createReviewStore(db, dialect),
    connections: createConnectionStore(db, dialect),
    workflow: createReviewWorkflowStore(db, dialect),
    close,
  };
}
