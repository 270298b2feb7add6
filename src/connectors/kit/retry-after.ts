/**
 * Reads a Retry-After header: either delta-seconds (Shopify sends fractional ones such as "2.0")
 * or an HTTP date. Returns the epoch ms at which a retry is allowed, never earlier than `nowMs`,
 * or null when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return nowMs + Math.ceil(Number(text) * 1000);
  // HTTP dates always name a weekday or month; refusing bare numbers-with-signs keeps "-1" out.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(nowMs, at);
}
