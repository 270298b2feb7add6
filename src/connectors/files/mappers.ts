import type { Mapper } from '../kit/mapper.js';
import { BUILTIN_PROFILES } from './csv/builtin-profiles.js';
import { csvMapper } from './csv/mappers/csv.js';
import { ublMapper } from './ubl/mappers/ubl.js';
import { x12Mapper } from './x12/mappers/x12.js';

export const FILES_MAPPING_VERSION = 'files-2026.1';

/**
 * Mappers by envelope object. CSV objects are 'csv:<profile name>'; the built-in profiles are
 * listed, and 'csv' maps any of them, saved profiles included, because the payload carries its
 * profile. Look up with mapperFor() so a saved profile's object finds the CSV mapper.
 */
export const fileMappers: Readonly<Record<string, Mapper>> = {
  ubl: ublMapper,
  x12: x12Mapper,
  csv: csvMapper,
  ...Object.fromEntries(Object.keys(BUILTIN_PROFILES).map((name) => [`csv:${name}`, csvMapper])),
};

/** The mapper for an envelope object: exact key first, then the format before ':' ('csv:acme' -> 'csv'). */
export function mapperFor(object: string): Mapper | undefined {
  return fileMappers[object] ?? fileMappers[object.split(':')[0] ?? ''];
}
