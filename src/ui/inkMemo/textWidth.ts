import { eastAsianWidth } from 'get-east-asian-width';
import stripAnsi from 'strip-ansi';

/**
 * What can make several code points one grapheme cluster (UAX #29: marks and other extenders,
 * joiners, variation selectors, prepended and spacing signs outside \p{M}, Hangul jamo) or is
 * outside the Basic Multilingual Plane (most emoji, regional flags, tags), or a lone surrogate.
 */
export const JOINS = /[\p{M}\u200C\u200D\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u0D4E\u0E33\u0EB3\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\uD800-\uDFFF\uFF9E\uFF9F\u{10000}-\u{10FFFF}]/u;
const ZERO_WIDTH = /[\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}]/u;
const EMOJI_WIDE = /\p{Emoji_Presentation}/u;
const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/;

/**
 * The terminal width of `text` as `string-width` computes it, for text whose every code point is
 * a grapheme cluster of its own (what a cockpit screen holds: ASCII, box drawing, arrows, marks
 * like ● ✓ ⚠ …); `undefined` for anything else, which `string-width` must measure.
 *
 * `string-width` measures every cluster against the whole RGI emoji set, a regular expression
 * that costs about 25 ms to build on first use and some 20 µs a call after: on the cockpit's
 * first frame, that was a fifth of the time.
 */
export function simpleTextWidth(text: string): number | undefined {
  const plain = text.includes('\u001B') || text.includes('\u009B') ? stripAnsi(text) : text;
  if (PRINTABLE_ASCII.test(plain)) return plain.length;
  if (JOINS.test(plain)) return undefined;
  let width = 0;
  for (const char of plain) width += codePointWidth(char);
  return width;
}

function codePointWidth(char: string): number {
  if (ZERO_WIDTH.test(char)) return 0;
  if (EMOJI_WIDE.test(char)) return 2;
  return eastAsianWidth(char.codePointAt(0)!, { ambiguousAsWide: false });
}
