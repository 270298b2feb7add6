import type { Logger } from '../log/types.js';
import type { Clock } from '../ports/clock.js';
import type { Queue } from '../ports/queue.js';
import type { SharedState } from '../ports/shared-state.js';
import type { Store } from '../ports/store.js';
import type { SecretBox } from '../security/secret-box.js';

/** Everything a role needs, built once by the composition root (src/main.ts). */
export interface Runtime {
  readonly store: Store;
  readonly queue: Queue;
  readonly shared: SharedState;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly secrets: SecretBox;
}

/** The queue topic raw envelopes travel on: one message per fetched page or file. */
export const RAW_TOPIC = 'raw';

/** The body of one raw-topic message. */
export interface RawBatchMessage {
  readonly connectionId: string;
  readonly platform: string;
  readonly object: string;
  readonly envelopeIds: readonly string[];
}

export function isoNow(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
