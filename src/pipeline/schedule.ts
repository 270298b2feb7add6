/**
 * A connection's sync schedule: how often it should be synced. `every 15m`, `every 2h`, `30m`,
 * `hourly`, `daily` (units s, m, h, d). Null (no schedule) means the scheduler's own interval.
 */
const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const NAMED: Readonly<Record<string, number>> = { hourly: 3_600_000, daily: 86_400_000 };
/** Shorter schedules would only burn the platforms' rate limits. */
export const MIN_SCHEDULE_MS = 60_000;

/** The schedule's interval in ms; undefined when the text is not a schedule. */
export function parseSchedule(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const named = NAMED[t];
  if (named) return named;
  const m = /^(?:every\s+)?(\d+)\s*([smhd])$/.exec(t);
  if (!m) return undefined;
  const ms = Number(m[1]) * (UNITS[m[2] ?? ''] ?? 0);
  return ms >= MIN_SCHEDULE_MS ? ms : undefined;
}

/** The interval a connection is due after: its schedule's, else `fallbackMs`. */
export function intervalFor(schedule: string | null, fallbackMs: number): number {
  return (schedule ? parseSchedule(schedule) : undefined) ?? fallbackMs;
}
