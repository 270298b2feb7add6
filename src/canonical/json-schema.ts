import { z } from 'zod';
import { RawEnvelope } from './envelope.js';
import { CANONICAL_MODEL_VERSION } from './provenance.js';
import { CanonicalRecord } from './records.js';

/** JSON Schema (draft 2020-12) of the canonical model, as `ledgerpulse schema` prints it. */
export function canonicalJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(z.object({ record: CanonicalRecord, envelope: RawEnvelope }), { io: 'output' }),
    title: `Ledgerpulse canonical model ${CANONICAL_MODEL_VERSION}`,
  };
}
