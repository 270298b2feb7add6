/**
 * Parses an RFC 8288 Link header into rel -> URL. Entries are read by their `rel`, never by their
 * position (Shopify sends `previous` first on middle pages). A rel may list several space-separated
 * values ("next last"); each maps to the URL. A missing or empty header gives {}.
 */
export function parseLinkHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  // <url> cannot contain '>' unescaped, and params end at the next ',' that precedes another '<'.
  const entry = /<([^>]*)>((?:\s*;\s*[^;,]+(?:=(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const m of header.matchAll(entry)) {
    const url = m[1]?.trim() ?? '';
    const params = m[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(params);
    const value = rel?.[1] ?? rel?.[2];
    if (!value || url === '') continue;
    for (const r of value.trim().toLowerCase().split(/\s+/)) {
      if (!(r in out)) out[r] = url;
    }
  }
  return out;
}
