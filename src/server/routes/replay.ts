import { replay } from '../../pipeline/replay.js';
import { createWorkflowHooks } from '../../review/hooks.js';
import { compact } from '../compact.js';
import { type AnyRoute, OPERATORS, route } from '../route.js';
import { ReplayDiffSchema, ReplayRequest } from '../schemas.js';
import { actorOf } from './actor.js';

export const replayRoutes: AnyRoute[] = [
  route({
    method: 'POST',
    url: '/replay',
    operationId: 'replay',
    summary:
      'Re-normalize a selection from the raw store with the current mapping version; dryRun (the default) only returns the diff',
    tag: 'replay',
    access: OPERATORS,
    body: ReplayRequest,
    response: ReplayDiffSchema,
    handle: async ({ body, user }, ctx) => {
      const hooks = createWorkflowHooks(ctx.rt.store.workflow, { clock: ctx.rt.clock, drift: false });
      return replay(ctx.rt, compact(body.selection), { dryRun: body.dryRun, by: actorOf(user, ctx).by, hooks });
    },
  }),
];
