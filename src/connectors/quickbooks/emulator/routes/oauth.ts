import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendOAuthJson } from '../respond.js';
import type { TokenStore } from '../tokens.js';

/** Paths of Intuit's OAuth endpoints, served by the emulator on its own origin. */
export const OAUTH_PATHS = {
  token: '/oauth2/v1/tokens/bearer',
  authorize: '/connect/oauth2',
  revoke: '/v2/oauth2/tokens/revoke',
} as const;

function basicAuth(req: IncomingMessage): { id: string; secret: string } | null {
  const header = req.headers.authorization ?? '';
  const m = /^Basic\s+(.+)$/i.exec(header);
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

export interface TokenEndpointHooks {
  /** Called for every grant request, with its type (counted in stats). */
  readonly onGrant: (grantType: string) => void;
  /** The fault injector's say on this refresh: answer it as revoked? */
  readonly revokedByFault: (refreshToken: string) => boolean;
}

/**
 * POST /oauth2/v1/tokens/bearer: client_secret_basic, form body, grants authorization_code and
 * refresh_token. Errors: 401 invalid_client, 400 invalid_request / unsupported_grant_type /
 * invalid_grant (a spent, expired, revoked or unknown refresh token or code).
 */
export function handleToken(
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  tokens: TokenStore,
  hooks: TokenEndpointHooks,
): void {
  const client = basicAuth(req);
  if (!client || !tokens.clientOk(client.id, client.secret)) {
    sendOAuthJson(res, 401, { error: 'invalid_client' });
    return;
  }
  if (!/application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
    sendOAuthJson(res, 400, { error: 'invalid_request', error_description: 'form body required' });
    return;
  }
  const form = new URLSearchParams(body);
  const grantType = form.get('grant_type') ?? '';
  hooks.onGrant(grantType);
  if (grantType === 'refresh_token') {
    const presented = form.get('refresh_token');
    if (!presented) {
      sendOAuthJson(res, 400, { error: 'invalid_request' });
      return;
    }
    if (hooks.revokedByFault(presented)) {
      tokens.revokeRefresh(presented);
      sendOAuthJson(res, 400, { error: 'invalid_grant' });
      return;
    }
    const grant = tokens.redeemRefresh(presented);
    if (!grant) sendOAuthJson(res, 400, { error: 'invalid_grant' });
    else sendOAuthJson(res, 200, grant);
    return;
  }
  if (grantType === 'authorization_code') {
    const code = form.get('code');
    const redirectUri = form.get('redirect_uri');
    if (!code || !redirectUri) {
      sendOAuthJson(res, 400, { error: 'invalid_request' });
      return;
    }
    const grant = tokens.redeemCode(code, redirectUri);
    if (!grant) sendOAuthJson(res, 400, { error: 'invalid_grant' });
    else sendOAuthJson(res, 200, grant);
    return;
  }
  sendOAuthJson(res, 400, { error: 'unsupported_grant_type' });
}

/**
 * GET /connect/oauth2: consent is granted at once (there is no user to ask) and the browser is sent
 * back to redirect_uri with code, state and realmId. `realmId` picks the company (default: the first
 * QuickBooks company of the economy).
 */
export function handleAuthorize(
  url: URL,
  res: ServerResponse,
  tokens: TokenStore,
  clientOk: (id: string) => boolean,
  defaultRealm: string | undefined,
  realmExists: (realm: string) => boolean,
): void {
  const clientId = url.searchParams.get('client_id') ?? '';
  const redirectUri = url.searchParams.get('redirect_uri');
  const state = url.searchParams.get('state') ?? '';
  if (!clientOk(clientId) || !redirectUri || url.searchParams.get('response_type') !== 'code') {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end('invalid authorization request');
    return;
  }
  const realm = url.searchParams.get('realmId') ?? defaultRealm;
  const target = new URL(redirectUri);
  if (!realm || !realmExists(realm)) {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('state', state);
  } else {
    target.searchParams.set('code', tokens.createCode(realm, redirectUri));
    target.searchParams.set('state', state);
    target.searchParams.set('realmId', realm);
  }
  res.writeHead(302, { location: target.toString() });
  res.end();
}

/** POST /v2/oauth2/tokens/revoke with `{"token": "…"}` (either token kind). */
export function handleRevoke(req: IncomingMessage, res: ServerResponse, body: string, tokens: TokenStore): void {
  const client = basicAuth(req);
  if (!client || !tokens.clientOk(client.id, client.secret)) {
    sendOAuthJson(res, 401, { error: 'invalid_client' });
    return;
  }
  try {
    const parsed = JSON.parse(body) as { token?: unknown };
    if (typeof parsed.token !== 'string') throw new Error('no token');
    tokens.revoke(parsed.token);
    res.writeHead(200, { 'content-length': '0' });
    res.end();
  } catch {
    sendOAuthJson(res, 400, { error: 'invalid_request' });
  }
}
