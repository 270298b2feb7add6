import { z } from 'zod';

/** The whole configuration, parsed once at start-up; the profile follows from the URLs. */
export const ConfigSchema = z.object({
  dataDir: z.string().min(1),
  storeUrl: z.string().min(1).describe('sqlite:///path/store.db | postgres://… | mysql://…'),
  queueUrl: z.string().min(1).describe('sqlite:///path/queue.db | amqp://…'),
  sharedUrl: z.string().min(1).describe('memory: | redis://…'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  masterKey: z.string().optional().describe('32-byte key (hex or base64) sealing credentials at rest'),
  metricsPort: z.number().int().min(0).max(65535).optional(),
  raw: z
    .object({
      maxDepth: z.number().int().positive().describe('raw-queue depth above which the scheduler pauses new syncs'),
      maxAgeMs: z.number().int().positive().describe('age of the oldest raw message above which it pauses'),
    })
    .default({ maxDepth: 2000, maxAgeMs: 120_000 }),
  concurrency: z
    .object({
      syncs: z.number().int().positive().describe('connections synced at once by one connector process'),
      normalizerPrefetch: z.number().int().positive().describe('raw messages a normalizer works on at once'),
    })
    .default({ syncs: 8, normalizerPrefetch: 4 }),
});
export type Config = z.infer<typeof ConfigSchema>;
