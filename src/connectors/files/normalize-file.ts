import type { CanonicalRecord } from '../../canonical/index.js';
import type { InvalidInputError } from '../../errors/index.js';
import type { ReviewReason } from '../kit/mapper.js';
import type { PrepareFileOptions } from './ingest.js';
import { prepareFile } from './ingest.js';
import { FILES_MAPPING_VERSION, mapperFor } from './mappers.js';
import type { FileFormat } from './types.js';

export interface NormalizeFileOptions extends PrepareFileOptions {
  readonly timeZone: string;
  readonly baseCurrency: string;
}

export interface NormalizedFile {
  readonly format: FileFormat | null;
  readonly records: readonly CanonicalRecord[];
  readonly reviews: readonly { readonly envelopeId: string; readonly label: string; readonly reason: ReviewReason }[];
  readonly errors: readonly InvalidInputError[];
}

/**
 * Splits and maps a file in one go, as the normalizer would envelope by envelope: for the
 * `normalize --platform files` command and tests. Pure.
 */
export function normalizeFile(bytes: Buffer | Uint8Array | string, opts: NormalizeFileOptions): NormalizedFile {
  const prepared = prepareFile(bytes, opts);
  const records: CanonicalRecord[] = [];
  const reviews: { envelopeId: string; label: string; reason: ReviewReason }[] = [];
  for (const env of prepared.envelopes) {
    const label = prepared.labels[env.id] ?? env.externalId;
    const mapper = mapperFor(env.object);
    if (!mapper) {
      reviews.push({
        envelopeId: env.id,
        label,
        reason: { code: 'LP_INPUT_MAPPING', message: `no mapper for ${env.object}` },
      });
      continue;
    }
    const result = mapper(env.payload, {
      platform: 'files',
      connectionId: opts.connectionId,
      envelopeId: env.id,
      mappingVersion: FILES_MAPPING_VERSION,
      timeZone: opts.timeZone,
      baseCurrency: opts.baseCurrency,
    });
    if ('review' in result) reviews.push({ envelopeId: env.id, label, reason: result.review });
    else records.push(...result.ok);
  }
  return { format: prepared.format, records, reviews, errors: prepared.errors };
}
