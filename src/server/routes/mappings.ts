import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { previewRule, saveRule } from '../../review/mapping-rules.js';
import { type AnyRoute, OPERATORS, route } from '../route.js';
import { IdParam, MappingRuleSchema, RulePreviewRequest, RulePreviewSchema, RuleSaveRequest } from '../schemas.js';
import { actorOf } from './actor.js';

export const mappingRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    url: '/mappings',
    operationId: 'listMappingRules',
    summary: 'Mapping rules, in rule-set version order',
    tag: 'mappings',
    access: OPERATORS,
    query: z.object({ status: z.enum(['active', 'retired']).optional() }),
    response: z.array(MappingRuleSchema),
    handle: async ({ query }, { rt }) => rt.store.workflow.rules.list(query.status ? { status: query.status } : {}),
  }),
  route({
    method: 'POST',
    url: '/mappings/preview',
    operationId: 'previewMappingRule',
    summary: 'Preview a rule against the records it affects (a dry-run replay of its scope with the rule)',
    tag: 'mappings',
    access: OPERATORS,
    body: RulePreviewRequest,
    response: RulePreviewSchema,
    handle: async ({ body }, { rt }) => previewRule(rt, body.rule),
  }),
  route({
    method: 'POST',
    url: '/mappings',
    operationId: 'saveMappingRule',
    summary: 'Save a previewed rule as the next rule-set version (the normalizer applies it from its next batch)',
    tag: 'mappings',
    access: OPERATORS,
    status: 201,
    body: RuleSaveRequest,
    response: MappingRuleSchema,
    handle: async ({ body, user }, ctx) => saveRule(ctx.rt, body.rule, body.previewId, actorOf(user, ctx)),
  }),
  route({
    method: 'DELETE',
    url: '/mappings/:id',
    operationId: 'retireMappingRule',
    summary: 'Retire a rule (kept for provenance; a new rule-set version)',
    tag: 'mappings',
    access: OPERATORS,
    params: IdParam,
    response: MappingRuleSchema,
    handle: async ({ params, user }, ctx) => {
      const rule = await ctx.rt.store.workflow.rules.retire(params.id, actorOf(user, ctx));
      if (!rule) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no active rule ${params.id}`);
      return rule;
    },
  }),
];
