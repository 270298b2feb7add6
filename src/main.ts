import { openQueue, openSharedState, openStore } from './adapters/registry.js';
import type { Config } from './config/schema.js';
import { systemClock } from './connectors/kit/clock.js';
import { createLogger } from './log/logger.js';
import type { Logger } from './log/types.js';
import type { Runtime } from './pipeline/context.js';
import type { Clock } from './ports/clock.js';
import { secretBoxFor } from './security/secret-box.js';

export interface OpenRuntime extends Runtime {
  readonly config: Config;
  close(): Promise<void>;
}

/** The composition root: config → logger → adapters → runtime. The only place adapters are chosen. */
export async function createRuntime(
  config: Config,
  opts: { logger?: Logger; clock?: Clock } = {},
): Promise<OpenRuntime> {
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const clock = opts.clock ?? systemClock;
  const deps = { logger, clock };
  const secrets = secretBoxFor(config.masterKey);
  const store = await openStore(config.storeUrl, deps);
  const queue = await openQueue(config.queueUrl, deps);
  const shared = await openSharedState(config.sharedUrl, deps);
  return {
    config,
    store,
    queue,
    shared,
    logger,
    clock,
    secrets,
    async close() {
      await queue.close();
      await shared.close();
      await store.close();
    },
  };
}
