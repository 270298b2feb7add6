import type { Clock } from '../../ports/clock.js';
import type { TbaSigner } from '../kit/oauth1.js';
import { createTbaSigner, tbaCredentialsFrom } from '../kit/oauth1.js';

/**
 * NetSuite account ids: `1234567` or, for a sandbox, `1234567_SB1`. The OAuth realm keeps the
 * upper-case id with its underscore; host names lower-case it and use a hyphen. Getting either
 * wrong yields INVALID_LOGIN.
 */
export function realmOf(account: string): string {
  return account.trim().toUpperCase().replace(/-/g, '_');
}

export function accountHostOf(account: string): string {
  return account.trim().toLowerCase().replace(/_/g, '-');
}

/** The production REST host of an account. */
export const NETSUITE_BASE_URL_TEMPLATE = 'https://{accountHost}.suitetalk.api.netsuite.com';

/**
 * The account's REST base URL from the connection's base URL, which may be a template with
 * `{accountHost}` or `{accountId}` (production: NETSUITE_BASE_URL_TEMPLATE) or a fixed URL (an
 * emulator or proxy that routes by the OAuth realm or an `/accounts/{id}` prefix).
 */
export function accountBaseUrl(baseUrl: string, account: string): string {
  const url = (baseUrl.trim() === '' ? NETSUITE_BASE_URL_TEMPLATE : baseUrl)
    .replaceAll('{accountHost}', accountHostOf(account))
    .replaceAll('{accountId}', encodeURIComponent(realmOf(account)));
  return url.replace(/\/+$/, '');
}

/** The TBA signer of a connection (realm = account id). */
export function signerFor(account: string, credentials: Readonly<Record<string, string>>, clock: Clock): TbaSigner {
  return createTbaSigner({ realm: realmOf(account), credentials: tbaCredentialsFrom(credentials), clock });
}
