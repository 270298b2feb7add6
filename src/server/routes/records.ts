import { z } from 'zod';
import { CanonicalRecord, RawEnvelope } from '../../canonical/index.js';
import { InvalidInputError } from '../../errors/index.js';
import { type AnyRoute, OPERATORS, route } from '../route.js';
import { CorrectionSchema, IdParam } from '../schemas.js';

/** Single-company data: operators and admins only, never analysts. */
export const recordRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    url: '/records/:id',
    operationId: 'getRecord',
    summary: 'A canonical record with its corrections',
    tag: 'records',
    access: OPERATORS,
    params: IdParam,
    response: z.object({ record: CanonicalRecord, corrections: z.array(CorrectionSchema) }),
    handle: async ({ params }, { rt }) => {
      const [record] = await rt.store.canonical.get([params.id]);
      if (!record) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no canonical record ${params.id}`);
      return { record, corrections: await rt.store.workflow.corrections.list({ recordId: record.id }) };
    },
  }),
  route({
    method: 'GET',
    url: '/raw/envelopes/:id',
    operationId: 'getRawEnvelope',
    summary: 'A raw envelope exactly as received',
    tag: 'records',
    access: OPERATORS,
    params: IdParam,
    response: RawEnvelope,
    handle: async ({ params }, { rt }) => {
      const [envelope] = await rt.store.raw.get([params.id]);
      if (!envelope) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no raw envelope ${params.id}`);
      return envelope;
    },
  }),
];
