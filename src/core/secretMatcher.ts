import { CREDENTIAL_RULES } from './credentialRules';
import { REDACTION_RULES } from './redactionRules';

/**
 * Finds where secrets are in a text: the runbook's secret values (known exactly, matched as whole
 * tokens) and the well-known credential formats. Positions rather than a rewritten string, so the
 * streaming redactor can scan with the text it already let through as context and mask only
 * what is new.
 */

export interface Range {
  readonly start: number;
  readonly end: number;
}

export interface SecretMatcher {
  /** Sorted, non-overlapping ranges to mask. */
  find(text: string): Range[];
  /** The fingerprint of the credential rules it applies (`redactionRules.ts`); absent when unknown. */
  readonly rules?: string;
}

/**
 * Secret values shorter than this are refused when the runbook is loaded: a short value
 * redacted as a token would still turn up in ordinary words and numbers, and protects little.
 */
export const MIN_SECRET_LENGTH = 8;

/** No credential format or key=value pair fits in fewer characters (ids, stream names, flags). */
const SHORTEST_SECRET = 8;

/** A known value glued to more of these characters is part of a longer word, not the secret. */
const WORD = '[A-Za-z0-9_]';

const PEM_END = /-----END[ A-Z0-9_-]*PRIVATE KEY(?: BLOCK)?-----/;
const PEM_BEGIN = /-----BEGIN[ A-Z0-9_-]*PRIVATE KEY(?: BLOCK)?-----/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The secret values a matcher redacts: long enough to be a token of their own, each once, and as
 * it is written where it travels: percent-encoded (the cockpit's own query URL, echoed in an error
 * body), inside a JSON string, and in base64 (a script's `… | base64`). Each of these leaked.
 */
function redactableValues(secretValues: Iterable<string>): string[] {
  const values = [...new Set(secretValues)].filter((s) => s.length >= MIN_SECRET_LENGTH);
  return [...new Set(values.flatMap((value) => [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), ...base64Forms(value)]))];
}

/** `value` in base64 with and without its padding, when it has a byte form (latin1) to encode. */
function base64Forms(value: string): string[] {
  try {
    const encoded = btoa(value);
    return [encoded, encoded.replace(/=+$/, '')];
  } catch {
    return [];
  }
}

/**
 * Whether `text` may hold one of the secret values: a literal search (no credential rule, no
 * regular expression), cheap enough for every line of a long log. A value is looked for as it is
 * and as JSON writes it inside a string (a quote or a backslash escaped), since the text may be a
 * log line. A hit only says "scan this": the value may be part of a longer word.
 */
export function createSecretValueSearch(secretValues: Iterable<string> = []): (text: string) => boolean {
  // As JSON writes each form inside a string too (a quote or a backslash escaped): the text may be a log line.
  const forms = [...new Set(redactableValues(secretValues).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))];
  if (forms.length === 0) return () => false;
  return (text) => forms.some((form) => text.includes(form));
}

export function createSecretMatcher(secretValues: Iterable<string> = []): SecretMatcher {
  const known = redactableValues(secretValues);
  // Longest first, so a secret containing another is masked whole.
  known.sort((a, b) => b.length - a.length);
  const knownRe = known.length > 0 ? new RegExp(`(?<!${WORD})(?:${known.map(escapeRegExp).join('|')})(?!${WORD})`, 'g') : undefined;

  return {
    rules: REDACTION_RULES,
    find(text) {
      if (text.length < SHORTEST_SECRET) return [];
      const ranges: Range[] = [];
      if (knownRe) for (const m of matches(knownRe, text)) ranges.push({ start: m.index, end: m.index + m[0].length });
      const hints = hintsIn(text);
      for (const rule of CREDENTIAL_RULES) {
        const { hint } = rule;
        if (hint !== undefined && !(typeof hint === 'string' ? hints.has(hint) : hint(text))) continue;
        for (const m of matches(rule.re, text)) {
          const span: readonly [number, number] | undefined = rule.group === undefined ? [m.index, m.index + m[0].length] : m.indices?.[rule.group];
          if (span && span[1] > span[0]) ranges.push({ start: span[0], end: span[1] });
        }
      }
      const orphan = orphanKeyTail(text);
      if (orphan) ranges.push(orphan);
      return merge(ranges);
    },
  };
}

const TEXT_HINTS = [...new Set(CREDENTIAL_RULES.flatMap((rule) => (typeof rule.hint === 'string' ? [rule.hint] : [])))];
const ANY_TEXT_HINT = new RegExp(TEXT_HINTS.map(escapeRegExp).join('|'), 'g');

/**
 * The rules' text hints that occur in `text`, found in one scan rather than one `includes` per
 * rule (about fifty scans of every string redacted). After each hit the scan goes on from the
 * next character, so hints that overlap or share a start are all found.
 */
export function hintsIn(text: string): ReadonlySet<string> {
  const found = new Set<string>();
  ANY_TEXT_HINT.lastIndex = 0;
  for (let m = ANY_TEXT_HINT.exec(text); m !== null; m = ANY_TEXT_HINT.exec(text)) {
    for (const hint of TEXT_HINTS) if (text.startsWith(hint, m.index)) found.add(hint);
    ANY_TEXT_HINT.lastIndex = m.index + 1;
  }
  return found;
}

/**
 * Every match of a global regular expression, as `matchAll` gives them but without copying the
 * expression for each text (`matchAll` clones it: most of the cost on short texts). The
 * expression's `lastIndex` is its own business here: reset before and after.
 */
function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  try {
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      // As matchAll: an empty match moves on by one, or the search would stand still.
      if (m[0].length === 0) re.lastIndex += 1;
      yield m;
    }
  } finally {
    re.lastIndex = 0;
  }
}

/** Text that starts inside a private key block (a cut capture, a later chunk) up to its END line. */
function orphanKeyTail(text: string): Range | undefined {
  const end = PEM_END.exec(text);
  if (!end) return undefined;
  const begin = PEM_BEGIN.exec(text);
  if (begin && begin.index < end.index) return undefined;
  return { start: 0, end: end.index + end[0].length };
}

function merge(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
    else out.push(r);
  }
  return out;
}

/** The text with each range replaced by `marker`; ranges before `from` are ignored, ones across it clipped. */
export function maskRanges(text: string, ranges: readonly Range[], marker: string, from = 0): string {
  let out = '';
  let at = from;
  for (const r of ranges) {
    const start = Math.max(r.start, from);
    if (r.end <= start) continue;
    out += text.slice(at, start) + marker;
    at = r.end;
  }
  return out + text.slice(at);
}
