import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RAW_TOPIC, type Runtime } from '../pipeline/context.js';

/** A named readiness check; it throws (or rejects) when the dependency is unusable. */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

/** prom-client's Registry satisfies this. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

export interface MetricsEndpointOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  readonly source: MetricsSource;
  readonly checks: readonly HealthCheck[];
  /** Per check (default 2000 ms): a hung dependency is unhealthy, not a hung probe. */
  readonly checkTimeoutMs?: number;
  /** Added to the /healthz body (role, pid, …). */
  readonly info?: Record<string, unknown>;
}

export interface MetricsEndpoint {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * A role's own small HTTP listener: GET /metrics (Prometheus text) and GET /healthz (200 when every
 * check passes, 503 with the failing ones otherwise). Separate from the API server so that every
 * worker process can be scraped and probed without carrying the API.
 */
export async function startMetricsEndpoint(o: MetricsEndpointOptions): Promise<MetricsEndpoint> {
  const timeoutMs = o.checkTimeoutMs ?? 2000;
  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
    if (path === '/metrics') return send(res, 200, o.source.contentType, await o.source.metrics());
    if (path === '/healthz') {
      const results = await Promise.all(
        o.checks.map(async (c) => {
          try {
            await withTimeout(c.check(), timeoutMs);
            return [c.name, 'ok'] as const;
          } catch (error) {
            return [c.name, error instanceof Error ? error.message : String(error)] as const;
          }
        }),
      );
      const healthy = results.every(([, r]) => r === 'ok');
      const body = { status: healthy ? 'ok' : 'failing', ...o.info, checks: Object.fromEntries(results) };
      return send(res, healthy ? 200 : 503, 'application/json', `${JSON.stringify(body)}\n`);
    }
    return send(res, 404, 'text/plain', 'not found; try /metrics or /healthz\n');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, 'text/plain', `${String(error)}\n`));
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    port,
    url: `http://${shown}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Store, queue and shared state answer, and the role has not begun to stop. */
export function runtimeHealthChecks(rt: Runtime, running: () => boolean): HealthCheck[] {
  return [
    {
      name: 'role',
      check: async () => {
        if (!running()) throw new Error('stopping');
      },
    },
    { name: 'store', check: async () => void (await rt.store.connections.get('healthz-probe')) },
    { name: 'queue', check: async () => void (await rt.queue.stats(RAW_TOPIC)) },
    { name: 'shared', check: async () => void (await rt.shared.getValue('healthz-probe')) },
  ];
}
