import { z } from 'zod';
import { type AnyRoute, EVERYONE, route } from '../route.js';
import { ApiUserSchema } from '../schemas.js';

export const systemRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    url: '/health',
    operationId: 'health',
    summary: 'Liveness: the server answers',
    tag: 'system',
    access: 'public',
    response: z.object({ status: z.literal('ok') }),
    handle: async () => ({ status: 'ok' as const }),
  }),
  route({
    method: 'GET',
    url: '/me',
    operationId: 'whoAmI',
    summary: 'The user and role behind the token',
    tag: 'system',
    access: EVERYONE,
    response: ApiUserSchema,
    handle: async ({ user }) => user,
  }),
];
