import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState } from '../emulator-state.js';
import { sendOAuthError } from '../responses.js';
import type { TokenPair } from '../tokens.js';

const SCOPE = 'openid profile email offline_access accounting.transactions accounting.contacts accounting.settings';

/** Reads a small form body (token requests are a few hundred bytes). */
export async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new RangeError('body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Client authentication: HTTP Basic (client_secret_basic) or client_id/client_secret in the form. */
function clientOf(req: IncomingMessage, form: URLSearchParams): { id: string; secret: string } | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) return null;
    return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id && secret ? { id, secret } : null;
}

function sendTokens(res: ServerResponse, pair: TokenPair): void {
  const body = JSON.stringify({
    id_token: `emulator-id-token.${pair.issuedAt}`,
    access_token: pair.accessToken,
    expires_in: pair.expiresInS,
    token_type: 'Bearer',
    refresh_token: pair.refreshToken,
    scope: SCOPE,
  });
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/**
 * `POST /connect/token` (identity.xero.com in production): authorization_code and refresh_token
 * grants. Refresh tokens rotate: each refresh returns a new one, and the used one works only for
 * the grace period after its first use. Failures are 400 `{"error": …}` as OAuth 2.0 prescribes.
 */
export async function handleToken(req: IncomingMessage, res: ServerResponse, state: EmulatorState): Promise<void> {
  if (req.method !== 'POST') {
    sendOAuthError(res, 'invalid_request', 405);
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const client = clientOf(req, form);
  if (!client || client.id !== state.clientId || client.secret !== state.clientSecret) {
    sendOAuthError(res, 'invalid_client');
    return;
  }
  const grant = form.get('grant_type');
  if (grant === 'refresh_token') {
    const token = form.get('refresh_token') ?? '';
    const pair = state.tokens.refresh(token);
    if (!pair) {
      sendOAuthError(res, 'invalid_grant');
      return;
    }
    const revoked = state.faults?.refresh('xero', 'identity', 'refresh_token') ?? null;
    if (revoked) {
      state.counters.faultsInjected += 1;
      state.tokens.revoke(token);
      state.tokens.revoke(pair.refreshToken);
      sendOAuthError(res, 'invalid_grant');
      return;
    }
    sendTokens(res, pair);
    return;
  }
  if (grant === 'authorization_code') {
    const pair = state.tokens.redeemCode(form.get('code') ?? '', form.get('redirect_uri') ?? '');
    if (!pair) {
      sendOAuthError(res, 'invalid_grant');
      return;
    }
    sendTokens(res, pair);
    return;
  }
  sendOAuthError(res, 'unsupported_grant_type');
}
