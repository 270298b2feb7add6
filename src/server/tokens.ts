import { createHash, randomBytes } from 'node:crypto';
import type { Actor, ApiRole, ApiToken, ApiUser, ReviewWorkflowStore } from '../ports/review-workflow.js';

/**
 * API tokens: 32 random bytes, shown once; only their SHA-256 is stored, so a leaked database does
 * not leak working tokens. The `lp_` prefix makes them easy to spot in secret scanners.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function issueToken(
  workflow: ReviewWorkflowStore,
  userId: string,
  label: string | null,
  actor: Actor,
): Promise<{ readonly token: string; readonly info: ApiToken }> {
  const token = `lp_${randomBytes(32).toString('base64url')}`;
  const info = await workflow.access.issueToken(userId, hashToken(token), label, actor);
  return { token, info };
}

export async function createUser(
  workflow: ReviewWorkflowStore,
  name: string,
  role: ApiRole,
  actor: Actor,
): Promise<{ readonly user: ApiUser; readonly token: string; readonly info: ApiToken }> {
  const user = await workflow.access.addUser(name, role, actor);
  const { token, info } = await issueToken(workflow, user.id, 'initial', actor);
  return { user, token, info };
}

/** The first start of a server with no users creates an admin and returns its token (else null). */
export async function bootstrapAdmin(workflow: ReviewWorkflowStore, actor: Actor): Promise<string | null> {
  if ((await workflow.access.users()).length > 0) return null;
  return (await createUser(workflow, 'admin', 'admin', actor)).token;
}
