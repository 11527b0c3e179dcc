import { type AnsiCode, reduceAnsiCodesIncremental, type StyledChar, type Token } from '@alcalzone/ansi-tokenize';

/** Distinct styled characters kept before the pool starts over (a screen uses a few hundred). */
const POOL_LIMIT = 4_096;

interface Style {
  readonly styles: readonly AnsiCode[];
  readonly chars: Map<string, StyledChar>;
}

let pool = new Map<string, Style>();
let pooled = 0;

const styleKey = (codes: readonly AnsiCode[]): string => codes.map((code) => `${code.code}${code.endCode}`).join('');

function styleOf(codes: readonly AnsiCode[]): Style {
  const key = styleKey(codes);
  let style = pool.get(key);
  if (style === undefined) {
    style = { styles: Object.freeze([...codes]), chars: new Map() };
    pool.set(key, style);
  }
  return style;
}

function pooledChar(style: Style, value: string, fullWidth: boolean): StyledChar {
  const known = style.chars.get(value);
  // fullWidth follows from the value; compared anyway, so a different answer is never hidden.
  if (known !== undefined && known.fullWidth === fullWidth) return known;
  const char = Object.freeze({ type: 'char', value, fullWidth, styles: style.styles }) as StyledChar;
  if (known === undefined) {
    if (pooled >= POOL_LIMIT) {
      pool = new Map([[styleKey(style.styles), style]]);
      style.chars.clear();
      pooled = 0;
    }
    style.chars.set(value, char);
    pooled += 1;
  }
  return char;
}

/**
 * ansi-tokenize's `styledCharsFromTokens`, with an equal result whose characters are shared: one
 * frozen object per character and style, and one frozen styles array per style, instead of a new
 * object and a new array for every character of every line (about 100 bytes each). Neither Ink's
 * Output nor `styledCharsToString` changes a character or its styles; they only place and read them.
 *
 * Why: paging the timeline back at 160x48 drew ~5,000 new characters a frame. V8 had pretenured
 * their allocation site (the memo keeps repeated lines, so many of them lived long), so each
 * page's characters went straight to the old generation and piled up there until the next full
 * collection: ~90 MB of garbage at the peak after 200 pages (bench/keypress.bench.ts).
 */
export function pooledStyledChars(tokens: readonly Token[]): StyledChar[] {
  let codes: AnsiCode[] = [];
  let style: Style | undefined;
  const chars: StyledChar[] = [];
  for (const token of tokens) {
    if (token.type === 'ansi') {
      codes = reduceAnsiCodesIncremental(codes, [token]);
      style = undefined;
    } else {
      style ??= styleOf(codes);
      chars.push(pooledChar(style, token.value, token.fullWidth));
    }
  }
  return chars;
}
