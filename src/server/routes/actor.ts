import { isoNow } from '../../pipeline/context.js';
import type { Actor, ApiUser } from '../../ports/review-workflow.js';
import type { ServerContext } from '../route.js';

/** The audit actor of a request: the token's user, now. */
export function actorOf(user: ApiUser | null, ctx: ServerContext): Actor {
  return { by: user?.name ?? 'anonymous', at: isoNow(ctx.rt.clock) };
}
