import type { z } from 'zod';
import type { MapResult } from '../../kit/mapper.js';
import { review } from '../../kit/mapper.js';

export type Parsed<T> = { readonly value: T } | { readonly failed: MapResult };

/**
 * The mapper receives the record's JSON text (or the parsed value). Either way it is checked
 * against the NetSuite shape; a failure becomes a review reason naming the first bad field.
 */
export function parsePayload<T>(raw: unknown, schema: z.ZodType<T>): Parsed<T> {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (e) {
      return { failed: review('LP_INPUT_NOT_JSON', `payload is not JSON: ${(e as Error).message}`) };
    }
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { value: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue ? issue.path.map(String).join('.') : '';
  const message = issue ? `${field || '(root)'}: ${issue.message}` : 'payload does not match the NetSuite shape';
  return { failed: review('LP_INPUT_SCHEMA', message, field || undefined) };
}

/** The parsed JSON object, or null: used to tell a deletion row from a record before parsing. */
export function asObject(raw: unknown): Record<string, unknown> | null {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
