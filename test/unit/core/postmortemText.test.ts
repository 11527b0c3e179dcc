import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cell, relative } from '../../../src/core/postmortemText';

describe('relative: a change dated against a reference', () => {
  it('an exact reference (the opening) is given to the second', () => {
    expect(relative(58_000, 'opening')).toBe('58s after opening');
    expect(relative(-3_725_000, 'opening')).toBe('1h2m5s before opening');
    expect(relative(0, 'opening')).toBe('at opening');
  });

  it('an impact start estimated to the minute: a change within that minute is at it, never 58s after it', () => {
    expect(relative(58_000, 'impact start', 60_000)).toBe('at impact start (to the minute)');
    expect(relative(-59_000, 'impact start', 60_000)).toBe('at impact start (to the minute)');
    // Further away, offsets are whole minutes: seconds would claim a precision the estimate lacks.
    expect(relative(125_000, 'impact start', 60_000)).toBe('2m after impact start');
    expect(relative(-7_550_000, 'impact start', 60_000)).toBe('2h6m before impact start');
  });

  it('an impact start known only within a sample window says so for changes inside it', () => {
    expect(relative(180_000, 'impact start', 300_000)).toBe('within 5m of impact start');
    expect(relative(-400_000, 'impact start', 300_000)).toBe('7m before impact start');
  });
});

describe('cell: a table cell', () => {
  it('escapes pipes and backslashes and puts line breaks on one line', () => {
    expect(cell(' a | b \\ c\r\nd\ne ')).toBe('a \\| b \\\\ c d e');
    expect(cell('  plain text  ')).toBe('plain text');
  });

  it('is the escaping whatever the text (the plain text fast path included)', () => {
    const escaped = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim();
    const pieces = fc.constantFrom('a', ' ', '|', '\\', '\n', '\r', '\r\n', '\t', 'é', '`');
    fc.assert(
      fc.property(fc.array(pieces).map((parts) => parts.join('')), (text) => {
        expect(cell(text)).toBe(escaped(text));
      }),
    );
  });
});
