import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../../../src/cli/color';

describe('colour for the TUI', () => {
  it('--no-color wins over everything, FORCE_COLOR included', () => {
    expect(colorEnabled({ FORCE_COLOR: '1' }, true)).toBe(false);
  });

  it('FORCE_COLOR turns colour on under NO_COLOR and TERM=dumb; 0 or false turns it off', () => {
    expect(colorEnabled({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '3', TERM: 'dumb' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '0' }, false)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: 'false' }, false)).toBe(false);
  });

  it('without FORCE_COLOR (or with it empty): NO_COLOR and TERM=dumb turn it off', () => {
    expect(colorEnabled({}, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(colorEnabled({ NO_COLOR: '1' }, false)).toBe(false);
    expect(colorEnabled({ TERM: 'dumb' }, false)).toBe(false);
  });
});
