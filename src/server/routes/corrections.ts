import { z } from 'zod';
import { correctRecord, revertCorrection } from '../../review/corrections.js';
import { type AnyRoute, OPERATORS, route } from '../route.js';
import { CorrectionRequest, CorrectionResultSchema, CorrectionSchema, IdParam } from '../schemas.js';
import { actorOf } from './actor.js';

export const correctionRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    url: '/corrections',
    operationId: 'listCorrections',
    summary: 'Correction overlays (who, when, why, old and new value)',
    tag: 'corrections',
    access: OPERATORS,
    query: z.object({
      recordId: z.string().optional(),
      connectionId: z.string().optional(),
      status: z.enum(['active', 'reverted']).optional(),
    }),
    response: z.array(CorrectionSchema),
    handle: async ({ query }, { rt }) =>
      rt.store.workflow.corrections.list({
        ...(query.recordId ? { recordId: query.recordId } : {}),
        ...(query.connectionId ? { connectionId: query.connectionId } : {}),
        ...(query.status ? { status: query.status } : {}),
      }),
  }),
  route({
    method: 'POST',
    url: '/corrections',
    operationId: 'correctRecord',
    summary: 'Correct one field of a canonical record (an overlay; the raw payload is never edited)',
    tag: 'corrections',
    access: OPERATORS,
    status: 201,
    body: CorrectionRequest,
    response: CorrectionResultSchema,
    handle: async ({ body, user }, ctx) => correctRecord(ctx.rt, body, actorOf(user, ctx)),
  }),
  route({
    method: 'DELETE',
    url: '/corrections/:id',
    operationId: 'revertCorrection',
    summary: 'Revert a correction (the record is replayed without it)',
    tag: 'corrections',
    access: OPERATORS,
    params: IdParam,
    response: CorrectionResultSchema,
    handle: async ({ params, user }, ctx) => revertCorrection(ctx.rt, params.id, actorOf(user, ctx)),
  }),
];
