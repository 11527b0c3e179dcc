// Ink's Output imports these three; the two that build a line's styled characters are memoized.
import { styledCharsFromTokens as fromTokens, styledCharsToString, tokenize as tokenizeLine } from '@alcalzone/ansi-tokenize';
import { memoize } from '../../core/memoize';
import { TEXT_MEMO } from './generation';

type Tokens = ReturnType<typeof tokenizeLine>;
type StyledChars = ReturnType<typeof fromTokens>;

export const tokenize: (line: string) => Tokens = memoize((line: string) => tokenizeLine(line), TEXT_MEMO);

// Keyed by the token array itself: `tokenize` hands out the same array for the same line, and
// the entry goes when that array does.
const styledCharsOf = new WeakMap<Tokens, StyledChars>();

export function styledCharsFromTokens(tokens: Tokens): StyledChars {
  let chars = styledCharsOf.get(tokens);
  if (chars === undefined) {
    chars = fromTokens(tokens);
    styledCharsOf.set(tokens, chars);
  }
  return chars;
}

export { styledCharsToString };
