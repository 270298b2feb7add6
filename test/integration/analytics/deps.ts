import type { Logger } from '../../../src/log/types.js';
import type { AdapterDeps } from '../../../src/ports/deps.js';
import { realClock } from '../../support/fake-clock.js';

const silent: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silent,
};

/** Adapter deps for the analytics tests: real clock, no log output. */
export const silentDeps: AdapterDeps = { logger: silent, clock: realClock };
