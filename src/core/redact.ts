/**
 * Redaction of secrets before anything is written (DESIGN principle 5). Two sources: values the
 * runbook took from `${ENV}` expansions (known exactly), and patterns for credentials that
 * commonly leak into command output and notes.
 */

export const REDACTED = '«redacted»';

/**
 * Known values shorter than this are not replaced: redacting every "1" or "on" in a timeline
 * would destroy it while protecting nothing a guess would not find.
 */
export const MIN_SECRET_LENGTH = 4;

interface Pattern {
  readonly name: string;
  readonly re: RegExp;
  /** Replacement; `$1`-style groups keep the non-secret part (a header name, a key name). */
  readonly replace: string;
}

const SECRET_KEY_NAMES = String.raw`[A-Za-z0-9_.-]*(?:password|passwd|pwd|passphrase|token|secret|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[A-Za-z0-9_.-]*`;

export const PATTERNS: readonly Pattern[] = [
  {
    name: 'private key block',
    // A block cut off by a streamed chunk is redacted to the end of the text.
    re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    replace: REDACTED,
  },
  {
    name: 'authorization header',
    // Any scheme after an Authorization header; `Basic` alone is too common a word to match.
    re: /\b((?:Proxy-)?Authorization"?\s*[:=]\s*"?[A-Za-z-]+\s+)[^\s"',;]+/gi,
    replace: `$1${REDACTED}`,
  },
  {
    name: 'bearer token',
    re: /\b(Bearer\s+)[A-Za-z0-9\-._~+/]{8,}=*/g,
    replace: `$1${REDACTED}`,
  },
  {
    name: 'url credentials',
    re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi,
    replace: `$1${REDACTED}@`,
  },
  {
    name: 'secret key=value pair',
    // password=..., token: "...", AWS_SECRET_ACCESS_KEY=..., --password=..., "api_key": "..."
    re: new RegExp(String.raw`(${SECRET_KEY_NAMES}"?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s"',;&]+)`, 'gi'),
    replace: `$1${REDACTED}`,
  },
  {
    name: 'aws access key id',
    re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    replace: REDACTED,
  },
  {
    name: 'aws secret access key',
    // 40 base64 characters with upper, lower and digits: excludes git SHAs (hex) and words.
    re: /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    replace: REDACTED,
  },
];

const SECRET_KEY_RE = new RegExp(`^${SECRET_KEY_NAMES}$`, 'i');

export type Redactor = <T>(value: T) => T;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A redactor for the given known secret values (plus the patterns). Applies to strings and,
 * recursively, to every string inside arrays and plain objects; an object value under a key that
 * names a secret (`password`, `token`, ...) is replaced whole. Keys and non-strings are kept.
 */
export function createRedactor(secretValues: Iterable<string> = []): Redactor {
  const known = [...new Set(secretValues)].filter((s) => s.length >= MIN_SECRET_LENGTH);
  // Longest first so a secret containing another is replaced whole.
  known.sort((a, b) => b.length - a.length);
  const knownRe = known.length > 0 ? new RegExp(known.map(escapeRegExp).join('|'), 'g') : undefined;

  const redactString = (text: string): string => {
    let out = knownRe === undefined ? text : text.replace(knownRe, REDACTED);
    for (const pattern of PATTERNS) out = out.replace(pattern.re, pattern.replace);
    return out;
  };

  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redactString(value);
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

  return <T>(value: T): T => walk(value) as T;
}
