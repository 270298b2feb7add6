import type { ConnectorDefinition, Page, StreamDefinition } from '../kit/define.js';
import { defineConnector } from '../kit/define.js';
import { FILES_MAPPING_VERSION, fileMappers } from './mappers.js';

/**
 * Files arrive by `ledgerpulse ingest` and drop folders, not by polling, so the one stream reads
 * nothing; it exists because a connector declares at least one stream and its object's mapper.
 */
const dropStream: StreamDefinition = {
  name: 'drop',
  object: 'csv',
  read: (): AsyncIterable<Page> => ({
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<Page>> => ({ done: true, value: undefined }),
    }),
  }),
};

export const connector: ConnectorDefinition = defineConnector({
  platform: 'files',
  mappingVersion: FILES_MAPPING_VERSION,
  streams: [dropStream],
  mappers: fileMappers,
});

export { BUILTIN_PROFILES, builtinProfile, parseProfile } from './csv/builtin-profiles.js';
export type { DateFormat } from './csv/dates.js';
export { DATE_FORMATS } from './csv/dates.js';
export type { CsvPayload } from './csv/payload.js';
export { CSV_CONTENT_TYPE } from './csv/payload.js';
export type { CsvField, CsvProfile } from './csv/profile.js';
export { CsvProfileSchema } from './csv/profile.js';
export { detectFormat } from './detect.js';
export { fileHash } from './hash.js';
export type { FilePage, PreparedFile, PrepareFileOptions } from './ingest.js';
export { prepareFile } from './ingest.js';
export { FILES_MAPPING_VERSION, fileMappers, mapperFor } from './mappers.js';
export type { NormalizedFile, NormalizeFileOptions } from './normalize-file.js';
export { normalizeFile } from './normalize-file.js';
export type { SplitFileOptions } from './split.js';
export { splitFile } from './split.js';
export type { FileDocument, FileFormat, SplitOptions, SplitResult } from './types.js';
export { FILE_FORMATS } from './types.js';
export { assertSafeXml } from './ubl/safe-xml.js';
