import type { Clock } from '../../ports/clock.js';

/** What Xero reported about the allowance on its last answer (contract §6). */
export interface XeroRemaining {
  readonly minute: number | null;
  readonly day: number | null;
  readonly appMinute: number | null;
}

export function readRemaining(headers: Readonly<Record<string, string>>): XeroRemaining {
  const num = (v: string | undefined): number | null => {
    if (v === undefined || !/^\d+$/.test(v.trim())) return null;
    return Number(v);
  };
  return {
    minute: num(headers['x-minlimit-remaining']),
    day: num(headers['x-daylimit-remaining']),
    appMinute: num(headers['x-appminlimit-remaining']),
  };
}

/**
 * A second line of pacing behind the shared token buckets: if Xero says the minute allowance is
 * spent (someone outside this program's shared state used it), hold further calls for a minute,
 * the length of Xero's rolling window, instead of walking into a 429. The day allowance is left to
 * the 429 and its Retry-After, which the HTTP client hands to the scheduler when it is far away.
 */
export function createRemainingPacer(clock: Clock) {
  let pauseUntil = 0;
  let last: XeroRemaining = { minute: null, day: null, appMinute: null };
  return {
    observe(headers: Readonly<Record<string, string>>): void {
      last = readRemaining(headers);
      if (last.minute === 0 || last.appMinute === 0) pauseUntil = Math.max(pauseUntil, clock.now() + 60_000);
    },
    async wait(signal?: AbortSignal): Promise<void> {
      const ms = pauseUntil - clock.now();
      if (ms > 0) await clock.sleep(ms, signal);
    },
    last: (): XeroRemaining => last,
  };
}
