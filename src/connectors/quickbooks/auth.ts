import { AuthError } from '../../errors/index.js';
import type { HttpRequest } from '../kit/http.js';
import type { OAuth2Client, TokenContext, TokenProvider } from '../kit/oauth2.js';
import { authorizeUrl, createTokenProvider, exchangeCode } from '../kit/oauth2.js';
import { INTUIT_API_BASE, INTUIT_AUTHORIZE_URL, INTUIT_SANDBOX_API_BASE, INTUIT_TOKEN_URL, QBO_SCOPE } from './api.js';

/**
 * Credentials of a QuickBooks connection: `client_id`, `client_secret` (the app), `access_token`,
 * `refresh_token` (rotating), `expires_at` (epoch ms), and optionally `token_url` (the emulator's;
 * production uses Intuit's) and `realm_id` (the connection's account holds it too).
 */
export function tokenUrlFor(baseUrl: string, credentials: Readonly<Record<string, string>>): string {
  const { token_url: explicit } = credentials;
  if (explicit) return explicit;
  const origin = new URL(baseUrl).origin;
  if (origin === INTUIT_API_BASE || origin === INTUIT_SANDBOX_API_BASE) return INTUIT_TOKEN_URL;
  // The emulator serves the token endpoint on its own origin.
  return `${origin}/oauth2/v1/tokens/bearer`;
}

export function oauthClientFor(
  connection: { readonly id: string; readonly baseUrl: string; readonly credentials: Readonly<Record<string, string>> },
  refreshAheadMs?: number,
): OAuth2Client {
  const { client_id: clientId, client_secret: clientSecret } = connection.credentials;
  if (!clientId || !clientSecret) {
    throw new AuthError('LP_AUTH_MISSING_CREDENTIALS', 'QuickBooks credentials lack client_id/client_secret', {
      platform: 'quickbooks',
      connectionId: connection.id,
    });
  }
  return {
    tokenUrl: tokenUrlFor(connection.baseUrl, connection.credentials),
    clientId,
    clientSecret,
    ...(refreshAheadMs === undefined ? {} : { refreshAheadMs }),
  };
}

export function createQuickbooksTokens(ctx: TokenContext, refreshAheadMs?: number): TokenProvider {
  return createTokenProvider(oauthClientFor(ctx.connection, refreshAheadMs), ctx);
}

export function withBearer(req: HttpRequest, token: string): HttpRequest {
  return { ...req, headers: { ...req.headers, Authorization: `Bearer ${token}` } };
}

export interface QuickbooksConsent {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  /** Intuit's consent page by default; the emulator's `/connect/oauth2` for demos. */
  readonly authorizeUrl?: string;
  /** Also ask for an id_token (openid profile email). */
  readonly openId?: boolean;
}

/** The consent URL for `ledgerpulse connect quickbooks`. The callback brings code, state and realmId. */
export function quickbooksAuthorizeUrl(o: QuickbooksConsent): string {
  return authorizeUrl({
    authorizeUrl: o.authorizeUrl ?? INTUIT_AUTHORIZE_URL,
    clientId: o.clientId,
    redirectUri: o.redirectUri,
    scope: o.openId ? [QBO_SCOPE, 'openid', 'profile', 'email'] : [QBO_SCOPE],
    state: o.state,
  });
}

/**
 * Trades the callback's code for the connection's first credentials; `realmId` from the callback
 * becomes the connection's account (tokens are per app × company).
 */
export async function exchangeQuickbooksCode(
  client: OAuth2Client,
  code: string,
  redirectUri: string,
  realmId: string,
): Promise<Record<string, string>> {
  const creds = await exchangeCode(client, code, redirectUri);
  const tokenUrl = client.tokenUrl === INTUIT_TOKEN_URL ? {} : { token_url: client.tokenUrl };
  return { ...creds, ...tokenUrl, realm_id: realmId };
}
