/**
 * SuiteQL writes timestamps in the integration user's time zone (TO_CHAR gives a wall-clock text
 * with no offset). The connector's guide sets that preference to the company's zone, which the
 * mapper knows (ctx.timeZone), so the wall clock converts back to UTC here.
 */
const fmtCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
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

/** Offset of `timeZone` from UTC at instant `ms`, in ms (positive east of Greenwich). */
function offsetAt(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts['year'] ?? 0,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
  return asUtc - Math.floor(ms / 1000) * 1000;
}

export interface LocalInstant {
  readonly utc: string;
  /** The zone's offset at that instant, "+05:30" / "-04:00" / "Z". */
  readonly offset: string;
}

/**
 * 'YYYY-MM-DD HH:MM:SS' wall clock in `timeZone` → UTC. A wall clock repeated by a DST fall-back
 * resolves to its first occurrence; one skipped by a spring-forward resolves past the gap.
 * Returns null for text that is not such a timestamp or an unknown zone.
 */
export function localToUtc(text: string, timeZone: string): LocalInstant | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  try {
    // Two candidates from the offsets a day before and after; the earliest consistent one wins.
    // None is consistent inside a spring-forward gap: reading the wall clock with the offset in
    // force before the jump lands just past the gap.
    const before = offsetAt(wall - 86_400_000, timeZone);
    const candidates = [before, offsetAt(wall + 86_400_000, timeZone)]
      .map((off) => wall - off)
      .filter((utc) => utc + offsetAt(utc, timeZone) === wall)
      .sort((a, b) => a - b);
    const utc = candidates[0] ?? wall - before;
    return { utc: new Date(utc).toISOString(), offset: formatOffset(offsetAt(utc, timeZone)) };
  } catch {
    return null;
  }
}

function formatOffset(ms: number): string {
  if (ms === 0) return 'Z';
  const sign = ms < 0 ? '-' : '+';
  const total = Math.abs(ms) / 60_000;
  const hh = String(Math.floor(total / 60)).padStart(2, '0');
  const mm = String(total % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}
