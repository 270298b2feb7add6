import { z } from 'zod';
import { ContractViolationError } from '../../../errors/index.js';

const TimeKey = z.object({
  at: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  id: z.string().regex(/^\d+$/),
});

/**
 * A stream's checkpoint: the last (wall clock, id) read of its modifications and of its
 * deletions. Wall clocks are in the integration user's zone, exactly as NetSuite wrote them.
 */
export const StreamCursor = z.object({
  v: z.literal(1),
  m: TimeKey.nullable(),
  d: TimeKey.nullable(),
  /** Inventory only: when the last snapshot was observed (informational). */
  snapshotAt: z.string().optional(),
});
export type StreamCursor = z.infer<typeof StreamCursor>;

export const EMPTY_CURSOR: StreamCursor = { v: 1, m: null, d: null };

export function decodeCursor(text: string | null, stream: string): StreamCursor {
  if (text === null) return EMPTY_CURSOR;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = StreamCursor.safeParse(value);
  if (!parsed.success) {
    throw new ContractViolationError('LP_CONTRACT_CURSOR', `netsuite ${stream}: stored cursor is unreadable`, {
      platform: 'netsuite',
      stream,
    });
  }
  return parsed.data;
}

export function encodeCursor(cursor: StreamCursor): string {
  return JSON.stringify(cursor);
}
