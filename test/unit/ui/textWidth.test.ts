import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { simpleTextWidth } from '../../../src/ui/inkMemo/textWidth';

// Characters where clustering and width rules bite: marks, joiners, variation selectors, emoji,
// flags, Hangul jamo and syllables, prepended signs, wide and ambiguous letters, controls, ANSI.
const TRICKY = [
  'a', ' ', '●', '○', '✓', '✖', '⚠', '⛁', '…', '│', '─', '├', '▁', '█', '↩', '›', '◀', '◐', '·', '—', '€', 'é', 'ß',
  '\u0301', '\u20E3', '\u200D', '\u200C', '\uFE0F', '\uFE0E', '\u00AD', '\u200B', '\t', '\n', '\r', '\u0007',
  '⌚', '⛔', '✅', '❤', '☕', '👍', '🏽', '🇫', '🇷', '👩', '💻', '#', '1',
  '古', '한', '\u1100', '\u1161', '\u11A8', 'ｱ', '\uFF9E', 'Ａ', '\u0600', '\u0E33', 'क', '\u094D', 'ष',
  '\u001B[31m', '\u001B[39m', '\u001B[1m', '\u001B[22m',
];

describe('simpleTextWidth', () => {
  it('agrees with string-width on every code point of the Basic Multilingual Plane it measures', () => {
    let measured = 0;
    for (let code = 0; code <= 0xffff; code += 1) {
      const char = String.fromCharCode(code);
      const width = simpleTextWidth(char);
      if (width === undefined) continue;
      measured += 1;
      if (width !== stringWidth(char)) expect({ code: code.toString(16), width }).toEqual({ code: code.toString(16), width: stringWidth(char) });
    }
    // It leaves only the joining characters (and lone surrogates) to string-width.
    expect(measured).toBeGreaterThan(60_000);
  });

  it('agrees with string-width on any text it measures, and declines text with clusters of several code points', () => {
    const text = fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const width = simpleTextWidth(t);
        return width === undefined || width === stringWidth(t);
      }),
      { numRuns: 1_000 },
    );
    expect(simpleTextWidth('e\u0301')).toBeUndefined();
    expect(simpleTextWidth('👩\u200D💻')).toBeUndefined();
    expect(simpleTextWidth('\u1100\u1161')).toBeUndefined();
  });

  it('measures what a cockpit screen shows', () => {
    const screen = ['DEPLOYS deploys (ecs) · ✓ updated 5s ago', '\u001B[1m● current\u001B[22m │ :242 │ …026.11.19-2', 'last 1h ▁▁▁▁▁▃▅▇████', '⚠ FIRED 14.4x', '› ◐ 3. Roll back ◀ next'];
    expect(screen.map(simpleTextWidth)).toEqual([40, 31, 20, 13, 23]);
    expect(screen.map((line) => stringWidth(line))).toEqual([40, 31, 20, 13, 23]);
    expect(simpleTextWidth('⛔ 古')).toBe(5);
  });
});
