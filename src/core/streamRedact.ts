import { REDACTED } from './redact';

/** In place of an unbroken run of token characters too long to scan: not shown, and not said to be a secret. */
export const WITHHELD = '«withheld: an unbroken run too long to scan for secrets»';
import { maskRanges, type SecretMatcher } from './secretMatcher';

/**
 * Redaction of streamed output (a command's stdout), where a secret may arrive split across
 * chunks and a private key spans many lines. Only whole lines are let through: an unterminated
 * tail is held back until its line ends (or the stream does). Each batch is scanned together
 * with the end of the text already let through, so a secret whose context came earlier
 * ("Password:" on the line before, "Authorization:" before a forced cut) is still found; inside
 * a private key block everything is withheld until its END line.
 *
 * Memory is bounded: a line longer than `maxCarry` is cut at its last separator (whitespace or
 * punctuation no token contains); a run of token characters longer than that (a blob no credential
 * format produces whole, like a base64 key dump) is redacted up to its end.
 */
export interface StreamRedactor {
  /** Redacted text that is safe to let through now (possibly empty). */
  push(chunk: string): string;
  /**
   * Text nothing will show (output cut between a head and a tail): it is taken as `push` takes it,
   * so what comes after is redacted exactly as if it had been pushed (the context it leaves, a
   * private key block it opens), but it is not scanned for secrets and nothing of it is let through.
   */
  skip(chunk: string): void;
  /** The rest, at the end of the stream. */
  end(): string;
}

export interface StreamLimits {
  /** Most characters held back waiting for the end of a line. */
  readonly maxCarry?: number;
  /** Characters of already emitted text scanned again as context. */
  readonly context?: number;
}

export const DEFAULT_MAX_CARRY = 16 * 1024;
export const DEFAULT_CONTEXT = 512;

const PEM_BEGIN = /-----BEGIN[ A-Z0-9_-]*PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END = /-----END[ A-Z0-9_-]*PRIVATE KEY(?: BLOCK)?-----/;
/** What a credential token is made of; anything else is a place to cut an over-long line. */
const TOKEN_CHAR = /[A-Za-z0-9+/=_.~-]/;
const NON_TOKEN = /[^A-Za-z0-9+/=_.~-]/;

export function createStreamRedactor(matcher: SecretMatcher, limits: StreamLimits = {}): StreamRedactor {
  const maxCarry = limits.maxCarry ?? DEFAULT_MAX_CARRY;
  const contextSize = limits.context ?? DEFAULT_CONTEXT;
  let pending = '';
  let context = '';
  let inKey = false;
  let inBlob = false;

  /** `scan` false: the same state afterwards, and no output (text that is being skipped). */
  const emit = (raw: string, scan: boolean): string => {
    let text = raw;
    let out = '';
    if (inBlob) {
      // The rest of an over-long token: already reported as redacted.
      const stop = text.search(NON_TOKEN);
      if (stop === -1) return '';
      inBlob = false;
      text = text.slice(stop);
      context = '';
    }
    if (inKey) {
      const end = PEM_END.exec(text);
      if (!end) return out;
      inKey = false;
      text = text.slice(end.index + end[0].length);
      context = '';
    }
    const full = context + text;
    if (scan) out += maskRanges(full, matcher.find(full), REDACTED, context.length);
    inKey = opensKeyBlock(text);
    context = inKey ? '' : full.slice(-contextSize);
    return out;
  };

  const take = (chunk: string, scan: boolean): string => {
    pending += chunk;
    let cut = lastLineEnd(pending);
    if (cut === 0 && pending.length > maxCarry) {
      cut = lastSeparator(pending);
      if (cut === 0) {
        // One token longer than any credential: withheld whole, and what follows of it too; said as withheld, not as a
        // secret found (a plugin's 100,000 `z` read «redacted», as if it had printed a credential).
        const wasHidden = inKey || inBlob;
        pending = '';
        inBlob = true;
        return wasHidden || !scan ? '' : WITHHELD;
      }
    }
    if (cut === 0) return '';
    const ready = pending.slice(0, cut);
    pending = pending.slice(cut);
    return emit(ready, scan);
  };

  return {
    push: (chunk) => take(chunk, true),
    skip(chunk) {
      take(chunk, false);
    },
    end() {
      const rest = pending;
      pending = '';
      const out = rest === '' ? '' : emit(rest, true);
      inKey = false;
      inBlob = false;
      context = '';
      return out;
    },
  };
}

/** Just past the last line break, or 0. */
function lastLineEnd(text: string): number {
  return Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
}

/** Just past the last character no token contains, or 0. */
function lastSeparator(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (!TOKEN_CHAR.test(text[i]!)) return i + 1;
  return 0;
}

/** Whether the text ends inside a private key block (a BEGIN line without its END after it). */
function opensKeyBlock(text: string): boolean {
  if (!text.includes('-----BEGIN')) return false;
  let last = -1;
  for (const m of text.matchAll(PEM_BEGIN)) last = m.index + m[0].length;
  return last !== -1 && !PEM_END.test(text.slice(last));
}
