/**
 * The integration user's time zone (the emulator uses the company's zone): SuiteQL TO_CHAR writes
 * wall clocks in it and TO_TIMESTAMP reads them in it.
 */
const fmtCache = new Map<string, Intl.DateTimeFormat>();

function fmt(timeZone: string): Intl.DateTimeFormat {
  let f = fmtCache.get(timeZone);
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
    });
    fmtCache.set(timeZone, f);
  }
  return f;
}

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

function wallOf(ms: number, timeZone: string): Wall {
  const p: Record<string, number> = {};
  for (const part of fmt(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return {
    y: p['year'] ?? 0,
    mo: p['month'] ?? 1,
    d: p['day'] ?? 1,
    h: p['hour'] ?? 0,
    mi: p['minute'] ?? 0,
    s: p['second'] ?? 0,
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD HH24:MI:SS' of an instant in the zone. */
export function toWallClock(ms: number, timeZone: string): string {
  const w = wallOf(ms, timeZone);
  return `${w.y}-${two(w.mo)}-${two(w.d)} ${two(w.h)}:${two(w.mi)}:${two(w.s)}`;
}

/** The user's date format preference (M/D/YYYY), as SuiteQL writes date columns not wrapped in TO_CHAR. */
export function toUserDate(ms: number, timeZone: string): string {
  const w = wallOf(ms, timeZone);
  return `${w.mo}/${w.d}/${w.y}`;
}

/** A calendar date 'YYYY-MM-DD' in the user's date format. */
export function calendarToUserDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${m}/${d}/${y}`;
}

function offsetMs(ms: number, timeZone: string): number {
  const w = wallOf(ms, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

/**
 * A wall clock in the zone → instant (ms). A repeated fall-back wall clock is its first occurrence
 * (so `>=` comparisons never skip rows); a wall clock inside a spring-forward gap reads with the
 * offset before the jump. Null when the text is not 'YYYY-MM-DD HH24:MI:SS' or not a real date.
 */
export function fromWallClock(text: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(wall).getUTCDate() !== d) return null;
  const before = offsetMs(wall - 86_400_000, timeZone);
  const after = offsetMs(wall + 86_400_000, timeZone);
  const hits = [wall - before, wall - after].filter((t) => t + offsetMs(t, timeZone) === wall).sort((a, b) => a - b);
  return hits[0] ?? wall - before;
}

/** Instants in the emulator are kept to the second, as NetSuite stores them. */
export function toSecond(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000) * 1000;
}

/** Record JSON timestamps: UTC, seconds, Z ("2025-12-19T15:23:00Z"). */
export function recordTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
