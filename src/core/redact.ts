import { SECRET_NAME_WORDS } from './credentialRules';
import { createSecretMatcher, maskRanges, type SecretMatcher } from './secretMatcher';

/**
 * Redaction of secrets before anything is written or drawn (DESIGN principle 5, "Secrets"). Two
 * sources: the runbook's secret values (known exactly, redacted as whole tokens) and the
 * well-known credential formats of `credentialRules.ts`.
 */

export const REDACTED = '«redacted»';
export { MIN_SECRET_LENGTH } from './secretMatcher';

const SECRET_KEY_RE = new RegExp(`^[A-Za-z0-9_.-]*(?:${SECRET_NAME_WORDS.join('|')})[A-Za-z0-9_.-]*$`, 'i');

/** `rules`: the fingerprint of the rules it applies, stamped on the events it redacts (absent: unknown). */
export type Redactor = (<T>(value: T) => T) & { readonly rules?: string };

/** One string with every secret the matcher finds replaced by the marker. */
export function redactText(matcher: SecretMatcher, text: string): string {
  const ranges = matcher.find(text);
  return ranges.length === 0 ? text : maskRanges(text, ranges, REDACTED);
}

/**
 * A redactor for the given secret values (plus the credential formats). Applies to strings and,
 * recursively, to every string inside arrays and plain objects; an object value under a key that
 * names a secret (`password`, `token`, ...) is replaced whole. Keys and non-strings are kept.
 */
export function createRedactor(secretValues: Iterable<string> | SecretMatcher = []): Redactor {
  const matcher = isMatcher(secretValues) ? secretValues : createSecretMatcher(secretValues);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redactText(matcher, value);
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) {
        out[key] = typeof inner === 'string' && inner.length > 0 && SECRET_KEY_RE.test(key) ? REDACTED : walk(inner);
      }
      return out;
    }
    return value;
  };
  const redact = <T>(value: T): T => walk(value) as T;
  return matcher.rules === undefined ? redact : Object.assign(redact, { rules: matcher.rules });
}

function isMatcher(value: Iterable<string> | SecretMatcher): value is SecretMatcher {
  return typeof (value as Partial<SecretMatcher>).find === 'function' && !(Symbol.iterator in value);
}
