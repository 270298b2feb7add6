import type { StreamDefinition } from '../../kit/define.js';
import { entityStream, type StreamOptions } from './entity-stream.js';

/** Bills (accounts payable vendor invoices). */
export function billsStream(opts: StreamOptions): StreamDefinition {
  return entityStream({ name: 'bills', entity: 'Bill', nameList: false, deletions: true }, opts);
}
