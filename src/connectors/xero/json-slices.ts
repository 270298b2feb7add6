/**
 * The raw text of each element of a top-level array property, cut from a JSON body as received,
 * so a record's payload keeps Xero's own number text (`40.00`, `1.000000`) and escapes.
 * Returns null when the body is not shaped as expected; callers then fall back to re-serialising.
 */
export function arrayElementSlices(body: string, key: string): string[] | null {
  const start = findTopLevelArray(body, key);
  if (start < 0) return null;
  const out: string[] = [];
  let i = skipWs(body, start + 1);
  if (body[i] === ']') return out;
  for (;;) {
    const end = scanValue(body, i);
    if (end < 0) return null;
    out.push(body.slice(i, end));
    i = skipWs(body, end);
    if (body[i] === ',') {
      i = skipWs(body, i + 1);
      continue;
    }
    return body[i] === ']' ? out : null;
  }
}

function skipWs(s: string, i: number): number {
  let j = i;
  while (j < s.length && (s[j] === ' ' || s[j] === '\n' || s[j] === '\r' || s[j] === '\t')) j++;
  return j;
}

/** Index of the `[` that opens `"key": [` at depth 1 of the top-level object, or -1. */
function findTopLevelArray(s: string, key: string): number {
  let i = skipWs(s, 0);
  if (s[i] !== '{') return -1;
  i = skipWs(s, i + 1);
  while (i < s.length && s[i] !== '}') {
    if (s[i] !== '"') return -1;
    const keyEnd = scanString(s, i);
    if (keyEnd < 0) return -1;
    const name = JSON.parse(s.slice(i, keyEnd)) as string;
    i = skipWs(s, keyEnd);
    if (s[i] !== ':') return -1;
    i = skipWs(s, i + 1);
    if (name === key) return s[i] === '[' ? i : -1;
    const valueEnd = scanValue(s, i);
    if (valueEnd < 0) return -1;
    i = skipWs(s, valueEnd);
    if (s[i] === ',') i = skipWs(s, i + 1);
  }
  return -1;
}

/** End index (exclusive) of the string starting at `i` (a `"`), or -1. */
function scanString(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length) {
    const c = s[j];
    if (c === '\\') j += 2;
    else if (c === '"') return j + 1;
    else j++;
  }
  return -1;
}

/** End index (exclusive) of the JSON value starting at `i`, or -1 if it does not close. */
function scanValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return scanString(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    let j = i;
    while (j < s.length) {
      const d = s[j];
      if (d === '"') {
        j = scanString(s, j);
        if (j < 0) return -1;
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  let j = i;
  while (j < s.length && !/[\s,\]}]/.test(s[j] ?? '')) j++;
  return j > i ? j : -1;
}
