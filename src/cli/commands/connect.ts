import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Platform } from '../../canonical/index.js';
import { authorizeUrl, exchangeCode, receiveCallback } from '../../connectors/kit/oauth2.js';
import { INTUIT_AUTHORIZE_URL, INTUIT_TOKEN_URL } from '../../connectors/quickbooks/api.js';
import { exchangeQuickbooksCode, quickbooksAuthorizeUrl } from '../../connectors/quickbooks/auth.js';
import { XERO_TOKEN_URL } from '../../connectors/xero/api.js';
import { AuthError } from '../../errors/index.js';
import { type CompanyFlags, companyOf } from '../company-flags.js';
import { UsageError } from '../output.js';
import { openCliRuntime, type RuntimeFlags } from '../runtime.js';

const XERO_AUTHORIZE_URL = 'https://login.xero.com/identity/connect/authorize';
const XERO_SCOPES = [
  'offline_access',
  'accounting.transactions.read',
  'accounting.contacts.read',
  'accounting.settings.read',
];
const OAUTH_PLATFORMS = ['quickbooks', 'xero'] as const;

export interface ConnectOptions extends RuntimeFlags, CompanyFlags {
  id: string;
  platform: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  authorizeUrl?: string;
  tokenUrl?: string;
  account?: string;
  port: string;
  timeout: string;
}

/**
 * `connections connect`: the OAuth 2.0 authorization-code flow. Prints the consent URL, receives
 * the browser's redirect on 127.0.0.1:<port>/callback, checks the state, trades the code for the
 * first tokens and stores them sealed with the connection (the refresh token rotates from then on).
 */
export function registerConnect(connections: Command): void {
  connections
    .command('connect')
    .description('connect a QuickBooks Online or Xero company through OAuth 2.0 consent (prints the URL to open)')
    .requiredOption('--id <id>', 'connection id (one per company)')
    .requiredOption('--platform <platform>', OAUTH_PLATFORMS.join('|'))
    .requiredOption('--base-url <url>', 'API base URL (the platform, or an emulator)')
    .requiredOption('--client-id <id>', 'the OAuth app client id')
    .requiredOption('--client-secret <secret>', 'the OAuth app client secret (sealed with the tokens)')
    .option('--authorize-url <url>', 'consent page (default: the platform, e.g. an emulator: BASE/connect/oauth2)')
    .option('--token-url <url>', 'token endpoint (default: the platform)')
    .option('--account <id>', 'Xero: the tenant id to sync (QuickBooks: the realmId comes with the callback)')
    .option('--port <n>', 'local port the consent redirects to', '8765')
    .option('--timeout <s>', 'how long to wait for the consent', '300')
    .requiredOption('--name <legalName>', 'company legal name')
    .requiredOption('--naics <code>', 'NAICS industry code')
    .requiredOption('--country <cc>', 'ISO 3166 country code')
    .requiredOption('--currency <code>', 'base currency (ISO 4217)')
    .requiredOption('--time-zone <zone>', 'IANA time zone')
    .option('--size-band <band>', 'micro|small|medium|large', 'small')
    .option('--data-dir <dir>', 'data directory (default .data or LP_DATA_DIR)')
    .option('--config <file>', 'JSON config file')
    .action(async (o: ConnectOptions) => {
      await runConnect(o);
    });
}

export async function runConnect(o: ConnectOptions): Promise<void> {
  if (!(OAUTH_PLATFORMS as readonly string[]).includes(o.platform)) {
    throw new UsageError(
      `--platform must be ${OAUTH_PLATFORMS.join(' or ')} (NetSuite and Shopify use connections add)`,
    );
  }
  if (o.platform === 'xero' && !o.account) throw new UsageError('--account <tenant id> is required for xero');
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port, got ${o.port}`);
  const rt = await openCliRuntime(o);
  try {
    // The key is needed to seal the tokens: fail now, not after the user has consented.
    rt.secrets.seal({});
    const redirectUri = `http://127.0.0.1:${port}/callback`;
    const state = randomBytes(16).toString('hex');
    const tokenUrl = o.tokenUrl ?? (o.platform === 'quickbooks' ? INTUIT_TOKEN_URL : XERO_TOKEN_URL);
    const client = { tokenUrl, clientId: o.clientId, clientSecret: o.clientSecret };
    const consent =
      o.platform === 'quickbooks'
        ? quickbooksAuthorizeUrl({
            authorizeUrl: o.authorizeUrl ?? INTUIT_AUTHORIZE_URL,
            clientId: o.clientId,
            redirectUri,
            state,
          })
        : authorizeUrl({
            authorizeUrl: o.authorizeUrl ?? XERO_AUTHORIZE_URL,
            clientId: o.clientId,
            redirectUri,
            scope: XERO_SCOPES,
            state,
          });
    const callback = receiveCallback(port, AbortSignal.timeout(Number(o.timeout) * 1000));
    process.stdout.write(`Open this URL in a browser and grant access:\n${consent}\n`);
    process.stderr.write(`Waiting for the redirect on ${redirectUri} (up to ${o.timeout} s)\n`);
    const got = await callback;
    if (got.state !== state) {
      throw new AuthError('LP_AUTH_STATE_MISMATCH', 'the callback state does not match this consent; start again');
    }
    let credentials: Record<string, string>;
    let account: string;
    if (o.platform === 'quickbooks') {
      if (!got.realmId) throw new AuthError('LP_AUTH_NO_REALM', 'the QuickBooks callback carried no realmId');
      credentials = await exchangeQuickbooksCode(client, got.code, redirectUri, got.realmId);
      account = got.realmId;
    } else {
      credentials = { ...(await exchangeCode(client, got.code, redirectUri)), token_url: tokenUrl };
      account = o.account as string;
    }
    const existing = await rt.store.connections.get(o.id);
    await rt.store.connections.upsert({
      id: o.id,
      platform: o.platform as Platform,
      account,
      baseUrl: o.baseUrl,
      company: companyOf(o),
      sealedCredentials: rt.secrets.seal(credentials),
      schedule: existing?.schedule ?? null,
      createdAt: existing?.createdAt ?? new Date().toISOString(),
    });
    process.stdout.write(`connection ${o.id} ${existing ? 'updated' : 'added'}: ${o.platform} account ${account}\n`);
  } finally {
    await rt.close();
  }
}
