import type { Source } from '../../../canonical/index.js';
import { parseInstant } from '../../../canonical/index.js';
import type { MapContext } from '../../kit/mapper.js';

/**
 * Where a record came from. `MetaData.LastUpdatedTime` carries the company's UTC offset, which is kept
 * as `sourceOffset`. Query and CDC payloads always carry MetaData; a few documentation samples do not,
 * and then the start of the transaction date in the company's zone stands in (older than any real
 * update, so it never wins over a payload that has the real time).
 */
export function sourceOf(
  ctx: MapContext,
  id: string,
  lastUpdated: string | undefined,
  fallbackDate: string | undefined,
): Source | { readonly error: string } {
  try {
    if (lastUpdated !== undefined) {
      const parsed = parseInstant(lastUpdated);
      return {
        platform: 'quickbooks',
        connectionId: ctx.connectionId,
        sourceId: id,
        sourceUpdatedAt: parsed.utc,
        sourceOffset: parsed.offset,
      };
    }
    if (fallbackDate !== undefined) {
      return {
        platform: 'quickbooks',
        connectionId: ctx.connectionId,
        sourceId: id,
        sourceUpdatedAt: startOfDayUtc(fallbackDate, ctx.timeZone),
      };
    }
    return { error: 'the payload has no MetaData.LastUpdatedTime' };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** UTC instant of local midnight of `date` in `timeZone` (two passes settle DST edges). */
export function startOfDayUtc(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let guess = wall - zoneOffsetMs(wall, timeZone);
  guess = wall - zoneOffsetMs(guess, timeZone);
  return new Date(guess).toISOString();
}

const partsCache = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at instant `at`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  let fmt = partsCache.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(new Date(at));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((x) => x.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at / 1000) * 1000;
}
