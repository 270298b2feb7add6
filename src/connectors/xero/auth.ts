import { AuthError } from '../../errors/index.js';
import type { StreamContext } from '../kit/define.js';
import type { HttpRequest, HttpResponse } from '../kit/http.js';
import { createTokenProvider, type TokenProvider } from '../kit/oauth2.js';
import { XERO_API_BASE_URL, XERO_TOKEN_PATH, XERO_TOKEN_URL } from './api.js';

/**
 * Where to refresh tokens: Xero's identity server for the real API host, the same host
 * (`/connect/token`) for an emulator, or `token_url` from the credentials when set.
 */
export function tokenUrlFor(baseUrl: string, credentials: Record<string, string>): string {
  const explicit = credentials['token_url'];
  if (explicit) return explicit;
  const base = baseUrl.replace(/\/+$/, '');
  return base === XERO_API_BASE_URL ? XERO_TOKEN_URL : `${base}${XERO_TOKEN_PATH}`;
}

export interface XeroAuth {
  /** Adds the bearer token, the tenant header and Accept: application/json (XML otherwise). */
  authorize(req: HttpRequest): Promise<HttpRequest>;
  /** A 401 means the access token was refused: refresh once and retry; a 403 is not a token problem. */
  onAuthError(res: HttpResponse): Promise<boolean>;
}

export function createXeroAuth(ctx: StreamContext, fetchImpl?: typeof fetch): XeroAuth {
  const { connection } = ctx;
  const clientId = connection.credentials['client_id'];
  const clientSecret = connection.credentials['client_secret'];
  if (!clientId || !clientSecret) {
    throw new AuthError('LP_AUTH_MISSING_CREDENTIALS', 'Xero connection has no client_id / client_secret', {
      platform: 'xero',
      connectionId: connection.id,
    });
  }
  const tenantId = connection.account;
  const provider: TokenProvider = createTokenProvider(
    { tokenUrl: tokenUrlFor(connection.baseUrl, connection.credentials), clientId, clientSecret },
    ctx,
    fetchImpl,
  );
  let lastToken = '';
  return {
    async authorize(req) {
      const token = await provider.accessToken();
      lastToken = token;
      return {
        ...req,
        headers: {
          ...req.headers,
          Authorization: `Bearer ${token}`,
          'xero-tenant-id': tenantId,
          Accept: 'application/json',
        },
      };
    },
    async onAuthError(res) {
      if (res.status !== 401) return false;
      await provider.forceRefresh(lastToken);
      return true;
    },
  };
}
