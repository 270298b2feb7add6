/**
 * Maps `items` with at most `width` calls in flight, keeping the input order. The HTTP client's
 * shared leases are what bound the account's concurrency; this only keeps that many queued.
 * After a failure no new call starts, and the error is raised once the calls in flight have
 * settled, so nothing keeps using the account's slots after the read has given up.
 */
export async function mapInOrder<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  async function worker(): Promise<void> {
    while (failure === null) {
      const i = next++;
      if (i >= items.length) return;
      try {
        out[i] = await fn(items[i] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, () => worker()));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return out;
}
