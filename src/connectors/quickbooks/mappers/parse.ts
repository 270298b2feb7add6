import type { z } from 'zod';
import type { MapResult } from '../../kit/mapper.js';
import { review } from '../../kit/mapper.js';

export type Parsed<T> = { readonly data: T } | { readonly failed: MapResult };

/** Parses a vendor payload (object or JSON text) without throwing: failures become review results. */
export function parsePayload<S extends z.ZodType>(schema: S, raw: unknown, what: string): Parsed<z.output<S>> {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { failed: review('LP_INPUT_NOT_JSON', `${what} payload is not valid JSON`) };
    }
  }
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data };
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const message = `${what} does not match the QuickBooks schema: ${issue?.message ?? 'invalid'}${field ? ` at ${field}` : ''}`;
  return { failed: field ? review('LP_INPUT_SCHEMA', message, field) : review('LP_INPUT_SCHEMA', message) };
}

/** True when the payload is a deletion notice (CDC `status: "Deleted"`, or a delete response). */
export function isDeletionNotice(raw: unknown): boolean {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return false;
    }
  }
  return typeof value === 'object' && value !== null && (value as { status?: unknown }).status === 'Deleted';
}
