import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Runtime } from '../pipeline/context.js';
import { API_ERRORS, replyWithError, sendError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { authenticate } from './plugins/auth.js';
import type { AnyRoute, ServerContext } from './route.js';
import { auditRoutes } from './routes/audit.js';
import { connectionRoutes } from './routes/connections.js';
import { correctionRoutes } from './routes/corrections.js';
import { driftRoutes } from './routes/drift.js';
import { mappingRoutes } from './routes/mappings.js';
import { recordRoutes } from './routes/records.js';
import { replayRoutes } from './routes/replay.js';
import { reviewRoutes } from './routes/review.js';
import { signalRoutes } from './routes/signals.js';
import { systemRoutes } from './routes/system.js';
import { userRoutes } from './routes/users.js';
import type { SignalsReader } from './signals.js';

export const API_ROUTES: readonly AnyRoute[] = [
  ...systemRoutes,
  ...userRoutes,
  ...connectionRoutes,
  ...reviewRoutes,
  ...recordRoutes,
  ...mappingRoutes,
  ...correctionRoutes,
  ...replayRoutes,
  ...driftRoutes,
  ...auditRoutes,
  ...signalRoutes,
];

export interface ServerOptions {
  readonly rt: Runtime;
  /** The signals serving table, wired by the composition root; without it /signals answers 503. */
  readonly signals?: SignalsReader;
  readonly version?: string;
  /** Largest accepted request body (default 10 MiB: replay selections can name many ids). */
  readonly bodyLimit?: number;
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return value;
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  throw Object.assign(new Error(`invalid ${where}${path ? ` at ${path}` : ''}: ${issue?.message}`), {
    statusCode: 400,
  });
}

/**
 * Builds the API: every route authenticates its bearer token and checks the role before it parses
 * anything (so a role without access learns nothing but 403), then validates params, query and
 * body with the route's zod schemas. GET /openapi.json serves the document built from them.
 */
export function buildServer(opts: ServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: opts.bodyLimit ?? 10 * 1024 * 1024 });
  const ctx: ServerContext = { rt: opts.rt, signals: opts.signals };
  const log = opts.rt.logger.child({ role: 'server' });
  const document = openApiDocument(API_ROUTES, { title: 'Ledgerpulse API', version: opts.version ?? '0.1.0' });

  app.setErrorHandler((error, _req, reply) => replyWithError(reply, error, log));
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, 404, API_ERRORS.notFound, `no route ${req.method} ${req.url}`),
  );
  app.addHook('onResponse', async (req, reply) => {
    log.debug({ method: req.method, url: req.url, status: reply.statusCode, ms: reply.elapsedTime }, 'request');
  });

  app.get('/openapi.json', async () => document);

  for (const r of API_ROUTES) {
    app.route({
      method: r.method,
      url: r.url,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const user = r.access === 'public' ? null : await authenticate(req, opts.rt.store.workflow);
        if (r.access !== 'public') {
          if (!user) return sendError(reply, 401, API_ERRORS.unauthenticated, 'send a valid API token as Bearer');
          if (!r.access.includes(user.role)) {
            return sendError(reply, 403, API_ERRORS.forbidden, `role ${user.role} may not ${r.method} ${r.url}`);
          }
        }
        try {
          const input = {
            params: parse(r.params, req.params, 'path'),
            query: parse(r.query, req.query, 'query'),
            body: parse(r.body, req.body, 'body'),
            user,
          };
          const out = await r.handle(input, ctx);
          return reply.code(r.status ?? 200).send(out);
        } catch (error) {
          return replyWithError(reply, error, log);
        }
      },
    });
  }
  return app;
}

export { openApiDocument };
