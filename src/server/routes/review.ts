import { z } from 'zod';
import { REVIEW_STATUSES } from '../../ports/review-store.js';
import { listReviewItems, reviewGroups, setReviewStatus, showReviewItem } from '../../review/queue.js';
import { compact } from '../compact.js';
import { type AnyRoute, OPERATORS, route } from '../route.js';
import { IdParam, ReviewGroupSchema, ReviewItemSchema, ReviewItemView, ReviewStatusChange } from '../schemas.js';
import { actorOf } from './actor.js';

export const reviewRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    url: '/review/items',
    operationId: 'listReviewItems',
    summary: 'Review items (failed, dead-lettered and suspicious records), newest first',
    tag: 'review',
    access: OPERATORS,
    query: z.object({
      status: z.enum(REVIEW_STATUSES).optional(),
      reason: z.string().optional(),
      connectionId: z.string().optional(),
      platform: z.string().optional(),
      object: z.string().optional(),
      field: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(10_000).default(200),
    }),
    response: z.array(ReviewItemSchema),
    handle: async ({ query }, { rt }) => {
      const { object, field, limit, ...rest } = query;
      const items = await listReviewItems(rt.store, {
        ...compact(rest),
        ...(object !== undefined ? { object } : {}),
        ...(field !== undefined ? { field } : {}),
        limit: object !== undefined || field !== undefined ? 1_000_000 : limit,
      });
      return items.slice(0, limit);
    },
  }),
  route({
    method: 'GET',
    url: '/review/groups',
    operationId: 'listReviewGroups',
    summary: 'Review items grouped by kind (reason, platform, object, field): fix a kind, not a record',
    tag: 'review',
    access: OPERATORS,
    query: z.object({ status: z.enum(REVIEW_STATUSES).optional() }),
    response: z.array(ReviewGroupSchema),
    handle: async ({ query }, { rt }) => reviewGroups(rt.store, query.status),
  }),
  route({
    method: 'GET',
    url: '/review/items/:id',
    operationId: 'getReviewItem',
    summary: 'One review item beside its raw envelope, the records it produced and their corrections',
    tag: 'review',
    access: OPERATORS,
    params: IdParam,
    response: ReviewItemView,
    handle: async ({ params }, { rt }) => showReviewItem(rt.store, params.id),
  }),
  route({
    method: 'POST',
    url: '/review/items/status',
    operationId: 'setReviewStatus',
    summary: 'Resolve, ignore or reopen items by id or a whole group at once (audited)',
    tag: 'review',
    access: OPERATORS,
    body: ReviewStatusChange,
    response: z.object({ updated: z.number().int(), ids: z.array(z.string()) }),
    handle: async ({ body, user }, ctx) =>
      setReviewStatus(
        ctx.rt.store,
        { ...(body.ids ? { ids: body.ids } : {}), ...(body.group ? { group: compact(body.group) } : {}) },
        body.status,
        body.note,
        actorOf(user, ctx),
      ),
  }),
];
