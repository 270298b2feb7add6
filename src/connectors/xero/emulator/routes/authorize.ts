import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState } from '../emulator-state.js';

function badRequest(res: ServerResponse, text: string): void {
  res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/**
 * `GET /identity/connect/authorize` (login.xero.com in production): consent is granted at once and
 * the browser is sent back to redirect_uri with `code` and `state`. The code covers the tenants
 * named in the emulator's own `tenant_id` parameter (comma-separated), or every Xero company.
 */
export function handleAuthorize(url: URL, _req: IncomingMessage, res: ServerResponse, state: EmulatorState): void {
  const p = url.searchParams;
  if (p.get('client_id') !== state.clientId) {
    badRequest(res, 'unauthorized_client');
    return;
  }
  if (p.get('response_type') !== 'code') {
    badRequest(res, 'unsupported_response_type');
    return;
  }
  const redirectUri = p.get('redirect_uri');
  if (!redirectUri) {
    badRequest(res, 'invalid_request: redirect_uri is required');
    return;
  }
  const all = state.economy.companiesOn('xero').map((c) => c.account);
  const asked = p.get('tenant_id')?.split(',').filter(Boolean) ?? all;
  if (asked.some((t) => !all.includes(t))) {
    badRequest(res, 'invalid_request: unknown tenant_id');
    return;
  }
  const code = state.tokens.createCode(asked, redirectUri);
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  const st = p.get('state');
  if (st !== null) target.searchParams.set('state', st);
  target.searchParams.set('scope', p.get('scope') ?? '');
  res.writeHead(302, { Location: target.toString() });
  res.end();
}
