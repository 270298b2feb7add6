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
  const whole = Math.floor(ms / 1000) * 1000;
  const offset = steadyOffset(whole, timeZone);
  if (offset) {
    const local = new Date(whole + offset.ms);
    const year = local.getUTCFullYear();
    if (year >= 1000 && year <= 9999) {
      return `${year}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}${offset.text}`;
    }
  }
  return formatWithIntl(whole, timeZone);
}

function formatWithIntl(whole: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(whole))) {
    parts[p.type] = p.value;
  }
  // longOffset is "GMT-05:00", or plain "GMT" at offset zero.
  const gmt = parts['timeZoneName'] ?? 'GMT';
  const offset = gmt === 'GMT' ? '+00:00' : gmt.slice(3);
  const year = (parts['year'] ?? '').padStart(4, '0');
  return `${year}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}${offset}`;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

const DAY_MS = 86_400_000;
const OFFSET_TEXT = /^([+-])(\d{2}):(\d{2})$/;

/** A zone's offset through one UTC day: its text ("-05:00") and value in ms; null on a transition day. */
type SteadyOffset = { readonly text: string; readonly ms: number } | null;
const steadyOffsets = new Map<string, Map<number, SteadyOffset>>();

/**
 * The emulator writes several timestamps per order, and Intl formatting is the costliest step of
 * rendering one. Zones change offset a few times a year at most, so the offset is looked up once
 * per zone and UTC day: when the first and last second of the day have the same offset, every
 * second between has it (no zone changes offset twice within a day), and the wall-clock fields
 * follow by arithmetic. A day with a transition, or an offset with seconds, keeps the Intl path.
 */
function steadyOffset(whole: number, timeZone: string): SteadyOffset {
  let days = steadyOffsets.get(timeZone);
  if (!days) {
    days = new Map();
    steadyOffsets.set(timeZone, days);
  }
  const day = Math.floor(whole / DAY_MS);
  let found = days.get(day);
  if (found === undefined) {
    const start = offsetText(day * DAY_MS, timeZone);
    const end = offsetText(day * DAY_MS + DAY_MS - 1000, timeZone);
    const m = OFFSET_TEXT.exec(start);
    found =
      start === end && m
        ? { text: start, ms: (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000) }
        : null;
    days.set(day, found);
  }
  return found;
}

function offsetText(whole: number, timeZone: string): string {
  const text = formatWithIntl(whole, timeZone);
  return text.slice(text.length - 6);
}
