import type { z } from 'zod';
import { type MapResult, review } from '../../kit/mapper.js';

/** Parses a payload, or says which field is wrong (LP_INPUT_SCHEMA) for the review queue. */
export function parsePayload<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  what: string,
): { ok: true; value: z.infer<S> } | { ok: false; result: MapResult } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const message = `Shopify ${what}: ${field ?? '(payload)'}: ${issue?.message ?? 'does not match the schema'}`;
  return { ok: false, result: review('LP_INPUT_SCHEMA', message, field) };
}

/** Ids travel as strings from here on (int64 would not fit every consumer's number). */
export function idText(id: number | string): string {
  return typeof id === 'number' ? String(id) : id;
}

/**
 * Runs a mapper body and turns an unexpected throw (a timestamp the schema let through but the
 * instant parser refused, an amount decimal.js could not read) into a review item: a mapper never throws.
 */
export function neverThrows(what: string, map: () => MapResult): MapResult {
  try {
    return map();
  } catch (e) {
    return review('LP_INPUT_MAPPING', `Shopify ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
