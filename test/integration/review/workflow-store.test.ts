import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createMariadbStore } from '../../../src/adapters/store/mariadb/store.js';
import { createPostgresStore } from '../../../src/adapters/store/postgres/store.js';
import { createSqliteStore } from '../../../src/adapters/store/sqlite/store.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { Store } from '../../../src/ports/store.js';
import { order } from '../../contract/store.contract.js';
import { realClock } from '../../support/fake-clock.js';

/**
 * The review-workflow part of the Store port on every dialect: SQLite always; PostgreSQL and
 * MariaDB when LP_TEST_POSTGRES_URL / LP_TEST_MARIADB_URL are set (the adapter suites already fail
 * loudly when they are missing), each in a fresh schema or database dropped afterwards.
 */
const deps = { logger: silentLogger(), clock: realClock };
const { LP_TEST_POSTGRES_URL: pgUrl, LP_TEST_MARIADB_URL: mariaUrl, LP_ADAPTERS: adapters = '' } = process.env;
const only = adapters
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const wanted = (name: string) => only.length === 0 || only.includes(name);
// MariaDB grants the test user CREATE on ledgerpulse_% databases only.
const run = `ledgerpulse_wf${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
let opened = 0;
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const c of cleanups) await c();
});

const opens: [string, (() => Promise<Store>) | null][] = [
  ['sqlite', () => createSqliteStore(new URL('sqlite::memory:'), deps)],
  [
    'postgres',
    pgUrl && wanted('postgres')
      ? async () => {
          const schema = `${run}_${opened++}`;
          const url = new URL(pgUrl);
          url.searchParams.set('schema', schema);
          url.searchParams.set('poolSize', '2');
          cleanups.push(async () => {
            const c = new pg.Client({ connectionString: pgUrl });
            await c.connect();
            await c.query(`drop schema if exists ${schema} cascade`);
            await c.end();
          });
          return createPostgresStore(url, deps);
        }
      : null,
  ],
  [
    'mariadb',
    mariaUrl && wanted('mariadb')
      ? async () => {
          const database = `${run}_${opened++}`;
          const c = await createConnection({ uri: mariaUrl });
          await c.query(`create database ${database} character set utf8mb4 collate utf8mb4_unicode_ci`);
          await c.end();
          cleanups.push(async () => {
            const d = await createConnection({ uri: mariaUrl });
            await d.query(`drop database if exists ${database}`);
            await d.end();
          });
          const url = new URL(mariaUrl);
          url.pathname = `/${database}`;
          return createMariadbStore(url, deps);
        }
      : null,
  ],
];

const actor = (at: string) => ({ by: 'ops', at });

for (const [name, open] of opens) {
  (open ? describe : describe.skip)(`review workflow store: ${name}`, () => {
    it('versions rules, supersedes corrections, and audits both in the same transaction', async () => {
      const store = await (open as () => Promise<Store>)();
      try {
        const wf = store.workflow;
        const scope = { platform: 'shopify', connectionId: null, object: 'orders' };
        const r1 = await wf.rules.add(
          { scope, sourceField: 'a', targetField: 'b', transform: { kind: 'rename' }, note: null },
          actor('2026-01-01T00:00:00.000Z'),
        );
        const r2 = await wf.rules.add(
          {
            scope,
            sourceField: 'a',
            targetField: 'c',
            transform: { kind: 'scale', op: 'divide', by: '100' },
            note: 'x',
            replaces: r1.id,
          },
          actor('2026-01-01T00:00:01.000Z'),
        );
        expect([r1.version, r2.version]).toEqual([1, 2]);
        expect((await wf.rules.get(r1.id))?.status).toBe('retired');
        expect((await wf.rules.list({ status: 'active' })).map((r) => r.transform)).toEqual([
          { kind: 'scale', op: 'divide', by: '100' },
        ]);
        expect((await wf.rules.retire(r2.id, actor('2026-01-01T00:00:02.000Z')))?.status).toBe('retired');
        expect(await wf.rules.retire(r2.id, actor('2026-01-01T00:00:03.000Z'))).toBeUndefined();
        expect((await wf.revision()).rules).toBe(3);

        const base = { recordId: 'sales_order:c1:1', kind: 'sales_order' as const, connectionId: 'c1', field: 'total' };
        const c1 = await wf.corrections.add(
          { ...base, value: '10.00', oldValue: '1000', reason: 'typo' },
          actor('2026-01-02T00:00:00.000Z'),
        );
        const c2 = await wf.corrections.add(
          { ...base, value: { nested: [1, null] }, oldValue: null, reason: 'again' },
          actor('2026-01-02T00:00:01.000Z'),
        );
        const listed = await wf.corrections.list({ recordId: base.recordId });
        expect(listed.map((c) => [c.id, c.status])).toEqual([
          [c1.id, 'reverted'],
          [c2.id, 'active'],
        ]);
        expect(listed[1]).toMatchObject({ value: { nested: [1, null] }, oldValue: null });
        expect(await wf.corrections.revert(c2.id, actor('2026-01-02T00:00:02.000Z'))).toMatchObject({
          status: 'reverted',
        });
        expect((await wf.revision()).corrections).toBe(3);

        const actions = (await wf.audit.list()).map((a) => a.action);
        expect(actions).toEqual([
          'correction.revert',
          'correction.add',
          'correction.add',
          'rule.retire',
          'rule.add',
          'rule.add',
        ]);
        expect((await wf.audit.list({ action: 'correction.add', limit: 1 }))[0]?.detail).toMatchObject({
          oldValue: null,
          supersedes: [c1.id],
        });
      } finally {
        await store.close();
      }
    });

    it('raises drift alerts idempotently per envelope and keeps the first envelope', async () => {
      const store = await (open as () => Promise<Store>)();
      try {
        const drift = store.workflow.drift;
        await drift.saveBaseline({
          platform: 'shopify',
          object: 'orders',
          payloads: 50,
          learned: true,
          paths: { total_price: { types: ['string'], count: 50 } },
          updatedAt: '2026-01-01T00:00:00.000Z',
        });
        expect((await drift.baseline('shopify', 'orders'))?.paths).toEqual({
          total_price: { types: ['string'], count: 50 },
        });
        const obs = (ids: string[], at: string) => ({
          platform: 'shopify',
          object: 'orders',
          path: 'total_price',
          change: 'removed' as const,
          fromType: 'string',
          toType: null,
          envelopeIds: ids,
          at,
        });
        await drift.record([obs(['e2', 'e1'], '2026-01-01T00:00:00.000Z')]);
        await drift.record([obs(['e1', 'e3'], '2026-01-02T00:00:00.000Z')]);
        const [alert] = await drift.alerts({ status: 'open' });
        expect(alert).toMatchObject({ firstEnvelopeId: 'e2', affected: 3, lastSeen: '2026-01-02T00:00:00.000Z' });
        expect((await drift.affected(alert?.id ?? '')).sort()).toEqual(['e1', 'e2', 'e3']);
        expect(
          await drift.acknowledge(alert?.id ?? '', 'known rename', actor('2026-01-03T00:00:00.000Z')),
        ).toMatchObject({
          status: 'acknowledged',
          acknowledgedBy: 'ops',
        });
        expect(await drift.alerts({ status: 'open' })).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('verifies tokens by hash, revokes them, keeps reports, and answers the replay lookups', async () => {
      const store = await (open as () => Promise<Store>)();
      try {
        const wf = store.workflow;
        const user = await wf.access.addUser('ana', 'analyst', actor('2026-01-01T00:00:00.000Z'));
        const token = await wf.access.issueToken(user.id, 'h'.repeat(64), 'laptop', actor('2026-01-01T00:00:00.000Z'));
        expect((await wf.access.verify('h'.repeat(64)))?.user).toEqual(user);
        expect(await wf.access.verify('x'.repeat(64))).toBeUndefined();
        expect(await wf.access.revokeToken(token.id, actor('2026-01-02T00:00:00.000Z'))).toBe(true);
        expect(await wf.access.verify('h'.repeat(64))).toBeUndefined();

        await wf.reports.save({
          name: 'reconcile',
          scope: 'all',
          body: { ok: 3, diff: ['a'] },
          at: '2026-01-01T00:00:00.000Z',
        });
        await wf.reports.save({ name: 'reconcile', scope: 'all', body: { ok: 4 }, at: '2026-01-02T00:00:00.000Z' });
        expect(await wf.reports.latest('reconcile')).toMatchObject({ body: { ok: 4 }, at: '2026-01-02T00:00:00.000Z' });
        expect(await wf.reports.list('reconcile')).toHaveLength(1);

        const orders = [1, 2, 3, 4, 5].map((i) =>
          order(String(i), `2026-01-0${i}T00:00:00.000Z`, '10.00', { orderDate: `2026-01-0${i}` }),
        );
        await store.canonical.upsert(orders);
        const stats = await wf.companyStats(orders[0]?.source.connectionId ?? '');
        expect(stats).toMatchObject({ documents: 5, firstDate: '2026-01-03', lastDate: '2026-01-03' });
        const from = await wf.recordsFrom([orders[0]?.provenance.envelopeId ?? '']);
        expect(from).toEqual([{ id: orders[0]?.id, envelopeId: orders[0]?.provenance.envelopeId }]);
        expect(await wf.withdrawRecords([{ id: orders[0]?.id ?? '', envelopeId: 'another-envelope' }])).toBe(0);
        expect(await wf.withdrawRecords(from)).toBe(1);
        await store.review.add(
          [
            {
              reason: 'LP_INPUT_SCHEMA',
              message: 'm',
              platform: 'shopify',
              connectionId: 'c1',
              object: 'orders',
              envelopeId: 'e9',
            },
          ],
          '2026-01-01T00:00:00.000Z',
        );
        expect((await wf.reviewItemsFor(['e9', 'e8'], 'open')).map((i) => i.envelopeId)).toEqual(['e9']);
      } finally {
        await store.close();
      }
    });
  });
}
