import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Server-side check of an OAuth 1.0a (TBA) request, written from RFC 5849 independently of the
 * client's signing library, so each tests the other: the signature is recomputed with
 * HMAC-SHA256 over the method, the base URL and the oauth_* plus query parameters.
 */
export interface TbaSecrets {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly tokenId: string;
  readonly tokenSecret: string;
}

export type TbaVerdict =
  | { readonly ok: true; readonly realm: string }
  | { readonly ok: false; readonly reason: string; readonly realm?: string };

function enc(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `OAuth realm="…", k="v", …` → params (values percent-decoded); null when not an OAuth header. */
export function parseOAuthHeader(header: string | undefined): Record<string, string> | null {
  if (header === undefined) return null;
  const m = /^OAuth\s+(.*)$/is.exec(header.trim());
  if (!m?.[1]) return null;
  const out: Record<string, string> = {};
  for (const part of m[1].split(',')) {
    const kv = /^\s*([A-Za-z0-9_%.-]+)\s*=\s*"([^"]*)"\s*$/.exec(part);
    if (!kv?.[1] || kv[2] === undefined) return null;
    try {
      out[decodeURIComponent(kv[1])] = decodeURIComponent(kv[2]);
    } catch {
      return null;
    }
  }
  return out;
}

/** Query parameters decoded the form way (`+` is a space), as RFC 5849 §3.4.1.3.1 says. */
function queryParams(rawQuery: string): [string, string][] | null {
  const out: [string, string][] = [];
  if (rawQuery === '') return out;
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? '' : piece.slice(eq + 1);
    try {
      out.push([decodeURIComponent(name.replace(/\+/g, ' ')), decodeURIComponent(value.replace(/\+/g, ' '))]);
    } catch {
      return null;
    }
  }
  return out;
}

export function signatureBaseString(method: string, baseUrl: string, params: readonly [string, string][]): string {
  const encoded = params.map(([k, v]) => [enc(k), enc(v)] as const);
  encoded.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  return `${method.toUpperCase()}&${enc(baseUrl)}&${enc(encoded.map(([k, v]) => `${k}=${v}`).join('&'))}`;
}

export interface VerifyInput {
  readonly method: string;
  /** scheme://host[:port] as the client addressed the server (Host header). */
  readonly origin: string;
  /** Raw path and query of the request line. */
  readonly rawPathAndQuery: string;
  readonly authorization: string | undefined;
}

export interface NonceCache {
  /** True when (key, token, nonce) was not seen inside the window; remembers it. */
  fresh(consumerKey: string, tokenId: string, nonce: string, timestamp: number, nowSec: number): boolean;
}

export function createNonceCache(windowSec: number): NonceCache {
  const seen = new Map<string, number>();
  let lastPrune = 0;
  return {
    fresh(consumerKey, tokenId, nonce, timestamp, nowSec) {
      if (nowSec - lastPrune > windowSec) {
        for (const [k, ts] of seen) if (ts < nowSec - 2 * windowSec) seen.delete(k);
        lastPrune = nowSec;
      }
      const key = `${consumerKey}\u0000${tokenId}\u0000${nonce}`;
      if (seen.has(key)) return false;
      seen.set(key, timestamp);
      return true;
    },
  };
}

/**
 * Verifies one request. `secretsFor(realm)` gives the account's credentials. Checks, in order: an
 * OAuth header, HMAC-SHA256, version 1.0, known consumer key and token for the realm, a timestamp
 * within `windowSec` of now, an unused nonce, and the signature itself.
 */
export function verifyTba(
  input: VerifyInput,
  secretsFor: (realm: string) => TbaSecrets | undefined,
  nonces: NonceCache,
  nowMs: number,
  windowSec: number,
): TbaVerdict {
  const p = parseOAuthHeader(input.authorization);
  if (!p) return { ok: false, reason: 'no OAuth Authorization header' };
  const realm = p['realm'];
  if (!realm) return { ok: false, reason: 'no realm' };
  if (p['oauth_signature_method'] !== 'HMAC-SHA256')
    return { ok: false, realm, reason: 'signature method is not HMAC-SHA256' };
  if (p['oauth_version'] !== undefined && p['oauth_version'] !== '1.0')
    return { ok: false, realm, reason: 'bad version' };
  const secrets = secretsFor(realm);
  if (!secrets) return { ok: false, realm, reason: 'unknown realm' };
  if (p['oauth_consumer_key'] !== secrets.consumerKey || p['oauth_token'] !== secrets.tokenId) {
    return { ok: false, realm, reason: 'unknown consumer key or token' };
  }
  const timestamp = Number(p['oauth_timestamp']);
  const nowSec = Math.floor(nowMs / 1000);
  if (!/^\d+$/.test(p['oauth_timestamp'] ?? '') || Math.abs(nowSec - timestamp) > windowSec) {
    return { ok: false, realm, reason: 'timestamp outside the window' };
  }
  const nonce = p['oauth_nonce'];
  const given = p['oauth_signature'];
  if (!nonce || !given) return { ok: false, realm, reason: 'no nonce or signature' };

  const q = input.rawPathAndQuery.indexOf('?');
  const path = q < 0 ? input.rawPathAndQuery : input.rawPathAndQuery.slice(0, q);
  const query = queryParams(q < 0 ? '' : input.rawPathAndQuery.slice(q + 1));
  if (!query) return { ok: false, realm, reason: 'undecodable query' };
  const params: [string, string][] = Object.entries(p).filter(([k]) => k !== 'realm' && k !== 'oauth_signature');
  params.push(...query);
  const base = signatureBaseString(input.method, `${input.origin.toLowerCase()}${path}`, params);
  const key = `${enc(secrets.consumerSecret)}&${enc(secrets.tokenSecret)}`;
  const expected = createHmac('sha256', key).update(base).digest();
  const actual = Buffer.from(given, 'base64');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { ok: false, realm, reason: 'signature mismatch' };
  }
  // The nonce is spent only by a request that is otherwise valid, so a forged request cannot burn it.
  if (!nonces.fresh(secrets.consumerKey, secrets.tokenId, nonce, timestamp, nowSec)) {
    return { ok: false, realm, reason: 'nonce already used' };
  }
  return { ok: true, realm };
}
