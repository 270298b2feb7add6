/** Checks, from the lease events role processes print, that no connection was held twice at once. */

export interface LeaseEvent {
  readonly phase: 'acquired' | 'released';
  readonly connectionId: string;
  readonly owner: string;
  readonly token: number;
  readonly at: number;
  readonly pid: number;
}

/**
 * Turns lease events of every process into hold intervals and returns a description of each
 * overlap of two holds of one connection (empty when the lease did its job). An acquired event is
 * printed after the grant and a released one before the release, so each interval lies inside the
 * true hold: an overlap here is a real one.
 */
export function leaseOverlaps(events: readonly LeaseEvent[]): string[] {
  const holds = new Map<string, { connectionId: string; start: number; end: number; token: number; pid: number }>();
  for (const e of events) {
    const key = `${e.connectionId}|${e.token}|${e.owner}`;
    const h = holds.get(key) ?? {
      connectionId: e.connectionId,
      start: e.at,
      end: Infinity,
      token: e.token,
      pid: e.pid,
    };
    if (e.phase === 'acquired') h.start = e.at;
    else h.end = e.at;
    holds.set(key, h);
  }
  const byConnection = new Map<string, (typeof holds extends Map<string, infer V> ? V : never)[]>();
  for (const h of holds.values()) byConnection.set(h.connectionId, [...(byConnection.get(h.connectionId) ?? []), h]);
  const problems: string[] = [];
  for (const [id, list] of byConnection) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1];
      const cur = list[i];
      if (!prev || !cur) continue;
      if (cur.start < prev.end) {
        problems.push(
          `${id}: token ${cur.token} (pid ${cur.pid}) began before token ${prev.token} (pid ${prev.pid}) ended`,
        );
      }
      if (cur.token <= prev.token) problems.push(`${id}: token ${cur.token} granted after ${prev.token}`);
    }
  }
  return problems;
}
