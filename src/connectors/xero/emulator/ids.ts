import { createHash } from 'node:crypto';

/**
 * Deterministic GUIDs (version-4 shaped) for everything the emulator shows: the same economy
 * gives the same InvoiceID, ContactID, ItemID… on every run and in every process.
 */
export function xeroGuid(...parts: readonly string[]): string {
  const key = parts.join('\u0000');
  const known = memo.get(key);
  if (known) return known;
  const h = createHash('sha256').update(key).digest('hex');
  const variant = ((Number.parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  const guid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  // Every render asks again for the same ids; the memo is dropped whole when it grows large.
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, guid);
  return guid;
}

const MEMO_LIMIT = 200_000;
const memo = new Map<string, string>();
