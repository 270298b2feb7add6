import { ContractViolationError } from '../../../errors/index.js';

/**
 * A QBO stream's checkpoint: `since` is the latest MetaData.LastUpdatedTime read (the next query
 * starts there minus the overlap); `deletedSince` is the server time of the last completed read,
 * from which CDC is asked for deletions next time. Both UTC instants.
 */
export interface QboCursor {
  readonly since: string | null;
  readonly deletedSince: string | null;
}

export function parseCursor(text: string | null): QboCursor {
  if (text === null) return { since: null, deletedSince: null };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = null;
  }
  const c = doc as { v?: unknown; since?: unknown; deletedSince?: unknown } | null;
  const ok = (v: unknown) => v === null || (typeof v === 'string' && !Number.isNaN(Date.parse(v)));
  if (c?.v !== 1 || !ok(c.since ?? null) || !ok(c.deletedSince ?? null)) {
    throw new ContractViolationError(
      'LP_CONTRACT_CURSOR',
      `stored QuickBooks cursor is not readable: ${text.slice(0, 100)}`,
      {
        platform: 'quickbooks',
      },
    );
  }
  return { since: (c.since as string | null) ?? null, deletedSince: (c.deletedSince as string | null) ?? null };
}

export function formatCursor(c: QboCursor): string {
  return JSON.stringify({ v: 1, since: c.since, deletedSince: c.deletedSince });
}

/** `'2026-01-01T08:00:00+00:00'`: whole seconds (floored, so the bound only widens), explicit offset. */
export function queryInstant(iso: string): string {
  const ms = Math.floor(Date.parse(iso) / 1000) * 1000;
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}
