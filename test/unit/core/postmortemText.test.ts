import { describe, expect, it } from 'vitest';
import { relative } from '../../../src/core/postmortemText';

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
