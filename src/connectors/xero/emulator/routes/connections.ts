import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState } from '../emulator-state.js';
import { xeroGuid } from '../ids.js';
import { sendJson, sendProblem } from '../responses.js';
import { bearerOf, unauthorized } from './auth-checks.js';

/** `/connections` timestamps: UTC with seven fraction digits and no zone, as in the fixture. */
function connectionStamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000`;
}

/** `GET /connections`: the tenants the access token may use (no tenant header needed here). */
export function handleConnections(req: IncomingMessage, res: ServerResponse, state: EmulatorState): void {
  const check = state.tokens.check(bearerOf(req));
  if (!check.ok) {
    unauthorized(res, check);
    return;
  }
  if (req.method !== 'GET') {
    sendProblem(res, 405, 'Method Not Allowed', 'Only GET is supported here');
    return;
  }
  const stamp = connectionStamp(Date.parse(state.economy.endAt) - 365 * 86_400_000);
  const body = check.tenants.map((tenantId) => {
    const spec = state.economy.byAccount('xero', tenantId);
    return {
      id: xeroGuid('connection', tenantId),
      authEventId: xeroGuid('auth-event', tenantId),
      tenantId,
      tenantType: 'ORGANISATION',
      tenantName: spec?.legalName ?? null,
      createdDateUtc: stamp,
      updatedDateUtc: stamp,
    };
  });
  sendJson(res, 200, JSON.stringify(body));
}
