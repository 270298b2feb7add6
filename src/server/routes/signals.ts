import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { type AnyRoute, EVERYONE, route } from '../route.js';
import { SignalCellSchema } from '../schemas.js';
import { discloseOnly } from '../signals.js';

/** The one area analysts may use: disclosure-controlled aggregates, never a company's records. */
export const signalRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    url: '/signals',
    operationId: 'listSignals',
    summary: 'Signal cells from the serving table (suppressed cells carry no value and no company count)',
    tag: 'signals',
    access: EVERYONE,
    query: z.object({
      metric: z.string().optional(),
      grain: z.string().optional(),
      dimension: z.string().optional(),
      cell: z.string().optional(),
      last: z.coerce.number().int().min(1).max(1000).optional(),
    }),
    response: z.object({ meta: z.record(z.string(), z.unknown()), rows: z.array(SignalCellSchema) }),
    handle: async ({ query }, { signals }) => {
      if (!signals) throw new InvalidInputError('LP_CONFIG_UNAVAILABLE', 'signals are not available on this server');
      const { meta, rows } = await signals.read({
        ...(query.metric ? { metric: query.metric } : {}),
        ...(query.grain ? { grain: query.grain } : {}),
        ...(query.dimension ? { dimension: query.dimension } : {}),
        ...(query.cell ? { cell: query.cell } : {}),
        ...(query.last ? { last: query.last } : {}),
      });
      return { meta, rows: discloseOnly(rows) };
    },
  }),
];
