import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendProblem } from '../responses.js';
import type { AccessCheck } from '../tokens.js';

export function bearerOf(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : '';
}

/** `MM/dd/yyyy HH:mm:ss`, the way Xero writes the expiry in TokenExpired details. */
function usDateTime(ms: number): string {
  const d = new Date(ms).toISOString();
  return `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)} ${d.slice(11, 19)}`;
}

/** 401 for a missing, unknown or expired access token (contract §7). */
export function unauthorized(
  res: ServerResponse,
  check: Exclude<AccessCheck, { ok: true }>,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (check.reason === 'expired') {
    sendProblem(res, 401, 'Unauthorized', `TokenExpired: token expired at ${usDateTime(check.expiredAt)}`, {
      ...headers,
      'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The token expired"',
    });
    return;
  }
  sendProblem(res, 401, 'Unauthorized', 'AuthenticationUnsuccessful', {
    ...headers,
    'WWW-Authenticate': 'Bearer error="invalid_token"',
  });
}
