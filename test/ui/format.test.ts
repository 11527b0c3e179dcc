import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  fit,
  formatAge,
  formatBurn,
  formatClock,
  formatCount,
  formatElapsed,
  formatObjective,
  formatPercent,
  formatTimeLeft,
  progressBar,
  sparkline,
  spinnerFrame,
  truncate,
  truncateStart,
} from '../../src/ui/format';

describe('format', () => {
  test('ages use the coarsest useful unit', () => {
    expect([0, 45_000, 3 * 60_000 + 59_000, 2 * 3_600_000, 4 * 86_400_000, -5].map(formatAge)).toEqual(['0s', '45s', '3m', '2h', '4d', '0s']);
  });

  // A responder read "gone in 1d" of a budget with 1.6 days left.
  test('time left counts the hours under three days, and never rounds up', () => {
    const HOUR = 3_600_000;
    expect([45 * 60_000, 5.5 * HOUR, 38.4 * HOUR, 24 * HOUR, 71.9 * HOUR, 80 * HOUR, -1].map((ms) => formatTimeLeft(ms))).toEqual(['45m', '5h', '1d14h', '1d', '2d23h', '3d', '0s']);
  });

  test('elapsed time keeps seconds until hours', () => {
    expect([8_000, 65_000, 7_380_000].map(formatElapsed)).toEqual(['8s', '1m05s', '2h03m']);
  });

  test('burn rates, percentages and objectives; no data is a dash, never zero', () => {
    expect([14.4, 0.25, 150, null].map(formatBurn)).toEqual(['14.4x', '0.3x', '150x', '—']);
    // Under 1x or over it, never a "1.0x" that reads as at the threshold (the advice said 0.96x beside it).
    expect([0.96, 1.04, 1].map(formatBurn)).toEqual(['0.96x', '1.04x', '1.0x']);
    expect([0.62, -0.15, null].map((f) => formatPercent(f))).toEqual(['62%', '-15%', '—']);
    // An upper bound, to a tenth, rounds up so it stays true: 99.16% at most is ≤99.2%, not ≤99%.
    expect([0.9916, 0.62].map((f) => formatPercent(f, true))).toEqual(['99.2%', '62.0%']);
    expect([99.9, 99, 99.95].map(formatObjective)).toEqual(['99.9%', '99%', '99.95%']);
  });

  test('counts group thousands as en-US does', () => {
    expect([0, 999, 1_000, 10_000, 100_000, 1_234_567, -4_321].map(formatCount)).toEqual(['0', '999', '1,000', '10,000', '100,000', '1,234,567', '-4,321']);
    fc.assert(fc.property(fc.integer().map((n) => n || 0), (count) => formatCount(count) === count.toLocaleString('en-US')));
  });

  test('a clock from an ISO time', () => {
    expect(formatClock('2026-11-22T14:03:22.120Z')).toBe('14:03:22');
  });

  test('truncation marks the cut and never exceeds the width', () => {
    expect(truncate('checkout-api', 8)).toBe('checkou…');
    expect(truncateStart('checkout-api:41', 6)).toBe('…pi:41');
    expect(fit('ab', 4)).toBe('ab  ');
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 40 }), (text, width) => {
        for (const cut of [truncate(text, width), truncateStart(text, width)]) {
          expect(Array.from(cut).length).toBeLessThanOrEqual(width);
          if (Array.from(text).length <= width) expect(cut).toBe(text);
        }
        expect(Array.from(fit(text, width)).length).toBe(width);
      }),
    );
  });

  test('sparkline scales to the maximum and keeps spikes when resampling', () => {
    expect(sparkline([0, 1, 2, 3.5, 7], 5)).toBe('▁▂▃▅█');
    expect(sparkline([0, 0, 0], 5)).toBe('▁▁▁');
    // A flat, low burn against 1x at least: not the full bars of its own maximum.
    expect(sparkline([0.1, 0.1, 0.1], 5)).toBe('███');
    expect(sparkline([0.1, 0.1, 0.1], 5, 1)).toBe('▂▂▂');
    expect(sparkline([0, 1, 2, 3.5, 7], 5, 1)).toBe('▁▂▃▅█');
    // A span nothing was sampled in is no bar, not a low one (the hour before the cockpit looked).
    expect(sparkline([null, null, null, 8, 8], 5, 1)).toBe('···██');
    const spiky = [...Array(99).fill(1), 50];
    expect(sparkline(spiky, 10)).toHaveLength(10);
    expect(sparkline(spiky, 10).endsWith('█')).toBe(true);
  });

  test('spinner frames and progress bars are functions of their inputs', () => {
    expect(spinnerFrame(0)).toBe(spinnerFrame(1_000));
    expect(spinnerFrame(0)).not.toBe(spinnerFrame(100));
    expect(progressBar(3, 6, 10)).toBe('█████░░░░░');
    expect(progressBar(9, 6, 4)).toBe('████');
  });

  test('time left as an upper bound rounds up, so the bound stays true', () => {
    expect(formatTimeLeft(16.8 * 3_600_000)).toBe('16h');
    expect(formatTimeLeft(16.8 * 3_600_000, true)).toBe('17h');
    expect(formatTimeLeft(38.4 * 3_600_000, true)).toBe('1d15h');
  });
});
