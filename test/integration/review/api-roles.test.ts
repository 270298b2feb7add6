import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRole } from '../../../src/ports/review-workflow.js';
import type { SignalCell, SignalsReader } from '../../../src/server/signals.js';
import { apiWithUsers, bearer, openTestRuntime, type TestRuntime, type Tokens } from './harness.js';

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly roles: readonly ApiRole[];
  readonly public: boolean;
}

const cell = (over: Partial<SignalCell>): SignalCell => ({
  metric: 'avg_invoice_value',
  grain: 'week',
  period: '2026-W10',
  periodStart: '2026-03-02',
  periodEnd: '2026-03-08',
  dimension: 'sector',
  cell: '44',
  cellLabel: 'Retail',
  unit: 'money',
  currency: 'USD',
  value: '1234.56',
  companies: 12,
  provisional: false,
  status: 'published',
  reason: null,
  ...over,
});

const signals: SignalsReader = {
  read: async () => ({
    meta: { engine: 'duckdb', asOf: '2026-06-01' },
    // A reader that forgot to blank a suppressed cell: the API must do it.
    rows: [cell({}), cell({ cell: '11', status: 'suppressed', reason: 'min_companies', value: '99.00', companies: 2 })],
  }),
};

let rt: TestRuntime;
let api: Awaited<ReturnType<typeof apiWithUsers>>;
let tokens: Tokens;
let operations: Operation[];

beforeAll(async () => {
  rt = await openTestRuntime();
  api = await apiWithUsers(rt, signals);
  tokens = api.tokens;
  const doc = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
    openapi: string;
    paths: Record<string, Record<string, { 'x-roles': ApiRole[]; security: unknown[] }>>;
  };
  expect(doc.openapi).toBe('3.1.0');
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      roles: op['x-roles'],
      public: op.security.length === 0,
    })),
  );
});

afterAll(async () => {
  await api?.app.close();
  await rt?.close();
});

async function hit(op: Operation, token?: string) {
  const url = op.path.replace(/\{[^}]+\}/g, 'does-not-exist');
  const res = await api.app.inject({
    method: op.method as 'GET',
    url,
    ...(token ? { headers: bearer(token) } : {}),
    ...(op.method === 'POST' || op.method === 'PUT' ? { payload: {} } : {}),
  });
  return res.statusCode;
}

describe('API roles, walking every operation of the OpenAPI document', () => {
  it('documents a good number of operations, each with its roles', () => {
    expect(operations.length).toBeGreaterThan(25);
    for (const op of operations) if (!op.public) expect(op.roles.length).toBeGreaterThan(0);
  });

  it('refuses every non-public operation without a token (401)', async () => {
    for (const op of operations.filter((o) => !o.public)) {
      expect([op.method, op.path, await hit(op)]).toEqual([op.method, op.path, 401]);
      expect([op.method, op.path, await hit(op, 'lp_not-a-real-token')]).toEqual([op.method, op.path, 401]);
    }
  });

  it('gives each role 403 exactly where its role is not listed, and never 401/403 where it is', async () => {
    for (const role of ['admin', 'operator', 'analyst'] as const) {
      for (const op of operations.filter((o) => !o.public)) {
        const status = await hit(op, tokens[role]);
        if (op.roles.includes(role)) {
          // Allowed: the bogus ids and empty bodies give 200, 400 or 404, never an auth error or a crash.
          expect([role, op.method, op.path, [200, 400, 404].includes(status)]).toEqual([
            role,
            op.method,
            op.path,
            true,
          ]);
        } else expect([role, op.method, op.path, status]).toEqual([role, op.method, op.path, 403]);
      }
    }
  });

  it('lets an analyst reach only signals (aggregates) and who-am-I, never records, payloads or review data', () => {
    const analyst = operations
      .filter((o) => !o.public && o.roles.includes('analyst'))
      .map((o) => `${o.method} ${o.path}`);
    expect(analyst.sort()).toEqual(['GET /me', 'GET /signals']);
    const exposing = operations.filter((o) =>
      /^\/(records|raw|review|corrections|replay|drift|mappings|connections|sync|audit|reconcile|users|tokens)/.test(
        o.path,
      ),
    );
    expect(exposing.length).toBeGreaterThan(15);
    for (const op of exposing) expect(op.roles).not.toContain('analyst');
    const admin = operations
      .filter((o) => !o.public && !o.roles.includes('operator'))
      .map((o) => `${o.method} ${o.path}`);
    expect(admin.sort()).toEqual([
      'DELETE /connections/{id}',
      'DELETE /tokens/{id}',
      'GET /users',
      'POST /users',
      'POST /users/{id}/tokens',
      'PUT /connections/{id}',
    ]);
  });

  it('serves analysts the disclosure-controlled cells only', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/signals?last=4', headers: bearer(tokens.analyst) });
    expect(res.statusCode).toBe(200);
    const rows = (res.json() as { rows: SignalCell[] }).rows;
    expect(rows.find((r) => r.cell === '44')).toMatchObject({ value: '1234.56', companies: 12 });
    expect(rows.find((r) => r.cell === '11')).toMatchObject({ status: 'suppressed', value: null, companies: null });
  });

  it('answers 400 for invalid input after the role check, and 404 for unknown ids', async () => {
    const bad = await api.app.inject({
      method: 'POST',
      url: '/replay',
      headers: bearer(tokens.operator),
      payload: { selection: { nonsense: true } },
    });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { code: string } }).error.code).toBe('LP_INPUT_REQUEST');
    const none = await api.app.inject({
      method: 'POST',
      url: '/replay',
      headers: bearer(tokens.operator),
      payload: { selection: {} },
    });
    expect(none.statusCode).toBe(400);
    const missing = await api.app.inject({ method: 'GET', url: '/records/nope', headers: bearer(tokens.operator) });
    expect(missing.statusCode).toBe(404);
  });
});
