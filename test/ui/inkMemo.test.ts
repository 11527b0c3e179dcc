// The memoized text functions the bundle gives Ink (scripts/inkMemoPlugin.mjs) must answer
// exactly as the originals, and the bundle must really use them.
import { type StyledChar, styledCharsFromTokens as originalStyledChars, styledCharsToString as originalToString, tokenize as originalTokenize } from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { build } from 'esbuild';
import originalStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { bundleOptions } from '../../scripts/bundleOptions.mjs';
import { styledCharsFromTokens, styledCharsToString, tokenize } from '../../src/ui/inkMemo/ansiTokenize';
import { styledRowText } from '../../src/ui/inkMemo/outputRows';
import stringWidth from '../../src/ui/inkMemo/stringWidth';

const LINES = [
  '',
  'plain ascii',
  '\u001B[1mDEPLOYS\u001B[22m \u001B[90mdeploys (ecs)\u001B[39m · \u001B[32m✓ updated 5s ago\u001B[39m',
  '\u001B[31m✖ BURNING\u001B[39m availability 99.9% · budget 62% left',
  'last 1h ▁▁▁▁▁▃▅▇████ │ ├───┼───┤ … ⛁',
  '古い 🚀 👩‍💻 wide and emoji',
  'two\nlines \u001B[7minverse\u001B[27m',
];

describe("Ink's text functions, memoized for the bundle", () => {
  it.each(LINES)('answer as the originals do: %j', (line) => {
    for (let round = 0; round < 2; round += 1) {
      expect(stringWidth(line)).toBe(originalStringWidth(line));
      expect(stringWidth(line, { countAnsiEscapeCodes: true })).toBe(originalStringWidth(line, { countAnsiEscapeCodes: true }));
      expect(styledCharsFromTokens(tokenize(line))).toEqual(originalStyledChars(originalTokenize(line)));
    }
  });

  it('hand out the same styled characters for a line drawn again', () => {
    const line = '\u001B[33m⚠ FIRED\u001B[39m 14.4x on 1h+5m';
    const first = tokenize(line);
    // A line drawn once is not kept (a page scrolled past); from its second time on, it is.
    expect(tokenize(line)).not.toBe(first);
    expect(tokenize(line)).toBe(tokenize(line));
    expect(styledCharsFromTokens(tokenize(line))).toBe(styledCharsFromTokens(tokenize(line)));
  });

  it('build the same characters as the original for any line, sharing one frozen object per character and style', () => {
    const SGR = ['\u001B[1m', '\u001B[22m', '\u001B[31m', '\u001B[39m', '\u001B[7m', '\u001B[0m', '\u001B[38;5;208m'];
    const line = fc.array(fc.oneof(fc.constantFrom(...SGR), fc.constantFrom('a', 'b', ' ', '●', '古', '…', '👩‍💻')), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(line, (text) => {
        expect(styledCharsFromTokens(tokenize(text))).toEqual(originalStyledChars(originalTokenize(text)));
      }),
      { numRuns: 1_000 },
    );
    const [a, , again] = styledCharsFromTokens(tokenize('\u001B[31mx-x\u001B[39m'));
    expect(again).toBe(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a?.styles)).toBe(true);
    expect(() => (a?.styles as unknown[]).push('more')).toThrow();
  });

  it('keep building the same characters once more distinct ones were drawn than the pool keeps', () => {
    // 6,000 distinct CJK characters, in two styles: past the pool's limit, so it starts over.
    const text = Array.from({ length: 6_000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    for (const line of [text, `\u001B[1m${text}`, text]) expect(styledCharsFromTokens(tokenize(line))).toEqual(originalStyledChars(originalTokenize(line)));
  });

  it('write rows back out exactly as the original, however the styles change along them', () => {
    const SGR = ['\u001B[1m', '\u001B[22m', '\u001B[2m', '\u001B[31m', '\u001B[39m', '\u001B[7m', '\u001B[27m', '\u001B[0m', '\u001B[38;5;208m', '\u001B[42m', '\u001B[49m'];
    const piece = fc.oneof(fc.constantFrom(...SGR), fc.constantFrom('a', ' ', '●', '│', '古', '…'));
    // Rows as Ink's Output builds them: characters of several written lines, and its blank cells.
    const row = fc.array(fc.oneof(fc.array(piece, { maxLength: 12 }).map((parts) => originalStyledChars(originalTokenize(parts.join('')))), fc.constant<StyledChar[]>([{ type: 'char', value: ' ', fullWidth: false, styles: [] }])), { maxLength: 6 }).map((runs) => runs.flat());
    fc.assert(fc.property(row, (chars) => styledCharsToString(chars) === originalToString(chars)), { numRuns: 2_000 });
  });

  it("write a frame's rows out as Ink's Output does, frame after frame, reusing a row's text only while its cells are the same", () => {
    // Cells as the bundle makes them (shared per character and style), the blank Ink starts a row on, and its empty cells.
    const cells = [...styledCharsFromTokens(tokenize('\u001B[31mab\u001B[39m \u001B[1m●古\u001B[22m')), { type: 'char', value: ' ', fullWidth: false, styles: [] } as StyledChar, undefined];
    const row = fc.array(fc.constantFrom(...cells), { maxLength: 12 });
    // Frames of three rows, some rows the same cells again (as a new array or the same one), some not.
    const frames = fc.array(fc.tuple(row, row, row), { minLength: 1, maxLength: 8 });
    const original = (line: readonly (StyledChar | undefined)[]) => originalToString(line.filter((cell): cell is StyledChar => cell !== undefined)).trimEnd();
    fc.assert(
      fc.property(frames, (drawn) => {
        for (const frame of drawn) frame.forEach((line, y) => expect(styledRowText(line, y)).toBe(original(line)));
      }),
      { numRuns: 1_000 },
    );
    // The array a row's text was made from changes afterwards: its text is made again.
    const line = [cells[0], cells[1]];
    expect(styledRowText(line, 5)).toBe(original(line));
    line.push(cells[3]);
    expect(styledRowText(line, 5)).toBe(original(line));
  });

  it("are what the bundle's Ink imports", async () => {
    const result = await build({
      ...bundleOptions(),
      stdin: { contents: "import { render, Text } from 'ink'; render(Text);", resolveDir: process.cwd(), loader: 'ts' },
      outdir: 'unused',
      write: false,
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    for (const shim of ['ansiTokenize.ts', 'stringWidth.ts', 'outputRows.ts']) expect(inputs).toContain(`src/ui/inkMemo/${shim}`);
    // Ink's Output starts its rows on one shared blank cell, not a new object per cell per frame.
    const bundled = result.outputFiles[0]?.text ?? '';
    expect(bundled).toMatch(/\brow\d*\.push\(SHARED_BLANK_CELL\)/);
    expect(bundled).not.toMatch(/push\(\{\s*type: ?"char",\s*value: ?" ",\s*fullWidth: ?(!1|false),\s*styles: ?\[\]\s*\}\)/);
    // And it writes its rows out through styledRowText, not by filtering and joining every row anew.
    expect(bundled).toMatch(/\.map\(\(line\d*, ?y\d*\) ?=> ?styledRowText\(line\d*, ?y\d*\)\)/);
    expect(bundled).not.toMatch(/lineWithoutEmptyItems/);
  });
});
