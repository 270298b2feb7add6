import type { MapContext, MapResult } from '../../kit/mapper.js';
import { parsePayload } from './parse.js';
import { LocationPayload } from './payload.js';

/**
 * Locations have no canonical record: they are kept raw (inventory levels name them by id) and map
 * to nothing. The payload is still checked, so a broken one reaches review instead of vanishing.
 */
export function mapLocation(raw: unknown, _ctx: MapContext): MapResult {
  const parsed = parsePayload(LocationPayload, raw, 'location');
  return parsed.ok ? { ok: [] } : parsed.result;
}
