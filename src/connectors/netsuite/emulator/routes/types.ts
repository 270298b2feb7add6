import type { Economy, FaultInjector } from '../../../../emulation/economy/index.js';
import type { Problem } from '../problem.js';
import type { CompanyView } from '../view.js';

/** What a route needs from the server for one authenticated request. */
export interface RouteContext {
  readonly economy: Economy;
  readonly faults: FaultInjector | undefined;
  readonly account: string;
  readonly companyId: string;
  readonly timeZone: string;
  /** scheme://host[:port][/accounts/{id}] as the client addressed it. */
  readonly base: string;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly requestKey: string;
  readonly nowMs: number;
  view(): CompanyView;
  /** Marks a document re-saved now (updated-between-pages fault). */
  touch(docId: string): void;
  countFault(): void;
}

export interface RouteResult {
  readonly status: number;
  readonly body: string;
  /** Send only the first half of the body with the full length (truncated JSON fault). */
  readonly truncate?: boolean;
}

export function fromProblem(p: Problem): RouteResult {
  return { status: p.status, body: p.body };
}
