import type { FastifyReply } from 'fastify';
import { isLedgerpulseError } from '../errors/index.js';
import type { Logger } from '../log/types.js';

/** Stable error codes of the API itself (the rest come from src/errors/codes.ts). */
export const API_ERRORS = {
  unauthenticated: 'LP_AUTH_API_TOKEN',
  forbidden: 'LP_AUTH_FORBIDDEN',
  notFound: 'LP_INPUT_NOT_FOUND',
  badRequest: 'LP_INPUT_REQUEST',
  unavailable: 'LP_CONFIG_UNAVAILABLE',
} as const;

export function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

/** The HTTP status for an error, from its class and code alone (never from its message). */
export function statusOf(error: unknown): number {
  if (!isLedgerpulseError(error)) return 500;
  if (error.code === API_ERRORS.notFound) return 404;
  if (error.code === API_ERRORS.unavailable) return 503;
  switch (error.disposition) {
    case 'review':
      return 400;
    case 'reauthenticate':
      return 401;
    default:
      return 500;
  }
}

export function replyWithError(reply: FastifyReply, error: unknown, log: Logger) {
  const status = statusOf(error);
  if (status >= 500) log.error({ err: String(error) }, 'request failed');
  if (isLedgerpulseError(error)) return sendError(reply, status, error.code, error.message);
  const body = error as { statusCode?: number; message?: string };
  // Fastify's own errors (bad JSON body, body too large) carry their status.
  if (typeof body.statusCode === 'number' && body.statusCode < 500) {
    return sendError(reply, body.statusCode, API_ERRORS.badRequest, body.message ?? 'bad request');
  }
  return sendError(reply, 500, 'LP_INTERNAL', 'internal error');
}
