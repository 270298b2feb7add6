import type { z } from 'zod';
import type { Runtime } from '../pipeline/context.js';
import type { ApiRole, ApiUser } from '../ports/review-workflow.js';
import type { SignalsReader } from './signals.js';

/** What every route handler may use: the runtime (store, queue, clock, secret box) and the signals reader. */
export interface ServerContext {
  readonly rt: Runtime;
  readonly signals: SignalsReader | undefined;
}

export type Access = 'public' | readonly ApiRole[];

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** Null only on public routes. */
  readonly user: ApiUser | null;
}

/**
 * One HTTP route, declared once: its zod schemas validate the request and also produce the
 * OpenAPI document, and `access` names the roles allowed (checked before anything else runs).
 */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify syntax: `/review/items/:id`. */
  readonly url: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly response: z.ZodType;
  /** Success status, 200 unless said. */
  readonly status?: number;
  handle(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>, ctx: ServerContext): Promise<unknown>;
}

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

export function route<
  P extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  B extends z.ZodType = z.ZodUnknown,
>(spec: RouteSpec<P, Q, B>): AnyRoute {
  return spec as unknown as AnyRoute;
}

/** The roles that see operator data (review, mapping, corrections, replay, raw payloads, records). */
export const OPERATORS: readonly ApiRole[] = ['admin', 'operator'];
export const ADMINS: readonly ApiRole[] = ['admin'];
/** Signals are disclosure-controlled aggregates: every role may read them. */
export const EVERYONE: readonly ApiRole[] = ['admin', 'operator', 'analyst'];
