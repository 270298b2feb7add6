import { defineConfig } from 'vitest/config';

// Two projects run the pure unit tests under different host time zones, so code that leans on
// the machine's zone fails one of them. Integration tests talk to real services and run in UTC.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          env: { TZ: 'America/New_York' },
        },
      },
      {
        test: {
          name: 'unit-utc',
          include: ['src/canonical/**/*.test.ts', 'src/connectors/**/mappers/**/*.test.ts'],
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          env: { TZ: 'Asia/Kolkata' },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
