import { z } from 'zod';
import { SourceOffset, UtcInstant } from './time.js';

/** Bumped when the canonical model changes shape; stamped on every record. */
export const CANONICAL_MODEL_VERSION = '1.0.0';

export const PLATFORMS = ['shopify', 'quickbooks', 'xero', 'netsuite', 'files'] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

export const Source = z
  .object({
    platform: Platform,
    connectionId: z.string().min(1),
    sourceId: z.string().min(1).describe("The record's id in the source system."),
    sourceUpdatedAt: UtcInstant.describe('When the source last changed the record (UTC).'),
    sourceOffset: SourceOffset.optional().describe('The UTC offset the source wrote its timestamp in.'),
  })
  .describe('Where a record came from.');
export type Source = z.infer<typeof Source>;

export const Provenance = z
  .object({
    envelopeId: z.string().min(1).describe('The raw envelope this record was normalized from.'),
    mappingVersion: z.string().min(1),
    modelVersion: z.string().min(1),
  })
  .describe('How a record was made: replay re-creates it from the envelope and mapping version.');
export type Provenance = z.infer<typeof Provenance>;

/** A status normalized to our set, with the source's own value kept verbatim. */
export function statusOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.object({ value: z.enum(values), original: z.string() });
}
