import { pino } from 'pino';
import { CENSOR, redactDeep, redactText } from './redact.js';
import type { Logger } from './types.js';

/** Paths pino blanks out: credentials never reach a log line. */
export const REDACT_PATHS = [
  'access_token',
  'refresh_token',
  'client_secret',
  'token_secret',
  'consumer_secret',
  'password',
  'secret',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.token_secret',
  '*.consumer_secret',
  '*.password',
  '*.secret',
  '*.*.access_token',
  '*.*.refresh_token',
  '*.*.client_secret',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-shopify-access-token"]',
  '*.headers["x-shopify-access-token"]',
];

export interface LoggerOptions {
  readonly level?: string;
  readonly destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      base: null,
      // Every line's fields, child bindings and message text go through the deep redaction too.
      formatters: {
        log: (object) => redactDeep(object) as Record<string, unknown>,
        bindings: (bindings) => redactDeep(bindings) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    // biome-ignore lint/suspicious/noExplicitAny: pino's DestinationStream is a structural subset of WritableStream
    (opts.destination ?? process.stderr) as any,
  ) as unknown as Logger;
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' }) as unknown as Logger;
}
