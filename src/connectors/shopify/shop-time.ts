/**
 * Shopify writes timestamps in the shop's zone with its offset and no fraction of a second:
 * `2008-01-10T11:00:00-05:00`. This writes an instant that way (the emulator renders with it, and
 * the mapper tests round-trip through it).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function formatShopTimestamp(instant: string | number, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${JSON.stringify(instant)}`);
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(Math.floor(ms / 1000) * 1000))) {
    parts[p.type] = p.value;
  }
  // longOffset is "GMT-05:00", or plain "GMT" at offset zero.
  const gmt = parts['timeZoneName'] ?? 'GMT';
  const offset = gmt === 'GMT' ? '+00:00' : gmt.slice(3);
  const year = (parts['year'] ?? '').padStart(4, '0');
  return `${year}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}${offset}`;
}
