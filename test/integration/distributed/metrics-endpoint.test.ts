import { describe, expect, it } from 'vitest';
import { createPrometheusMetrics } from '../../../src/pipeline/metrics.js';
import { startMetricsEndpoint } from '../../../src/server/metrics-endpoint.js';

/** The small HTTP listener every role opens: /metrics, /healthz, nothing else. Loopback only, no services. */
describe('role metrics endpoint', () => {
  it('serves Prometheus text and a health report that turns 503 when a check fails or hangs', async () => {
    const metrics = createPrometheusMetrics({ role: 'normalizer' });
    metrics.normalized({ envelopes: 3, records: 3, reviews: 0 });
    let storeUp = true;
    const endpoint = await startMetricsEndpoint({
      port: 0,
      source: metrics.registry,
      checkTimeoutMs: 100,
      info: { role: 'normalizer', pid: 1 },
      checks: [
        {
          name: 'store',
          check: async () => {
            if (!storeUp) throw new Error('connection refused');
          },
        },
        { name: 'queue', check: () => (storeUp ? Promise.resolve() : new Promise(() => {})) },
      ],
    });
    try {
      expect(endpoint.port).toBeGreaterThan(0);
      expect(endpoint.url).toBe(`http://127.0.0.1:${endpoint.port}`);
      const m = await fetch(`${endpoint.url}/metrics`);
      expect(m.status).toBe(200);
      expect(m.headers.get('content-type')).toContain('text/plain');
      const text = await m.text();
      expect(text).toContain('ledgerpulse_records_normalized_total{role="normalizer"} 3');
      // Process metrics come along, under our prefix.
      expect(text).toContain('ledgerpulse_process_cpu_seconds_total');

      const ok = await fetch(`${endpoint.url}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({
        status: 'ok',
        role: 'normalizer',
        pid: 1,
        checks: { store: 'ok', queue: 'ok' },
      });

      storeUp = false;
      const bad = await fetch(`${endpoint.url}/healthz`);
      expect(bad.status).toBe(503);
      expect(await bad.json()).toEqual({
        status: 'failing',
        role: 'normalizer',
        pid: 1,
        checks: { store: 'connection refused', queue: 'no answer within 100 ms' },
      });

      expect((await fetch(`${endpoint.url}/other`)).status).toBe(404);
      expect((await fetch(`${endpoint.url}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await endpoint.close();
    }
  });
});
