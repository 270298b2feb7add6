import { z } from 'zod';
import type { Platform } from '../../canonical/index.js';
import { PLATFORMS } from '../../canonical/index.js';
import type { Logger } from '../../log/types.js';
import type { Clock } from '../../ports/clock.js';
import type { SharedState } from '../../ports/shared-state.js';
import type { Mapper } from './mapper.js';

/** One record cut from a page, with what the envelope needs. */
export interface PageRecord {
  readonly externalId: string;
  readonly sourceVersion: string;
  readonly sourceUpdatedAt: string | null;
  /** The record's own text (JSON of the record as received). */
  readonly payload: string;
  /** True for a deletion notice (e.g. QuickBooks CDC "Deleted"), stored like any other record. */
  readonly deleted?: boolean;
}

export interface Page {
  readonly records: readonly PageRecord[];
  /** The whole response body, kept once in the raw store by hash. */
  readonly body: string;
  readonly contentType: string;
  readonly url: string;
  /** Cursor to checkpoint once this page is durable; null keeps the previous one. */
  readonly checkpoint: string | null;
}

export interface StreamContext {
  readonly connection: {
    readonly id: string;
    readonly account: string;
    readonly baseUrl: string;
    readonly credentials: Record<string, string>;
  };
  readonly logger: Logger;
  readonly clock: Clock;
  readonly shared: SharedState;
  readonly signal: AbortSignal;
  /** Re-reads the stored credentials (after waiting on a refresh lock another worker held). */
  readonly loadCredentials: () => Promise<Record<string, string>>;
  /** Persists rotated credentials before they are used (refresh-token rotation). */
  readonly saveCredentials: (credentials: Record<string, string>) => Promise<void>;
}

export interface StreamDefinition {
  readonly name: string;
  /** The raw object name envelopes carry; also the mapper key. */
  readonly object: string;
  read(ctx: StreamContext, cursor: string | null): AsyncIterable<Page>;
}

export interface ConnectorDefinition {
  readonly platform: Platform;
  readonly mappingVersion: string;
  readonly streams: readonly StreamDefinition[];
  readonly mappers: Readonly<Record<string, Mapper>>;
}

const definitionSchema = z.object({
  platform: z.enum(PLATFORMS),
  mappingVersion: z.string().min(1),
  streams: z.array(z.object({ name: z.string().min(1), object: z.string().min(1), read: z.function() })).min(1),
  mappers: z.record(z.string(), z.function()),
});

/** Validates a connector at registration, so a bad declaration fails tests, not a production run. */
export function defineConnector(def: ConnectorDefinition): ConnectorDefinition {
  definitionSchema.parse(def);
  for (const s of def.streams) {
    if (!def.mappers[s.object]) {
      throw new TypeError(`connector ${def.platform}: stream ${s.name} has no mapper for object ${s.object}`);
    }
  }
  const names = new Set(def.streams.map((s) => s.name));
  if (names.size !== def.streams.length) throw new TypeError(`connector ${def.platform}: duplicate stream names`);
  return def;
}
