import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, isDuration, parseDuration } from '../../../src/core/duration';
import { didYouMean } from '../../../src/core/suggest';

describe('durations', () => {
  it('parses the units runbooks use', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('30d')).toBe(2_592_000_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
  });

  it('rejects what is not a duration', () => {
    for (const bad of ['5mins', '', '5', 'm', '1.5h', '-5m', '5 m', '5M']) {
      expect(isDuration(bad), bad).toBe(false);
      expect(parseDuration(bad)).toBeUndefined();
    }
  });

  it('formats any whole number of milliseconds so that it parses back', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 ** 12 }), (ms) => {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }));
    expect(formatDuration(5_400_000)).toBe('1h30m');
  });
});

describe('did you mean', () => {
  it('suggests close keys and nothing for distant ones', () => {
    expect(didYouMean('firts_actions', ['first_actions', 'recovery'])).toBe('first_actions');
    expect(didYouMean('Severity', ['severity'])).toBe('severity');
    expect(didYouMean('zzz', ['first_actions', 'recovery'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });

  it('guesses nothing between names as close as each other: `of` could be `on` or `off`, opposite ends of a kill switch', () => {
    expect(didYouMean('of', ['on', 'off'])).toBeUndefined();
    expect(didYouMean('offf', ['on', 'off'])).toBe('off');
    expect(didYouMean('Off', ['on', 'off'])).toBe('off');
  });
});
