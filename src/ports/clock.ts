/** Time is injected so tests control it; nothing reads Date.now() behind the caller's back. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
