import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { type AnyRoute, OPERATORS, route } from '../route.js';
import { DriftAlertSchema, DriftBaselineSchema, IdParam } from '../schemas.js';
import { actorOf } from './actor.js';

export const driftRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    url: '/drift/alerts',
    operationId: 'listDriftAlerts',
    summary: 'Schema-drift alerts: a field appeared, disappeared or changed type in a stream',
    tag: 'drift',
    access: OPERATORS,
    query: z.object({ status: z.enum(['open', 'acknowledged']).optional(), platform: z.string().optional() }),
    response: z.array(DriftAlertSchema),
    handle: async ({ query }, { rt }) =>
      rt.store.workflow.drift.alerts({
        ...(query.status ? { status: query.status } : {}),
        ...(query.platform ? { platform: query.platform } : {}),
      }),
  }),
  route({
    method: 'GET',
    url: '/drift/alerts/:id',
    operationId: 'getDriftAlert',
    summary: 'One drift alert with the envelopes it affects (replay them with driftAlertId)',
    tag: 'drift',
    access: OPERATORS,
    params: IdParam,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100_000).default(1000) }),
    response: DriftAlertSchema.extend({ affectedEnvelopeIds: z.array(z.string()) }),
    handle: async ({ params, query }, { rt }) => {
      const [alert] = await rt.store.workflow.drift.alerts({ ids: [params.id] });
      if (!alert) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no drift alert ${params.id}`);
      return { ...alert, affectedEnvelopeIds: await rt.store.workflow.drift.affected(alert.id, query.limit) };
    },
  }),
  route({
    method: 'POST',
    url: '/drift/alerts/:id/acknowledge',
    operationId: 'acknowledgeDriftAlert',
    summary: 'Acknowledge a drift alert (it keeps counting affected envelopes)',
    tag: 'drift',
    access: OPERATORS,
    params: IdParam,
    body: z.object({ note: z.string().max(2000).nullable().default(null) }),
    response: DriftAlertSchema,
    handle: async ({ params, body, user }, ctx) => {
      const alert = await ctx.rt.store.workflow.drift.acknowledge(params.id, body.note, actorOf(user, ctx));
      if (!alert) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no open drift alert ${params.id}`);
      return alert;
    },
  }),
  route({
    method: 'GET',
    url: '/drift/baselines/:platform/:object',
    operationId: 'getDriftBaseline',
    summary: 'The learned payload fingerprint of one stream',
    tag: 'drift',
    access: OPERATORS,
    params: z.object({ platform: z.string().min(1), object: z.string().min(1) }),
    response: DriftBaselineSchema,
    handle: async ({ params }, { rt }) => {
      const b = await rt.store.workflow.drift.baseline(params.platform, params.object);
      if (!b) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no baseline for ${params.platform}/${params.object}`);
      return b;
    },
  }),
];
