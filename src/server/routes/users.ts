import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { API_ROLES } from '../../ports/review-workflow.js';
import { ADMINS, type AnyRoute, route } from '../route.js';
import { ApiTokenSchema, ApiUserSchema, IdParam, IssuedToken } from '../schemas.js';
import { createUser, issueToken } from '../tokens.js';
import { actorOf } from './actor.js';

export const userRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    url: '/users',
    operationId: 'listUsers',
    summary: 'API users and their tokens (never the tokens themselves)',
    tag: 'users',
    access: ADMINS,
    response: z.array(ApiUserSchema.extend({ tokens: z.array(ApiTokenSchema) })),
    handle: async (_, { rt }) => {
      const tokens = await rt.store.workflow.access.tokens();
      return (await rt.store.workflow.access.users()).map((u) => ({
        ...u,
        tokens: tokens.filter((t) => t.userId === u.id),
      }));
    },
  }),
  route({
    method: 'POST',
    url: '/users',
    operationId: 'createUser',
    summary: 'Create a user with a role; the answer holds its first token, shown once',
    tag: 'users',
    access: ADMINS,
    status: 201,
    body: z.object({ name: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/), role: z.enum(API_ROLES) }),
    response: z.object({ user: ApiUserSchema, token: z.string(), info: ApiTokenSchema }),
    handle: async ({ body, user }, ctx) => {
      const users = await ctx.rt.store.workflow.access.users();
      if (users.some((u) => u.name === body.name)) {
        throw new InvalidInputError('LP_INPUT_CONFLICT', `a user named ${body.name} exists`);
      }
      return createUser(ctx.rt.store.workflow, body.name, body.role, actorOf(user, ctx));
    },
  }),
  route({
    method: 'POST',
    url: '/users/:id/tokens',
    operationId: 'issueToken',
    summary: 'Issue another token for a user (shown once)',
    tag: 'users',
    access: ADMINS,
    status: 201,
    params: IdParam,
    body: z.object({ label: z.string().max(200).nullable().default(null) }),
    response: IssuedToken,
    handle: async ({ params, body, user }, ctx) => {
      const users = await ctx.rt.store.workflow.access.users();
      if (!users.some((u) => u.id === params.id))
        throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no user ${params.id}`);
      return issueToken(ctx.rt.store.workflow, params.id, body.label, actorOf(user, ctx));
    },
  }),
  route({
    method: 'DELETE',
    url: '/tokens/:id',
    operationId: 'revokeToken',
    summary: 'Revoke a token',
    tag: 'users',
    access: ADMINS,
    params: IdParam,
    response: z.object({ revoked: z.boolean() }),
    handle: async ({ params, user }, ctx) => {
      const revoked = await ctx.rt.store.workflow.access.revokeToken(params.id, actorOf(user, ctx));
      if (!revoked) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no live token ${params.id}`);
      return { revoked };
    },
  }),
];
