import type { FastifyRequest } from 'fastify';
import type { ApiUser, ReviewWorkflowStore } from '../../ports/review-workflow.js';
import { hashToken } from '../tokens.js';

/** The user behind a request's bearer token, or null (no header, unknown or revoked token). */
export async function authenticate(req: FastifyRequest, workflow: ReviewWorkflowStore): Promise<ApiUser | null> {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m?.[1]) return null;
  const found = await workflow.access.verify(hashToken(m[1]));
  return found?.user ?? null;
}
