import type { StreamDefinition } from '../../kit/define.js';
import { XERO_OBJECTS } from '../mappers/index.js';
import { pagedStream, type XeroStreamOptions } from './paged.js';

/** `/PurchaseOrders`, deleted ones included (Status DELETED). */
export function purchaseOrdersStream(opts: XeroStreamOptions = {}): StreamDefinition {
  return pagedStream(
    {
      name: 'purchase_orders',
      object: XERO_OBJECTS.purchaseOrders,
      resource: 'PurchaseOrders',
      itemsKey: 'PurchaseOrders',
      idField: 'PurchaseOrderID',
    },
    opts,
  );
}
