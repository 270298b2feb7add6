import { AuthError } from '../../errors/index.js';
import type { HttpRequest } from '../kit/http.js';

/** What a Shopify connection stores: a static Admin API token (custom app, `shpat_…`) or an OAuth offline token. */
export interface ShopifyCredentials {
  readonly access_token: string;
}

export function readCredentials(credentials: Record<string, string>, connectionId: string): ShopifyCredentials {
  const token = credentials['access_token'];
  if (typeof token !== 'string' || token.trim() === '') {
    throw new AuthError('LP_AUTH_MISSING_CREDENTIALS', 'Shopify connection has no access_token', {
      platform: 'shopify',
      connectionId,
    });
  }
  return { access_token: token };
}

/** Shopify wants the token in X-Shopify-Access-Token, not Authorization: Bearer. */
export function withAccessToken(req: HttpRequest, credentials: ShopifyCredentials): HttpRequest {
  return { ...req, headers: { ...req.headers, 'X-Shopify-Access-Token': credentials.access_token } };
}
