import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatMsDate } from '../../mappers/ms-date.js';
import type { EmulatorState } from '../emulator-state.js';
import { toXeroJson } from '../json-text.js';
import { parseListQuery, selectRecords } from '../list-query.js';
import type { RenderedRecord, XeroCollection } from '../render.js';
import { renderOrganisation } from '../render-organisation.js';
import {
  sendApiException,
  sendJson,
  sendNotFound,
  sendProblem,
  sendRateLimited,
  sendServerError,
  sendXmlEnvelope,
} from '../responses.js';
import { bearerOf, unauthorized } from './auth-checks.js';

export const API_PREFIX = '/api.xro/2.0/';

const COLLECTIONS: Readonly<Record<string, XeroCollection>> = {
  invoices: 'Invoices',
  creditnotes: 'CreditNotes',
  purchaseorders: 'PurchaseOrders',
  contacts: 'Contacts',
  items: 'Items',
};

/** Collections whose multi-record GETs carry LineItems only when `page` is used (contract §4). */
const LINES_ONLY_WHEN_PAGED = new Set<XeroCollection>(['Invoices', 'CreditNotes']);

interface Answer {
  readonly collection: string;
  readonly records: readonly Record<string, unknown>[];
  readonly pagination?: { page: number; pageSize: number; pageCount: number; itemCount: number };
}

/**
 * The response envelope. Its Id is derived from what it carries and DateTimeUTC is the data clock,
 * so one seed gives byte-identical responses run after run (Xero's own Id is a fresh GUID).
 */
function envelope(state: EmulatorState, a: Answer): string {
  const content = {
    ...(a.pagination ? { pagination: a.pagination } : {}),
    [a.collection]: a.records,
  };
  const digest = createHash('sha256').update(toXeroJson(content)).digest('hex');
  const id = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
  return toXeroJson({
    Id: id,
    Status: 'OK',
    ProviderName: 'Ledgerpulse Xero emulator',
    DateTimeUTC: formatMsDate(Date.parse(state.now), null),
    ...content,
  });
}

function requestKeyOf(req: IncomingMessage, url: URL): string {
  const params = [...url.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${req.method} ${url.pathname}?${new URLSearchParams(params).toString()}|${req.headers['if-modified-since'] ?? ''}`;
}

/**
 * `/api.xro/2.0/{Collection}[/{id}]` and `/api.xro/2.0/Organisation`. Order of checks, as Xero:
 * bearer token (401), tenant header (403), allowances (429 with X-Rate-Limit-Problem), then the
 * request itself (400 for a query Xero would refuse, 404 for an unknown path or id).
 */
export async function handleAccounting(
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  state: EmulatorState,
): Promise<void> {
  const check = state.tokens.check(bearerOf(req));
  if (!check.ok) return unauthorized(res, check);
  const tenant = req.headers['xero-tenant-id'];
  if (typeof tenant !== 'string' || tenant === '') {
    return sendProblem(res, 403, 'Forbidden', 'AuthenticationUnsuccessful');
  }
  const spec = state.economy.byAccount('xero', tenant);
  if (!spec || !check.tenants.includes(tenant)) return sendProblem(res, 403, 'Forbidden', 'AuthorizationUnsuccessful');

  const requestKey = requestKeyOf(req, url);
  const fault = state.faults?.transport('xero', tenant, requestKey) ?? null;
  // Injected refusals come before the allowance: they are not the client's doing and use none of it.
  if (fault === 'rate_limit') {
    state.counters.faultsInjected += 1;
    return sendRateLimited(res, 'minute', 1, state.rateLimits.headers(tenant));
  }
  if (fault === 'expired_token') {
    state.counters.faultsInjected += 1;
    return unauthorized(
      res,
      { ok: false, reason: 'expired', expiredAt: state.clock() },
      state.rateLimits.headers(tenant),
    );
  }
  const admission = state.rateLimits.admit(tenant);
  if (!admission.ok) {
    state.counters.rateLimitViolations += 1;
    return sendRateLimited(res, admission.problem ?? 'minute', admission.retryAfterS ?? 1, admission.headers);
  }
  state.rateLimits.enter(tenant);
  res.once('close', () => state.rateLimits.leave(tenant));
  const headers = admission.headers;
  if (fault === 'server_error') {
    state.counters.faultsInjected += 1;
    return sendServerError(res, headers);
  }
  if (fault === 'slow') {
    state.counters.faultsInjected += 1;
    await new Promise((r) => setTimeout(r, state.slowMs));
  }

  if (req.method !== 'GET') {
    res.writeHead(405, { Allow: 'GET', ...headers });
    res.end();
    return;
  }
  const [name = '', id, ...rest] = url.pathname.slice(API_PREFIX.length).split('/').map(decodeURIComponent);
  const accept = req.headers.accept ?? '';
  if (!accept.includes('json')) return sendXmlEnvelope(res, name, headers, state.clock());

  let body: string;
  if (name.toLowerCase() === 'organisation' && id === undefined) {
    body = envelope(state, {
      collection: 'Organisations',
      records: [renderOrganisation(spec, Date.parse(state.economy.endAt))],
    });
  } else {
    const collection = COLLECTIONS[name.toLowerCase()];
    if (!collection || rest.length > 0) return sendNotFound(res, headers);
    const all = state.data.get(spec, state.now)[collection];
    if (id !== undefined) {
      const found = all.find((r) => r.id === id || r.altKeys.includes(id));
      if (!found) return sendNotFound(res, headers);
      body = envelope(state, { collection, records: [found.record] });
    } else {
      const q = parseListQuery(url, req.headers['if-modified-since'], collection);
      if ('type' in q) return sendApiException(res, q.type, q.message, headers);
      const selected = selectRecords(all, q);
      let window: RenderedRecord[] = selected;
      let pagination: Answer['pagination'];
      if (q.page !== null) {
        let start = (q.page - 1) * q.pageSize;
        const responseFault = state.faults?.response('xero', tenant, requestKey) ?? null;
        if (responseFault === 'repeated_across_pages' && start > 0) {
          // The first record of this page repeats the last one of the page before.
          state.counters.faultsInjected += 1;
          start -= 1;
        }
        window = selected.slice(start, start + q.pageSize);
        pagination = {
          page: q.page,
          pageSize: q.pageSize,
          pageCount: Math.ceil(selected.length / q.pageSize),
          itemCount: selected.length,
        };
        if (responseFault === 'updated_between_pages' && window[0]) {
          // A record just served is edited right after: later pages shift back by one.
          state.counters.faultsInjected += 1;
          const bumped = Math.max(Date.parse(state.now), (selected.at(-1)?.updatedMs ?? 0) + 1);
          state.data.touch(spec, collection, window[0].id, bumped);
        }
        if (responseFault === 'truncated_json') {
          state.counters.faultsInjected += 1;
          const full = envelope(state, { collection, records: window.map((r) => r.record), pagination });
          return sendJson(res, 200, full.slice(0, Math.max(1, Math.floor(full.length / 2))), headers);
        }
      }
      const withLines = !q.summaryOnly && (q.page !== null || !LINES_ONLY_WHEN_PAGED.has(collection));
      const records = window.map((r) => (withLines ? r.record : withoutLines(r.record)));
      body = envelope(state, pagination ? { collection, records, pagination } : { collection, records });
    }
  }
  if (fault === 'drop_mid_body') {
    state.counters.faultsInjected += 1;
    return dropMidBody(res, body, headers);
  }
  sendJson(res, 200, body, headers);
}

function withoutLines(record: Record<string, unknown>): Record<string, unknown> {
  const { LineItems: _lines, ...rest } = record;
  return rest;
}

/** Announces the whole body, sends half, and cuts the connection. */
function dropMidBody(res: ServerResponse, body: string, headers: Readonly<Record<string, string>>): void {
  const bytes = Buffer.from(body);
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(bytes.length),
  });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
}
