import type { StreamDefinition } from '../../kit/define.js';
import { entityStream, type StreamOptions } from './entity-stream.js';

/** Vendors (parties). Deleting a vendor in QBO makes it inactive. */
export function vendorsStream(opts: StreamOptions): StreamDefinition {
  return entityStream({ name: 'vendors', entity: 'Vendor', nameList: true, deletions: false }, opts);
}
