/** What the caller should do with an error; the queue consumer decides on this alone. */
export type Disposition = 'reauthenticate' | 'retry_at' | 'retry' | 'review' | 'alert' | 'fail';

export interface ErrorContext {
  readonly connectionId?: string;
  readonly platform?: string;
  readonly stream?: string;
  readonly envelopeId?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly url?: string;
  readonly [key: string]: unknown;
}

export abstract class LedgerpulseError extends Error {
  abstract readonly disposition: Disposition;
  readonly code: string;
  readonly context: ErrorContext;

  constructor(code: string, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.context = context;
    this.name = new.target.name;
  }
}

export class AuthError extends LedgerpulseError {
  readonly disposition = 'reauthenticate' as const;
}

export class RateLimitError extends LedgerpulseError {
  readonly disposition = 'retry_at' as const;
  readonly retryAt: number;
  constructor(
    code: string,
    message: string,
    retryAt: number,
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, context, options);
    this.retryAt = retryAt;
  }
}

export class TransientError extends LedgerpulseError {
  readonly disposition = 'retry' as const;
}

export class InvalidInputError extends LedgerpulseError {
  readonly disposition = 'review' as const;
}

export class ContractViolationError extends LedgerpulseError {
  readonly disposition = 'alert' as const;
}

export class ConfigError extends LedgerpulseError {
  readonly disposition = 'fail' as const;
}

export function isLedgerpulseError(e: unknown): e is LedgerpulseError {
  return e instanceof LedgerpulseError;
}
