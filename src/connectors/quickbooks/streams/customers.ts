import type { StreamDefinition } from '../../kit/define.js';
import { entityStream, type StreamOptions } from './entity-stream.js';

/** Customers (parties). Deleting a customer in QBO makes it inactive. */
export function customersStream(opts: StreamOptions): StreamDefinition {
  return entityStream({ name: 'customers', entity: 'Customer', nameList: true, deletions: false }, opts);
}
