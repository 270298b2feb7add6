import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors/index.js';
import type { Runtime } from '../pipeline/context.js';
import { type ReplayDiff, replay } from '../pipeline/replay.js';
import type { Actor, MappingRule, NewMappingRule } from '../ports/review-workflow.js';
import { createWorkflowHooks } from './hooks.js';
import { checkRule } from './rules.js';

/**
 * Saving a mapping rule is two steps: preview it against the records it affects (a dry-run replay
 * of its scope with the rule added), then save it naming the preview. The preview id is a hash of
 * the exact rule, so what is saved is what was previewed.
 */

export interface RulePreview {
  readonly rule: NewMappingRule;
  /** The rule-set version the rule would get if saved now. */
  readonly version: number;
  readonly mappingVersionSuffix: string;
  readonly previewId: string;
  /** What replaying the rule's scope would change with the rule saved. */
  readonly diff: ReplayDiff;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function previewIdOf(rule: NewMappingRule): string {
  return `pv_${createHash('sha256').update(stableJson(rule)).digest('base64url').slice(0, 22)}`;
}

/** Validates a rule and fills a connection-scoped rule's platform from its connection. */
export async function resolveRule(rt: Runtime, input: unknown): Promise<NewMappingRule> {
  const raw =
    input && typeof input === 'object' ? (input as { scope?: { connectionId?: unknown; platform?: unknown } }) : {};
  const connectionId = typeof raw.scope?.connectionId === 'string' ? raw.scope.connectionId : null;
  let filled = input;
  if (connectionId) {
    const c = await rt.store.connections.get(connectionId);
    if (!c) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no connection ${connectionId}`);
    if (raw.scope?.platform && raw.scope.platform !== c.platform) {
      throw new InvalidInputError(
        'LP_INPUT_RULE',
        `connection ${connectionId} is on ${c.platform}, not ${raw.scope.platform}`,
      );
    }
    filled = { ...raw, scope: { ...raw.scope, platform: c.platform } };
  }
  return checkRule(filled);
}

/** The key the envelopes a rule can touch must contain (a cheap text filter before parsing). */
function mentions(rule: NewMappingRule): ((payload: string) => boolean) | undefined {
  if (rule.transform.kind === 'constant') return undefined;
  const key = rule.sourceField
    .split('.')
    .filter((s) => s !== '*' && !/^\d+$/.test(s))
    .at(-1);
  return key ? (payload) => payload.includes(`"${key}"`) : undefined;
}

export async function previewRule(
  rt: Runtime,
  input: unknown,
  opts: { maxDetails?: number } = {},
): Promise<RulePreview> {
  const rule = await resolveRule(rt, input);
  const version = (await rt.store.workflow.revision()).rules + 1;
  const hooks = createWorkflowHooks(rt.store.workflow, {
    clock: rt.clock,
    drift: false,
    extraRules: [{ ...rule, version }],
  });
  const test = mentions(rule);
  const diff = await replay(
    rt,
    {
      ...(rule.scope.platform ? { platform: rule.scope.platform } : {}),
      ...(rule.scope.connectionId ? { connectionId: rule.scope.connectionId } : {}),
      ...(rule.scope.object ? { object: rule.scope.object } : {}),
      ...(rule.scope.platform ? {} : { all: true }),
    },
    {
      dryRun: true,
      by: 'preview',
      hooks,
      maxDetails: opts.maxDetails ?? 100,
      ...(test ? { where: (e) => test(e.payload) } : {}),
    },
  );
  return { rule, version, mappingVersionSuffix: `rules.${version}`, previewId: previewIdOf(rule), diff };
}

export async function saveRule(rt: Runtime, input: unknown, previewId: string, actor: Actor): Promise<MappingRule> {
  const rule = await resolveRule(rt, input);
  if (previewId !== previewIdOf(rule)) {
    throw new InvalidInputError(
      'LP_INPUT_PREVIEW_REQUIRED',
      'preview this exact rule first and pass its previewId (the rule differs from the one previewed)',
    );
  }
  if (rule.replaces) {
    const old = await rt.store.workflow.rules.get(rule.replaces);
    if (old?.status !== 'active') {
      throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no active rule ${rule.replaces} to replace`);
    }
  }
  return rt.store.workflow.rules.add(rule, actor);
}
