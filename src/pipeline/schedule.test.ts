import { describe, expect, it } from 'vitest';
import { intervalFor, parseSchedule } from './schedule.js';

describe('connection schedules', () => {
  it('reads every <n><unit>, <n><unit>, hourly and daily; refuses the rest and anything under a minute', () => {
    expect(parseSchedule('every 15m')).toBe(15 * 60_000);
    expect(parseSchedule('2h')).toBe(7_200_000);
    expect(parseSchedule(' Every 1d ')).toBe(86_400_000);
    expect(parseSchedule('hourly')).toBe(3_600_000);
    expect(parseSchedule('daily')).toBe(86_400_000);
    expect(parseSchedule('every 30s')).toBeUndefined();
    expect(parseSchedule('weekly-ish')).toBeUndefined();
    expect(parseSchedule('')).toBeUndefined();
  });

  it("falls back to the scheduler's interval without a schedule (or with one it cannot read)", () => {
    expect(intervalFor(null, 900_000)).toBe(900_000);
    expect(intervalFor('legacy note', 900_000)).toBe(900_000);
    expect(intervalFor('every 5m', 900_000)).toBe(300_000);
  });
});
