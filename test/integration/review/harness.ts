import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createSqliteQueue } from '../../../src/adapters/queue/sqlite/queue.js';
import { createMemorySharedState } from '../../../src/adapters/shared-state/memory/shared-state.js';
import { createSqliteStore } from '../../../src/adapters/store/sqlite/store.js';
import { systemClock } from '../../../src/connectors/kit/clock.js';
import type { CompanySpec } from '../../../src/emulation/economy/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { isoNow, RAW_TOPIC, type Runtime } from '../../../src/pipeline/context.js';
import type { Connection } from '../../../src/ports/connection-store.js';
import type { ApiRole } from '../../../src/ports/review-workflow.js';
import { createSecretBox } from '../../../src/security/secret-box.js';
import { buildServer } from '../../../src/server/app.js';
import type { SignalsReader } from '../../../src/server/signals.js';
import { createUser } from '../../../src/server/tokens.js';
import { waitFor } from '../../support/deadline.js';

export interface TestRuntime extends Runtime {
  readonly dir: string;
  close(): Promise<void>;
}

/** A fresh embedded runtime (SQLite store and queue in a temp dir, in-process shared state). */
export async function openTestRuntime(): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-review-'));
  const deps = { logger: silentLogger(), clock: systemClock };
  const store = await createSqliteStore(new URL(`sqlite://${join(dir, 'store.db')}`), deps);
  const queue = await createSqliteQueue(new URL(`sqlite://${join(dir, 'queue.db')}?pollMs=5`), deps);
  const shared = createMemorySharedState();
  return {
    dir,
    store,
    queue,
    shared,
    logger: deps.logger,
    clock: systemClock,
    secrets: createSecretBox(randomBytes(32)),
    async close() {
      await queue.close();
      await shared.close();
      await store.close();
    },
  };
}

export function connectionFor(spec: CompanySpec, baseUrl: string, sealed: string | null): Connection {
  return {
    id: spec.id,
    platform: spec.platform,
    account: spec.account,
    baseUrl,
    company: {
      legalName: spec.legalName,
      naics: spec.naics,
      country: spec.country,
      baseCurrency: spec.currency,
      timeZone: spec.timeZone,
      sizeBand: spec.sizeBand,
    },
    sealedCredentials: sealed,
    schedule: null,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

/** Waits until the raw queue is empty (nothing ready, in flight or delayed). */
export async function drained(rt: Runtime, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      const s = await rt.queue.stats(RAW_TOPIC);
      return s.ready + s.inFlight + s.delayed === 0;
    },
    { timeoutMs, intervalMs: 20, what: 'the raw queue to drain' },
  );
}

export type Tokens = Record<ApiRole, string>;

/** The API over a runtime, with one user (and token) per role. */
export async function apiWithUsers(
  rt: Runtime,
  signals?: SignalsReader,
): Promise<{ app: FastifyInstance; tokens: Tokens }> {
  const app = buildServer({ rt, ...(signals ? { signals } : {}) });
  const actor = { by: 'test-setup', at: isoNow(rt.clock) };
  const tokens = {} as Tokens;
  for (const role of ['admin', 'operator', 'analyst'] as const) {
    tokens[role] = (
      await createUser(rt.store.workflow, `${role}-${randomBytes(3).toString('hex')}`, role, actor)
    ).token;
  }
  return { app, tokens };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
