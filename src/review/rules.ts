import { z } from 'zod';
import type { RawEnvelope } from '../canonical/index.js';
import { DECIMAL_PATTERN, isZero } from '../canonical/index.js';
import { InvalidInputError } from '../errors/index.js';
import type { PayloadTransform, TransformResult } from '../pipeline/normalize.js';
import type { MappingRule, NewMappingRule, RuleScope } from '../ports/review-workflow.js';
import { bindWildcards, deletePath, matchPath, parsePath, setPath } from './field-path.js';
import { applyTransform, dateFormatPattern } from './transforms.js';

/**
 * Mapping rules rewrite the source payload before the connector's mapper reads it (for example
 * copying a drifted `total_price_amount` back to `total_price`), so mappers stay pure and
 * versioned in code while operators fix what the source changed. A record whose payload a rule
 * changed is stamped `<connector mapping version>+rules.<N>`, N the newest rule that applied.
 */

export const RuleTransformSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rename') }),
  z.object({ kind: z.literal('decimal_comma') }),
  z.object({ kind: z.literal('date_format'), format: z.string().min(2).max(40) }),
  z.object({
    kind: z.literal('scale'),
    op: z.enum(['multiply', 'divide']),
    by: z.string().regex(DECIMAL_PATTERN, 'expected a decimal string such as "100"'),
  }),
  z.object({ kind: z.literal('constant'), value: z.union([z.string(), z.number(), z.boolean(), z.null()]) }),
  z.object({
    kind: z.literal('lookup'),
    table: z.record(z.string(), z.string()),
    fallback: z.string().nullable().optional(),
  }),
]);

export const RuleScopeSchema = z.object({
  platform: z.string().min(1).nullable().default(null).describe('null: every platform'),
  connectionId: z.string().min(1).nullable().default(null).describe('null: every connection of the platform'),
  object: z.string().min(1).nullable().default(null).describe('the raw object (stream), e.g. "orders"; null: all'),
});

export const NewMappingRuleSchema = z.object({
  scope: RuleScopeSchema,
  sourceField: z.string().min(1).max(300),
  targetField: z.string().min(1).max(300),
  transform: RuleTransformSchema,
  note: z.string().max(2000).nullable().default(null),
  replaces: z.string().nullable().optional(),
});

const wildcards = (segments: readonly string[]) => segments.filter((s) => s === '*').length;

/** Validates a rule beyond its shape: paths, wildcards that line up, a usable transform. */
export function checkRule(input: unknown): NewMappingRule {
  const parsed = NewMappingRuleSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError('LP_INPUT_RULE', `invalid mapping rule at ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const rule = parsed.data as NewMappingRule;
  const source = parsePath(rule.sourceField, { wildcards: true });
  const target = parsePath(rule.targetField, { wildcards: true });
  const t = rule.transform;
  if (rule.scope.connectionId && !rule.scope.platform) {
    throw new InvalidInputError('LP_INPUT_RULE', 'a connection-scoped rule names its platform too');
  }
  if (t.kind !== 'constant' && wildcards(source) !== wildcards(target)) {
    throw new InvalidInputError('LP_INPUT_RULE', 'source and target must have the same number of "*"');
  }
  if (t.kind === 'rename' && rule.sourceField === rule.targetField) {
    throw new InvalidInputError('LP_INPUT_RULE', 'a rename needs a different target field');
  }
  if (t.kind === 'scale' && isZero(t.by)) throw new InvalidInputError('LP_INPUT_RULE', 'cannot scale by 0');
  if (t.kind === 'date_format') {
    try {
      dateFormatPattern(t.format);
    } catch (e) {
      throw new InvalidInputError('LP_INPUT_RULE', (e as Error).message);
    }
  }
  return rule;
}

export function inScope(scope: RuleScope, env: Pick<RawEnvelope, 'platform' | 'connectionId' | 'object'>): boolean {
  return (
    (scope.platform === null || scope.platform === env.platform) &&
    (scope.connectionId === null || scope.connectionId === env.connectionId) &&
    (scope.object === null || scope.object === env.object)
  );
}

interface CompiledRule {
  readonly version: number;
  readonly rule: NewMappingRule;
  readonly source: readonly string[];
  readonly target: readonly string[];
}

function compile(rule: NewMappingRule, version: number): CompiledRule {
  return {
    version,
    rule,
    source: parsePath(rule.sourceField, { wildcards: true }),
    target: parsePath(rule.targetField, { wildcards: true }),
  };
}

/** Applies one rule to a payload in place; true when the payload changed. */
function applyRule(c: CompiledRule, payload: unknown): boolean {
  const t = c.rule.transform;
  let changed = false;
  if (t.kind === 'constant') {
    // A constant fills the target where the source left it empty.
    const parentPath = c.target.slice(0, -1);
    const key = c.target[c.target.length - 1] as string;
    const parents = parentPath.length ? matchPath(payload, parentPath).map((m) => m.value) : [payload];
    for (const p of parents) {
      if (typeof p !== 'object' || p === null || Array.isArray(p)) continue;
      const obj = p as Record<string, unknown>;
      if (obj[key] === undefined || obj[key] === null) {
        obj[key] = t.value;
        changed = true;
      }
    }
    return changed;
  }
  const samePath = c.rule.sourceField === c.rule.targetField;
  for (const m of matchPath(payload, c.source)) {
    const out = applyTransform(t, m.value);
    if (!out.ok) continue;
    if (samePath) {
      if (out.value === m.value) continue;
      (m.parent as Record<string, unknown>)[m.key] = out.value;
      changed = true;
      continue;
    }
    if (!setPath(payload, bindWildcards(c.target, m.indices), out.value)) continue;
    if (t.kind === 'rename') deletePath(payload, bindWildcards(c.source, m.indices));
    changed = true;
  }
  return changed;
}

export interface RuleEngine {
  readonly transform: PayloadTransform;
  /** The rules in scope of an envelope, oldest first. */
  rulesFor(env: Pick<RawEnvelope, 'platform' | 'connectionId' | 'object'>): readonly NewMappingRule[];
}

/**
 * Compiles the active rules once; per envelope the rules in scope are found through a cache keyed
 * by (platform, connection, object), so an envelope no rule touches costs one Map lookup.
 */
export function createRuleEngine(
  rules: readonly Pick<MappingRule, 'version' | 'scope' | 'sourceField' | 'targetField' | 'transform' | 'note'>[],
): RuleEngine {
  const compiled = [...rules].sort((a, b) => a.version - b.version).map((r) => compile(r, r.version));
  const byScope = new Map<string, CompiledRule[]>();
  const select = (env: Pick<RawEnvelope, 'platform' | 'connectionId' | 'object'>) => {
    const key = `${env.platform}\u0000${env.connectionId}\u0000${env.object}`;
    let list = byScope.get(key);
    if (!list) {
      list = compiled.filter((c) => inScope(c.rule.scope, env));
      byScope.set(key, list);
    }
    return list;
  };
  return {
    transform(payload: unknown, env: RawEnvelope): TransformResult {
      const list = select(env);
      if (list.length === 0) return { payload, version: null };
      let applied = 0;
      for (const c of list) if (applyRule(c, payload)) applied = Math.max(applied, c.version);
      return { payload, version: applied > 0 ? `rules.${applied}` : null };
    },
    rulesFor: (env) => select(env).map((c) => c.rule),
  };
}
