import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { type AnyRoute, OPERATORS, route } from '../route.js';
import { AuditEntrySchema, StoredReportSchema } from '../schemas.js';

export const auditRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    url: '/audit',
    operationId: 'listAudit',
    summary: 'The audit log, newest first: every change with who, when and what',
    tag: 'audit',
    access: OPERATORS,
    query: z.object({
      action: z.string().optional(),
      target: z.string().optional(),
      actor: z.string().optional(),
      since: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(10_000).default(200),
    }),
    response: z.array(AuditEntrySchema),
    handle: async ({ query }, { rt }) =>
      rt.store.workflow.audit.list({
        limit: query.limit,
        ...(query.action ? { action: query.action } : {}),
        ...(query.target ? { target: query.target } : {}),
        ...(query.actor ? { actor: query.actor } : {}),
        ...(query.since ? { since: query.since } : {}),
      }),
  }),
  route({
    method: 'GET',
    url: '/reconcile',
    operationId: 'listReconcileResults',
    summary: 'The last reconcile result per scope (per connection or "all")',
    tag: 'reconcile',
    access: OPERATORS,
    response: z.array(StoredReportSchema),
    handle: async (_, { rt }) => rt.store.workflow.reports.list('reconcile'),
  }),
  route({
    method: 'GET',
    url: '/reconcile/:scope',
    operationId: 'getReconcileResult',
    summary: 'The last reconcile result of one scope',
    tag: 'reconcile',
    access: OPERATORS,
    params: z.object({ scope: z.string().min(1) }),
    response: StoredReportSchema,
    handle: async ({ params }, { rt }) => {
      const r = await rt.store.workflow.reports.latest('reconcile', params.scope);
      if (!r) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no reconcile result for ${params.scope}`);
      return r;
    },
  }),
];
