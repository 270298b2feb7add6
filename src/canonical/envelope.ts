import { z } from 'zod';
import { Platform } from './provenance.js';
import { UtcInstant } from './time.js';

/**
 * A raw envelope: one source document exactly as received, with what is needed to find it,
 * version it and replay it. Its id is deterministic (see connectors/kit/envelope.ts), so a
 * re-fetch of the same version of a record is the same envelope.
 */
export const RawEnvelope = z.object({
  id: z.string().min(1),
  platform: Platform,
  connectionId: z.string().min(1),
  object: z.string().min(1).describe('Source object or stream, e.g. "orders".'),
  externalId: z.string().min(1),
  sourceVersion: z.string().min(1),
  sourceUpdatedAt: UtcInstant.nullable(),
  fetchedAt: UtcInstant,
  contentType: z.string(),
  payload: z.string().describe('The document as received (JSON text, XML, EDI or CSV rows).'),
  payloadHash: z.string(),
  /** Content hash of the whole page or file the document was cut from, kept in the raw store. */
  pageHash: z.string().nullable(),
  runId: z.string().nullable(),
});
export type RawEnvelope = z.infer<typeof RawEnvelope>;
