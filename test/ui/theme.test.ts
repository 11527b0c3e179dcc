import { describe, expect, test } from 'vitest';
import { colorEnabled, makeTheme } from '../../src/ui/theme';

describe('colour', () => {
  test('NO_COLOR (non-empty), --no-color and a dumb terminal turn it off', () => {
    expect(colorEnabled({}, false)).toBe(true);
    expect(colorEnabled({ NO_COLOR: '1' }, false)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' }, false)).toBe(true);
    expect(colorEnabled({}, true)).toBe(false);
    expect(colorEnabled({ TERM: 'dumb' }, false)).toBe(false);
  });

  test('a colourless theme gives no colour for any tone', () => {
    const tones = ['ok', 'warn', 'bad', 'info', 'muted', 'accent', 'plain'] as const;
    expect(tones.map((tone) => makeTheme(false).tone(tone))).toEqual(tones.map(() => undefined));
    expect(makeTheme(true).tone('bad')).toBe('red');
  });
});
