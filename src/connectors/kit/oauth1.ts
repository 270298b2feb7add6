import { createHmac, randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { AuthError } from '../../errors/index.js';
import type { Clock } from '../../ports/clock.js';
import type { HttpRequest } from './http.js';

/**
 * OAuth 1.0a token-based authentication (NetSuite TBA): every request carries its own HMAC-SHA256
 * signature; there is no token endpoint and the tokens do not expire until revoked.
 */
export interface TbaCredentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly tokenId: string;
  readonly tokenSecret: string;
}

export interface TbaSignerOptions {
  /** The OAuth `realm`: for NetSuite the account id as written in the UI (`1234567_SB1`). */
  readonly realm: string;
  readonly credentials: TbaCredentials;
  /** Source of `oauth_timestamp`; a stale timestamp is refused by the server. */
  readonly clock: Pick<Clock, 'now'>;
  /** Nonce source; defaults to 16 random bytes as hex. Tests pass a fixed one. */
  readonly nonce?: () => string;
}

export interface TbaSigner {
  /** The `Authorization` header value for `method url` (the URL's query is signed; a body is not). */
  authorizationHeader(method: string, url: string): string;
  /**
   * Signs a kit request. The URL is rewritten to its normalized form (RFC 3986 query encoding) so
   * the bytes sent are exactly the bytes signed.
   */
  sign(req: HttpRequest): HttpRequest;
}

/** Reads TBA credentials from a connection's credential record (snake_case keys). */
export function tbaCredentialsFrom(record: Readonly<Record<string, string>>): TbaCredentials {
  const consumerKey = record['consumer_key'];
  const consumerSecret = record['consumer_secret'];
  const tokenId = record['token_id'];
  const tokenSecret = record['token_secret'];
  if (!consumerKey || !consumerSecret || !tokenId || !tokenSecret) {
    const missing = ['consumer_key', 'consumer_secret', 'token_id', 'token_secret'].filter((k) => !record[k]);
    throw new AuthError('LP_AUTH_MISSING_CREDENTIALS', `TBA credentials incomplete: missing ${missing.join(', ')}`, {
      missing,
    });
  }
  return { consumerKey, consumerSecret, tokenId, tokenSecret };
}

/** RFC 3986 percent-encoding (unreserved characters only stay as they are), as OAuth 1.0a requires. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A URL with its query re-encoded the RFC 3986 way. The signing library decodes the query with
 * decodeURIComponent, which keeps a literal `+`; a server decodes `+` as a space (form encoding,
 * RFC 5849 §3.4.1.3.1). Writing spaces as %20 and `+` as %2B removes the disagreement.
 */
export function normalizeSignedUrl(url: string): string {
  const u = new URL(url);
  u.hash = '';
  const pairs: string[] = [];
  for (const [name, value] of u.searchParams) pairs.push(`${percentEncode(name)}=${percentEncode(value)}`);
  const base = `${u.protocol}//${u.host}${u.pathname}`;
  return pairs.length > 0 ? `${base}?${pairs.join('&')}` : base;
}

export function createTbaSigner(opts: TbaSignerOptions): TbaSigner {
  const { credentials, clock } = opts;
  const nonce = opts.nonce ?? (() => randomBytes(16).toString('hex'));
  const oauth = new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: 'HMAC-SHA256',
    realm: opts.realm,
    hash_function: (baseString: string, key: string) => createHmac('sha256', key).update(baseString).digest('base64'),
  });
  const token = { key: credentials.tokenId, secret: credentials.tokenSecret };

  function authorizationHeader(method: string, url: string): string {
    const normalized = normalizeSignedUrl(url);
    // Built here rather than by oauth.authorize() so the timestamp comes from the injected clock
    // and the nonce from a CSPRNG (the library uses Date and Math.random).
    const data: OAuth.Data = {
      oauth_consumer_key: credentials.consumerKey,
      oauth_nonce: nonce(),
      oauth_signature_method: 'HMAC-SHA256',
      oauth_timestamp: Math.floor(clock.now() / 1000),
      oauth_version: '1.0',
      oauth_token: token.key,
    };
    // getSignature merges the query parameters into the object it is given: hand it a copy.
    const signature = oauth.getSignature({ url: normalized, method: method.toUpperCase(), data: {} }, token.secret, {
      ...data,
    });
    return oauth.toHeader({ ...data, oauth_signature: signature }).Authorization;
  }

  return {
    authorizationHeader,
    sign(req: HttpRequest): HttpRequest {
      const url = normalizeSignedUrl(req.url);
      const header = authorizationHeader(req.method ?? 'GET', url);
      return { ...req, url, headers: { ...(req.headers ?? {}), Authorization: header } };
    },
  };
}
