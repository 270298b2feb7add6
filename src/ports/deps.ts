import type { Logger } from '../log/types.js';
import type { Clock } from './clock.js';

/** What every adapter factory receives: no globals, no environment reads. */
export interface AdapterDeps {
  readonly logger: Logger;
  readonly clock: Clock;
}
