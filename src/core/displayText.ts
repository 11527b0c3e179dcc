import { redactText } from './redact';
import type { SecretMatcher } from './secretMatcher';
import { stripTerminalControls } from './terminalText';

/**
 * The one owner of "text from outside, about to be shown": terminal controls stripped, then
 * secrets redacted (in that order, so a secret split by an escape sequence is whole again when
 * it is looked for). Applied at each boundary where text leaves the cockpit for a terminal or a
 * file: the screen's view model, `cockpit status`, exports, logs.
 */
export type Cleaner = <T>(value: T) => T;

/** Strings seen again from frame to frame are cleaned once (the screen redraws the same lines). */
const GENERATION = 4096;

export function createCleaner(matcher: SecretMatcher): Cleaner {
  const cleanText = recentlyCached((text: string) => redactText(matcher, stripTerminalControls(text)), GENERATION);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return value === '' ? value : cleanText(value);
    if (Array.isArray(value)) return value.map(walk);
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) out[key] = walk(inner);
      return out;
    }
    return value;
  };
  return <T>(value: T): T => walk(value) as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A pure function of a string, cached in bounded memory: answers of this generation and the one
 * before are kept (at most 2 × `generationSize` strings), older ones are dropped wholesale.
 */
function recentlyCached(fn: (text: string) => string, generationSize: number): (text: string) => string {
  let current = new Map<string, string>();
  let previous = new Map<string, string>();
  return (text) => {
    let value = current.get(text);
    if (value !== undefined) return value;
    value = previous.get(text) ?? fn(text);
    if (current.size >= generationSize) {
      previous = current;
      current = new Map();
    }
    current.set(text, value);
    return value;
  };
}
