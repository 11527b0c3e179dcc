import { tokenize } from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simpleTokenize } from '../../../src/ui/inkMemo/simpleTokenize';

// Characters where clustering rules bite (marks, joiners, variation selectors, emoji, flags,
// Hangul jamo, prepended signs, CR LF, controls), what a cockpit line holds, and escape codes:
// colours (compound and 256-colour too), an invalid one, a link, the one-byte introducer.
const PIECES = [
  'a', ' ', '●', '○', '✓', '✖', '⚠', '⛁', '…', '│', '─', '▁', '█', '⧗', '·', '×', '—', 'é', '古', '한', 'Ａ', 'ｱ',
  '\u0301', '\u20E3', '\u200D', '\u200C', '\uFE0F', '\u00AD', '\u200B', '\t', '\r', '\n', '\u0007', '⌚', '✅', '👍', '🏽', '🇫', '🇷', '👩', '💻',
  '\u1100', '\u1161', '\u11A8', '\uFF9E', '\u0600', '\u0E33', 'क', '\u094D', 'ष',
  '\u001B[31m', '\u001B[39m', '\u001B[1m', '\u001B[22m', '\u001B[m', '\u001B[1;3;31m', '\u001B[38;5;208m', '\u001B[0m',
  '\u001B[2K', '\u001B', '\u001B]8;;https://example.com\u0007', '\u001B]8;;\u0007', '\u009B31m',
];

describe('simpleTokenize', () => {
  it('splits every code point of the Basic Multilingual Plane it accepts as tokenize does, beside others', () => {
    let accepted = 0;
    for (let code = 0; code <= 0xffff; code += 1) {
      const char = String.fromCharCode(code);
      // After a letter (marks join it), before one (prepended signs), twice (Hangul jamo), between codes.
      const line = `\u001B[31ma${char}${char}a\u001B[39m`;
      const tokens = simpleTokenize(line);
      if (tokens === undefined) continue;
      accepted += 1;
      if (JSON.stringify(tokens) !== JSON.stringify(tokenize(line))) expect({ code: code.toString(16), tokens }).toEqual({ code: code.toString(16), tokens: tokenize(line) });
    }
    // It leaves only joining characters (and lone surrogates, CR, the one-byte introducer) to tokenize.
    expect(accepted).toBeGreaterThan(60_000);
  });

  it('answers as tokenize does for any line it accepts', () => {
    const line = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 16 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(line, (text) => {
        const tokens = simpleTokenize(text);
        if (tokens !== undefined) expect(tokens).toEqual(tokenize(text));
      }),
      { numRuns: 1_000 },
    );
  });

  it("accepts a cockpit's lines and declines what only tokenize can split", () => {
    const timelineRow = '\u001B[90m02:31:07 \u001B[39mbench      \u001B[36mnote              \u001B[39m observation 17: p95 latency 840ms · 5xx at 3.1% │ ⚠ ✓ ●';
    expect(simpleTokenize(timelineRow)).toEqual(tokenize(timelineRow));
    for (const line of ['e\u0301', 'a\r\nb', '👩\u200D💻', '\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007', 'x\u001B[2Ky', '\u009B31mred']) {
      expect(simpleTokenize(line)).toBeUndefined();
    }
  });
});
