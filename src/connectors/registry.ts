import type { Platform } from '../canonical/index.js';
import type { ConnectorDefinition } from './kit/define.js';

/** Platform → lazy import of its connector. Adding a platform is one folder and one line here. */
export const connectors = {
  shopify: () => import('./shopify/index.js').then((m) => m.connector),
  files: () => import('./files/index.js').then((m) => m.connector),
  quickbooks: () => import('./quickbooks/index.js').then((m) => m.connector),
  xero: () => import('./xero/index.js').then((m) => m.connector),
  netsuite: () => import('./netsuite/index.js').then((m) => m.connector),
} satisfies Partial<Record<Platform, () => Promise<ConnectorDefinition>>>;

export type RegisteredPlatform = keyof typeof connectors;

/**
 * Loaded connectors by platform. The normalizer asks for a connector once per envelope, and a
 * dynamic import() of an already loaded module still runs module resolution (under tsx, a round
 * trip to its loader thread): that cost 12% of the demo's CPU before this cache.
 */
const loaded = new Map<string, Promise<ConnectorDefinition>>();

export function loadConnector(platform: string): Promise<ConnectorDefinition> {
  const cached = loaded.get(platform);
  if (cached) return cached;
  const load = (connectors as Record<string, (() => Promise<ConnectorDefinition>) | undefined>)[platform];
  if (!load)
    return Promise.reject(
      new RangeError(`unknown platform ${JSON.stringify(platform)}; known: ${Object.keys(connectors).join(', ')}`),
    );
  const pending = load();
  loaded.set(platform, pending);
  // A failed import is not remembered: the next call tries again, as it did before the cache.
  pending.catch(() => loaded.delete(platform));
  return pending;
}
