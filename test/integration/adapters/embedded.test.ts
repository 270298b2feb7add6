import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteQueue } from '../../../src/adapters/queue/sqlite/queue.js';
import { createMemorySharedState } from '../../../src/adapters/shared-state/memory/shared-state.js';
import { createSqliteStore } from '../../../src/adapters/store/sqlite/store.js';
import { silentLogger } from '../../../src/log/logger.js';
import { describeQueueContract } from '../../contract/queue.contract.js';
import { describeSharedStateContract } from '../../contract/shared-state.contract.js';
import { describeStoreContract } from '../../contract/store.contract.js';
import { realClock } from '../../support/fake-clock.js';

const deps = { logger: silentLogger(), clock: realClock };
const dir = mkdtempSync(join(tmpdir(), 'lp-embedded-'));
let n = 0;

describeStoreContract('sqlite', () => createSqliteStore(new URL(`sqlite://${join(dir, `store-${n++}.db`)}`), deps));
describeQueueContract('sqlite', () =>
  createSqliteQueue(new URL(`sqlite://${join(dir, `queue-${n++}.db`)}?pollMs=5`), deps),
);
describeSharedStateContract('memory', async () => createMemorySharedState());
