import type { StreamDefinition } from '../../kit/define.js';
import { entityStream, type StreamOptions } from './entity-stream.js';

/** Invoices (accounts receivable): canonical invoices. */
export function invoicesStream(opts: StreamOptions): StreamDefinition {
  return entityStream({ name: 'invoices', entity: 'Invoice', nameList: false, deletions: true }, opts);
}
