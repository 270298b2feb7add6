import { isLedgerpulseError } from '../errors/index.js';

/** Exit codes: 0 ok, 1 bad input or failed run, 2 usage error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}

/** One line on stderr naming the problem, never a stack trace for expected failures. */
export function failLine(error: unknown): string {
  return oneLine(describe(error));
}

function describe(error: unknown): string {
  if (isLedgerpulseError(error)) return `error ${error.code}: ${error.message}`;
  if (error instanceof UsageError) return `usage error: ${error.message}`;
  if (error instanceof Error) return `error: ${error.message}`;
  return `error: ${String(error)}`;
}

/** Collapses line breaks so the message stays one line, whatever the input quoted. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
