// Ink's Output imports these three: the two that build a line's styled characters are memoized
// (a line of one-code-point characters split without Intl.Segmenter, simpleTokenize.ts, and the
// characters shared between lines, styledCharPool.ts), and the one that writes a row
// back out skips the characters whose style does not change.
import { ansiCodesToString, type AnsiCode, diffAnsiCodes, type StyledChar, tokenize as tokenizeLine } from '@alcalzone/ansi-tokenize';
import { memoize } from './memoize';
import { TEXT_MEMO } from './generation';
import { simpleTokenize } from './simpleTokenize';
import { pooledStyledChars } from './styledCharPool';

type Tokens = ReturnType<typeof tokenizeLine>;
type StyledChars = StyledChar[];

export const tokenize: (line: string) => Tokens = memoize((line: string) => simpleTokenize(line) ?? tokenizeLine(line), TEXT_MEMO);

// Keyed by the token array itself: `tokenize` hands out the same array for the same line, and
// the entry goes when that array does.
const styledCharsOf = new WeakMap<Tokens, StyledChars>();

export function styledCharsFromTokens(tokens: Tokens): StyledChars {
  let chars = styledCharsOf.get(tokens);
  if (chars === undefined) {
    chars = pooledStyledChars(tokens);
    styledCharsOf.set(tokens, chars);
  }
  return chars;
}

const NO_STYLES: readonly AnsiCode[] = [];

/**
 * ansi-tokenize's `styledCharsToString`, with the same output. It diffs the styles of every
 * pair of neighbouring characters, allocating several sets and arrays each time: for every cell
 * of the screen on every frame (16 MB of garbage while the cockpit drew its first frames). Most
 * neighbours have the same style, and the diff of equal styles is empty, so it is skipped.
 */
export function styledCharsToString(chars: readonly StyledChar[]): string {
  let text = '';
  let previous: readonly AnsiCode[] = NO_STYLES;
  for (const char of chars) {
    if (!sameStyles(previous, char.styles)) text += ansiCodesToString(diffAnsiCodes([...previous], char.styles));
    text += char.value;
    previous = char.styles;
  }
  // Whatever is still on at the end is turned off.
  return previous.length === 0 ? text : text + ansiCodesToString(diffAnsiCodes([...previous], []));
}

function sameStyles(a: readonly AnsiCode[], b: readonly AnsiCode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) {
    if (a[index]!.code !== b[index]!.code || a[index]!.endCode !== b[index]!.endCode) return false;
  }
  return true;
}
