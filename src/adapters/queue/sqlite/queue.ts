import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AdapterDeps } from '../../../ports/deps.js';
import type {
  ConsumeOptions,
  Consumer,
  DeadLetter,
  Delivery,
  Handler,
  HandlerResult,
  OutboundMessage,
  Queue,
  QueueStats,
  Topic,
} from '../../../ports/queue.js';

interface Row {
  seq: number;
  id: string;
  body: string;
  attempts: number;
  published_at: number;
}

const SCHEMA = `
create table if not exists queue_messages (
  seq integer primary key autoincrement,
  topic text not null,
  id text not null,
  body text not null,
  attempts integer not null default 0,
  visible_at integer not null,
  published_at integer not null,
  lease_token text,
  dead integer not null default 0,
  dead_reason text,
  unique (topic, id)
);
create index if not exists queue_ready on queue_messages (topic, dead, visible_at, seq);
`;

/**
 * A durable queue in SQLite: a message is leased (hidden for the visibility timeout), acked by
 * deleting it, retried with backoff, and dead-lettered after `maxAttempts` deliveries. A worker
 * that dies mid-message simply lets the lease lapse, so the message is delivered again.
 */
export async function createSqliteQueue(url: URL, deps: AdapterDeps): Promise<Queue> {
  const path = decodeURIComponent(url.pathname);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  db.exec(SCHEMA);
  const visibilityMs = Number(url.searchParams.get('visibilityMs') ?? 60_000);
  const pollMs = Number(url.searchParams.get('pollMs') ?? 25);
  const clock = deps.clock;

  const insert = db.prepare(
    'insert or ignore into queue_messages (topic, id, body, visible_at, published_at) values (?, ?, ?, ?, ?)',
  );
  const publishTx = db.transaction((topic: string, msgs: readonly OutboundMessage[], now: number) => {
    for (const m of msgs) insert.run(topic, m.id, JSON.stringify(m.body), now, now);
  });
  const lease = db.prepare(
    `update queue_messages set visible_at = ?, attempts = attempts + 1, lease_token = ?
     where seq in (select seq from queue_messages where topic = ? and dead = 0 and visible_at <= ? order by seq limit ?)
     returning seq, id, body, attempts, published_at`,
  );
  const ack = db.prepare('delete from queue_messages where seq = ? and lease_token = ?');
  const retry = db.prepare(
    'update queue_messages set visible_at = ?, lease_token = null where seq = ? and lease_token = ?',
  );
  const dead = db.prepare(
    'update queue_messages set dead = 1, dead_reason = ?, lease_token = null where seq = ? and lease_token = ?',
  );
  const waiters = new Set<() => void>();
  let closed = false;

  function wake() {
    for (const w of [...waiters]) w();
  }

  function waitForWork(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        waiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      waiters.add(done);
    });
  }

  return {
    capabilities: { deadLetter: true, delayedRetry: true },

    async publish(topic: Topic, messages: readonly OutboundMessage[]): Promise<void> {
      if (messages.length === 0) return;
      publishTx(topic, messages, clock.now());
      wake();
    },

    consume(topic: Topic, handler: Handler, opts: ConsumeOptions = {}): Consumer {
      const prefetch = opts.prefetch ?? 4;
      const maxAttempts = opts.maxAttempts ?? 5;
      const retryBaseMs = opts.retryBaseMs ?? 500;
      let stopping = false;
      const inFlight = new Set<Promise<void>>();

      const settle = (row: Row, token: string, result: HandlerResult) => {
        if (result.kind === 'ack') ack.run(row.seq, token);
        else if (result.kind === 'dead') dead.run(result.reason, row.seq, token);
        else if (row.attempts >= maxAttempts)
          dead.run(`after ${row.attempts} attempts: ${result.reason}`, row.seq, token);
        else {
          const delay = result.delayMs ?? retryBaseMs * 2 ** (row.attempts - 1);
          retry.run(clock.now() + delay, row.seq, token);
        }
      };

      const handle = async (row: Row, token: string) => {
        if (row.attempts > maxAttempts) {
          // Delivered too often without an ack (the worker died each time): a poison message.
          dead.run(`delivered ${row.attempts - 1} times without an ack`, row.seq, token);
          return;
        }
        const delivery: Delivery = {
          id: row.id,
          body: JSON.parse(row.body),
          attempt: row.attempts,
          publishedAt: row.published_at,
        };
        let result: HandlerResult;
        try {
          result = await handler(delivery);
        } catch (error) {
          opts.onError?.(error, delivery);
          result = { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
        }
        if (!closed) settle(row, token, result);
      };

      const loop = (async () => {
        while (!stopping && !closed) {
          const room = prefetch - inFlight.size;
          if (room <= 0) {
            await Promise.race(inFlight);
            continue;
          }
          const now = clock.now();
          const token = randomUUID();
          const rows = lease.all(now + visibilityMs, token, topic, now, room) as Row[];
          if (rows.length === 0) {
            await waitForWork(pollMs);
            continue;
          }
          for (const row of rows) {
            const p = handle(row, token).finally(() => inFlight.delete(p));
            inFlight.add(p);
          }
        }
      })();

      return {
        async stop() {
          stopping = true;
          wake();
          await loop;
          await Promise.all(inFlight);
        },
      };
    },

    async stats(topic: Topic): Promise<QueueStats> {
      const now = clock.now();
      const r = db
        .prepare(
          `select
             sum(case when dead = 0 and visible_at <= ? then 1 else 0 end) as ready,
             sum(case when dead = 0 and visible_at > ? and lease_token is not null then 1 else 0 end) as in_flight,
             sum(case when dead = 0 and visible_at > ? and lease_token is null then 1 else 0 end) as delayed,
             sum(dead) as dead,
             min(case when dead = 0 and visible_at <= ? then published_at end) as oldest
           from queue_messages where topic = ?`,
        )
        .get(now, now, now, now, topic) as Record<string, number | null>;
      return {
        ready: Number(r['ready'] ?? 0),
        inFlight: Number(r['in_flight'] ?? 0),
        delayed: Number(r['delayed'] ?? 0),
        dead: Number(r['dead'] ?? 0),
        oldestAgeMs: r['oldest'] == null ? 0 : Math.max(0, now - Number(r['oldest'])),
      };
    },

    async takeDeadLetters(topic: Topic, limit: number): Promise<DeadLetter[]> {
      const take = db.transaction(() => {
        const rows = db
          .prepare(
            'select seq, id, body, attempts, dead_reason from queue_messages where topic = ? and dead = 1 order by seq limit ?',
          )
          .all(topic, limit) as (Row & { dead_reason: string | null })[];
        const del = db.prepare('delete from queue_messages where seq = ?');
        for (const r of rows) del.run(r.seq);
        return rows;
      });
      return take().map((r) => ({
        id: r.id,
        body: JSON.parse(r.body),
        reason: r.dead_reason ?? 'dead-lettered',
        attempts: r.attempts,
      }));
    },

    async close(): Promise<void> {
      closed = true;
      wake();
      db.close();
    },
  };
}
