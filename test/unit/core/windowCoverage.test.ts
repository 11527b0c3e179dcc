import { describe, expect, test } from 'vitest';
import { windowDataMs, windowsLine } from '../../../src/core/windowCoverage';

const MIN = 60_000;

describe('windows that hold less data than their length', () => {
  test('a window longer than the data holds the data; one within it, or with no coverage known, is full', () => {
    const now = 100 * MIN;
    expect(windowDataMs(30 * MIN, now, now - 10 * MIN)).toBe(10 * MIN);
    expect(windowDataMs(5 * MIN, now, now - 10 * MIN)).toBeUndefined();
    expect(windowDataMs(10 * MIN, now, now - 10 * MIN)).toBeUndefined();
    expect(windowDataMs(30 * MIN, now, undefined)).toBeUndefined();
    // A coverage answered after `now` (asked later than the view's clock): none yet, not negative.
    expect(windowDataMs(30 * MIN, now, now + MIN)).toBe(0);
  });

  test('are named once after the burns, with how much data they hold', () => {
    const burn = (rate: number | null) => (rate === null ? '—' : `${rate}x`);
    const minutes = (ms: number) => `${ms / MIN}m`;
    expect(windowsLine([{ window: '5m', burnRate: 16 }, { window: '1h', burnRate: null }], burn, minutes)).toBe('5m 16x  1h —');
    expect(windowsLine([{ window: '5m', burnRate: 16 }, { window: '30m', burnRate: 15, dataMs: 10 * MIN }, { window: '1h', burnRate: 15, dataMs: 10 * MIN }], burn, minutes)).toBe('5m 16x  30m 15x  1h 15x  (30m, 1h: 10m of data)');
  });
});
