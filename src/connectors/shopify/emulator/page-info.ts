import { createHash } from 'node:crypto';

/** What a page_info token carries: the request's filters and where the page boundary is. */
export interface PageInfo {
  readonly resource: string;
  readonly filters: Readonly<Record<string, string>>;
  readonly direction: 'next' | 'previous';
  /** Sort key of the boundary record (exclusive). */
  readonly after: readonly (number | string)[];
}

/**
 * Opaque, tamper-evident tokens: base64url of the JSON plus a short digest, so a client that edits
 * or builds one gets 400 like on Shopify (which says to treat them as opaque).
 */
export function encodePageInfo(info: PageInfo): string {
  const body = Buffer.from(JSON.stringify(info)).toString('base64url');
  return `${body}.${digest(body)}`;
}

export function decodePageInfo(token: string): PageInfo | null {
  const dot = token.lastIndexOf('.');
  if (dot < 0) return null;
  const body = token.slice(0, dot);
  if (digest(body) !== token.slice(dot + 1)) return null;
  try {
    const info = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PageInfo;
    if (typeof info.resource !== 'string' || !Array.isArray(info.after)) return null;
    if (info.direction !== 'next' && info.direction !== 'previous') return null;
    return info;
  } catch {
    return null;
  }
}

function digest(body: string): string {
  return createHash('sha256').update(`shopify-emulator|${body}`).digest('base64url').slice(0, 12);
}
