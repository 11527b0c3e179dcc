import { type Token, tokenize } from '@alcalzone/ansi-tokenize';
import { eastAsianWidthType } from 'get-east-asian-width';
import { JOINS } from './textWidth';

/** A colour or attribute code (SGR), as ansi-tokenize recognizes one: digits and semicolons up to `m`. */
const SGR = /\u001B\[[0-9;]*m/y;

/** Distinct codes remembered before starting over (a screen uses a few dozen). */
const CODES_LIMIT = 256;
let codes = new Map<string, readonly Token[]>();

/** ansi-tokenize's tokens for one code (a compound code is several). */
function codeTokens(code: string): readonly Token[] {
  let tokens = codes.get(code);
  if (tokens === undefined) {
    if (codes.size >= CODES_LIMIT) codes = new Map();
    tokens = tokenize(code);
    codes.set(code, tokens);
  }
  return tokens;
}

/**
 * ansi-tokenize's `tokenize`, with an equal result, for a line whose every code point is a
 * grapheme cluster of its own (what a cockpit screen holds: ASCII, box drawing, arrows, ● ✓ ⚠ …)
 * with SGR codes between them; `undefined` for any other line, which `tokenize` must split.
 *
 * `tokenize` walks every line with `Intl.Segmenter`, which allocates an object per character:
 * paging the timeline back at 160x48 spent a third of its CPU there (bench/keypress.bench.ts).
 * Code tokens are shared between lines, as the memo shares a repeated line's tokens; nothing changes them.
 */
export function simpleTokenize(line: string): Token[] | undefined {
  // CR LF is one cluster; 0x9B is the one-byte code introducer, which tokenize reads its own way.
  if (JOINS.test(line) || line.includes('\r') || line.includes('\u009B')) return undefined;
  const tokens: Token[] = [];
  for (let index = 0; index < line.length; ) {
    const code = line.charCodeAt(index);
    if (code === 0x1b) {
      SGR.lastIndex = index;
      const sgr = SGR.exec(line)?.[0];
      // Links and other sequences are left to tokenize.
      if (sgr === undefined) return undefined;
      for (const token of codeTokens(sgr)) tokens.push(token);
      index += sgr.length;
    } else {
      const width = eastAsianWidthType(code);
      tokens.push({ type: 'char', value: line[index] as string, fullWidth: width === 'fullwidth' || width === 'wide' });
      index += 1;
    }
  }
  return tokens;
}
