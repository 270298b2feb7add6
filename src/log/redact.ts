/**
 * Deep redaction for log lines, on top of pino's fixed paths: any key that names a credential, at
 * any depth and in any case, and credentials written inside text (query strings, form bodies,
 * Authorization headers copied into an error message). The logger runs it on every line, so a
 * secret can reach a log only by hiding under a name we do not know.
 */
export const CENSOR = '[redacted]';

const SECRET_KEY =
  /^(access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?secret|token[_-]?secret|consumer[_-]?secret|consumer[_-]?key|password|passwd|secret|authorization|proxy-authorization|x-shopify-access-token|api[_-]?key|oauth[_-]?signature|oauth[_-]?token|sealed[_-]?credentials|credentials)$/i;

/** name=value (query strings, form bodies) and "name":"value" (JSON text) for credential names. */
const SECRET_PAIR =
  /((?:access_token|refresh_token|id_token|client_secret|token_secret|consumer_secret|oauth_signature|oauth_token|password|api_key)(?:=|"?\s*:\s*"|="))([^&\s"',;]+)/gi;
/** Authorization schemes with their credential: "Bearer abc", "Basic abc". */
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g;

export function redactText(text: string): string {
  return text.replace(SECRET_PAIR, `$1${CENSOR}`).replace(AUTH_SCHEME, `$1 ${CENSOR}`);
}

/** A copy of `value` with every credential key and credential text censored (cycles cut). */
export function redactDeep(value: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth > 12) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, seen, depth + 1));
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: redactText(value.message) };
    if (value.stack) out['stack'] = redactText(value.stack);
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? CENSOR : redactDeep(v, seen, depth + 1);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && v !== '' ? CENSOR : redactDeep(v, seen, depth + 1);
  }
  return out;
}
