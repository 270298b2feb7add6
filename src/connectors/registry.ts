import type { Platform } from '../canonical/index.js';
import type { ConnectorDefinition } from './kit/define.js';

/** Platform → lazy import of its connector. Adding a platform is one folder and one line here. */
export const connectors = {
  shopify: () => import('./shopify/index.js').then((m) => m.connector),
  files: () => import('./files/index.js').then((m) => m.connector),
  xero: () => import('./xero/index.js').then((m) => m.connector),
  netsuite: () => import('./netsuite/index.js').then((m) => m.connector),
} satisfies Partial<Record<Platform, () => Promise<ConnectorDefinition>>>;

export type RegisteredPlatform = keyof typeof connectors;

export async function loadConnector(platform: string): Promise<ConnectorDefinition> {
  const load = (connectors as Record<string, (() => Promise<ConnectorDefinition>) | undefined>)[platform];
  if (!load)
    throw new RangeError(`unknown platform ${JSON.stringify(platform)}; known: ${Object.keys(connectors).join(', ')}`);
  return load();
}
