import { z } from 'zod';
import { PLATFORMS } from '../../canonical/index.js';
import { InvalidInputError } from '../../errors/index.js';
import { RAW_TOPIC } from '../../pipeline/context.js';
import type { Connection } from '../../ports/connection-store.js';
import { ADMINS, type AnyRoute, OPERATORS, route, type ServerContext } from '../route.js';
import { CompanyProfileSchema, ConnectionSchema, IdParam, SyncStatusSchema } from '../schemas.js';
import { actorOf } from './actor.js';

/** A connection as the API shows it: never its credentials, sealed or not. */
function view(c: Connection) {
  return {
    id: c.id,
    platform: c.platform,
    account: c.account,
    baseUrl: c.baseUrl,
    company: c.company,
    hasCredentials: c.sealedCredentials !== null,
    schedule: c.schedule,
    createdAt: c.createdAt,
  };
}

async function statusOf(ctx: ServerContext, c: Connection) {
  const streams = await ctx.rt.store.connections.getState(c.id);
  const open = await ctx.rt.store.review.list({ connectionId: c.id, status: 'open', limit: 1_000_000 });
  return {
    connection: view(c),
    streams: streams.map(({ connectionId: _c, ...s }) => s),
    canonical: await ctx.rt.store.canonical.counts(c.id),
    openReviewItems: open.length,
  };
}

async function getConnection(ctx: ServerContext, id: string): Promise<Connection> {
  const c = await ctx.rt.store.connections.get(id);
  if (!c) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no connection ${id}`);
  return c;
}

export const connectionRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    url: '/connections',
    operationId: 'listConnections',
    summary: 'Connected companies (credentials are never returned)',
    tag: 'connections',
    access: OPERATORS,
    response: z.array(ConnectionSchema),
    handle: async (_, { rt }) => (await rt.store.connections.list()).map(view),
  }),
  route({
    method: 'GET',
    url: '/connections/:id',
    operationId: 'getConnection',
    summary: 'One connection with its sync status, record counts and open review items',
    tag: 'connections',
    access: OPERATORS,
    params: IdParam,
    response: SyncStatusSchema,
    handle: async ({ params }, ctx) => statusOf(ctx, await getConnection(ctx, params.id)),
  }),
  route({
    method: 'PUT',
    url: '/connections/:id',
    operationId: 'putConnection',
    summary: 'Create or update a connection; credentials are sealed at rest and never returned',
    tag: 'connections',
    access: ADMINS,
    params: IdParam,
    body: z.object({
      platform: z.enum(PLATFORMS),
      account: z.string().min(1),
      baseUrl: z.string().url(),
      company: CompanyProfileSchema,
      credentials: z.record(z.string(), z.string()).optional().describe('omit to keep the stored ones'),
      schedule: z.string().nullable().default(null),
    }),
    response: ConnectionSchema,
    handle: async ({ params, body, user }, ctx) => {
      const existing = await ctx.rt.store.connections.get(params.id);
      const actor = actorOf(user, ctx);
      const connection: Connection = {
        id: params.id,
        platform: body.platform,
        account: body.account,
        baseUrl: body.baseUrl,
        company: body.company,
        sealedCredentials: body.credentials
          ? ctx.rt.secrets.seal(body.credentials)
          : (existing?.sealedCredentials ?? null),
        schedule: body.schedule,
        createdAt: existing?.createdAt ?? actor.at,
      };
      await ctx.rt.store.connections.upsert(connection);
      await ctx.rt.store.workflow.audit.append([
        {
          at: actor.at,
          actor: actor.by,
          action: existing ? 'connection.update' : 'connection.create',
          target: params.id,
          // Which credential keys changed, never their values.
          detail: {
            platform: body.platform,
            account: body.account,
            credentialKeys: Object.keys(body.credentials ?? {}),
          },
        },
      ]);
      return view(connection);
    },
  }),
  route({
    method: 'DELETE',
    url: '/connections/:id',
    operationId: 'deleteConnection',
    summary: 'Remove a connection and its sync state (raw and canonical data stay)',
    tag: 'connections',
    access: ADMINS,
    params: IdParam,
    response: z.object({ removed: z.boolean() }),
    handle: async ({ params, user }, ctx) => {
      await getConnection(ctx, params.id);
      const removed = await ctx.rt.store.connections.remove(params.id);
      const actor = actorOf(user, ctx);
      await ctx.rt.store.workflow.audit.append([
        { at: actor.at, actor: actor.by, action: 'connection.remove', target: params.id, detail: {} },
      ]);
      return { removed };
    },
  }),
  route({
    method: 'GET',
    url: '/sync/status',
    operationId: 'syncStatus',
    summary: 'Sync status of every connection and the raw queue',
    tag: 'connections',
    access: OPERATORS,
    response: z.object({
      queue: z.object({
        ready: z.number().int(),
        inFlight: z.number().int(),
        delayed: z.number().int(),
        dead: z.number().int(),
        oldestAgeMs: z.number(),
      }),
      connections: z.array(SyncStatusSchema),
    }),
    handle: async (_, ctx) => ({
      queue: await ctx.rt.queue.stats(RAW_TOPIC),
      connections: await Promise.all((await ctx.rt.store.connections.list()).map((c) => statusOf(ctx, c))),
    }),
  }),
];
