import type { StreamDefinition } from '../../kit/define.js';
import { entityStream, type StreamOptions } from './entity-stream.js';

/** Credit memos: canonical invoices with documentType credit_note. */
export function creditMemosStream(opts: StreamOptions): StreamDefinition {
  return entityStream({ name: 'credit_memos', entity: 'CreditMemo', nameList: false, deletions: true }, opts);
}
