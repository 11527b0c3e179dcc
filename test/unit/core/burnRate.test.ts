import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  budgetConsumed,
  budgetRemaining,
  budgetRemainingOver,
  burnRate,
  errorBudget,
  STANDARD_WINDOWS_MS,
  timeToExhaustionMs,
  budgetRunsOutInMs,
  WINDOW_MS,
  windowBurns,
} from '../../../src/core/burnRate';
import { formatDuration } from '../../../src/core/duration';

const DAY = 86_400_000;
const objective = fc.double({ min: 90, max: 99.999, noNaN: true });
const ratio = fc.double({ min: 0, max: 1, noNaN: true });
const positive = fc.double({ min: 1e-6, max: 1e6, noNaN: true });

describe('burnRate', () => {
  it('matches the workbook: 99.9% with 1.44% errors burns 14.4', () => {
    expect(burnRate(0.0144, 99.9)).toBeCloseTo(14.4, 10);
    expect(errorBudget(99.5)).toBeCloseTo(0.005, 12);
  });

  it('is exactly 1 when errors use the whole budget', () => {
    fc.assert(fc.property(objective, (o) => Math.abs(burnRate(errorBudget(o), o)! - 1) < 1e-9));
  });

  it('never decreases as the error ratio grows', () => {
    fc.assert(
      fc.property(objective, ratio, ratio, (o, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        return burnRate(low, o)! <= burnRate(high, o)!;
      }),
    );
  });

  it('is higher for a stricter objective at the same error ratio', () => {
    fc.assert(fc.property(ratio, objective, objective, (r, a, b) => {
      const [loose, strict] = a <= b ? [a, b] : [b, a];
      return burnRate(r, loose)! <= burnRate(r, strict)!;
    }));
  });

  it('keeps no data as null instead of a zero burn', () => {
    expect(burnRate(null, 99.9)).toBeNull();
    expect(burnRate(0, 99.9)).toBe(0);
  });
});

describe('budget', () => {
  it('burn 1 over the whole period consumes the whole budget; burn × window / period in general', () => {
    fc.assert(
      fc.property(positive, fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 1000 }), (burn, periodDays, windowMin) => {
        const period = periodDays * DAY;
        const window = windowMin * 60_000;
        expect(budgetConsumed(1, period, period)).toBe(1);
        // Twice the window (or twice the burn) consumes twice as much.
        expect(budgetConsumed(burn, 2 * window, period)).toBeCloseTo(2 * budgetConsumed(burn, window, period), 6);
        expect(budgetConsumed(2 * burn, window, period)).toBeCloseTo(2 * budgetConsumed(burn, window, period), 6);
      }),
    );
  });

  it('remaining budget is what the period burn has not spent, and can go negative', () => {
    expect(budgetRemaining(0, 99.9)).toBe(1);
    expect(budgetRemaining(0.0005, 99.9)).toBeCloseTo(0.5, 9);
    expect(budgetRemaining(0.002, 99.9)).toBeCloseTo(-1, 9);
    expect(budgetRemaining(null, 99.9)).toBeNull();
  });

  // A real rig: Prometheus with 7 hours of a 30-day period; 10 minutes at 80% errors read "-136% left".
  it('remaining budget over data covering part of the period counts its errors against the whole period', () => {
    const HOUR = 3_600_000;
    const period = 720 * HOUR;
    // 2% errors over the 7 hours there are (4x on 99.5%): 4 × 7/720 of the budget spent, at least.
    expect(budgetRemainingOver(0.02, 99.5, period, 7 * HOUR)).toBeCloseTo(1 - 4 * (7 / 720), 9);
    // Covered, or not known: the whole period's ratio.
    expect(budgetRemainingOver(0.02, 99.5, period, period + HOUR)).toBeCloseTo(-3, 9);
    expect(budgetRemainingOver(0.02, 99.5, period)).toBeCloseTo(-3, 9);
    expect(budgetRemainingOver(null, 99.5, period, HOUR)).toBeNull();
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 720 }), (ratio, hours) => {
        // Never less left than the whole period's reading says, never more than all of it.
        const left = budgetRemainingOver(ratio, 99.5, period, hours * HOUR)!;
        expect(left).toBeGreaterThanOrEqual(budgetRemaining(ratio, 99.5)! - 1e-9);
        expect(left).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('time to exhaustion spends exactly the remaining budget at the current burn', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1, noNaN: true }), positive, fc.integer({ min: 1, max: 90 }), (remaining, burn, days) => {
        const period = days * DAY;
        const ms = timeToExhaustionMs(remaining, burn, period)!;
        return Math.abs(budgetConsumed(burn, ms, period) - remaining) < 1e-9 * Math.max(1, remaining);
      }),
    );
  });

  it('time to exhaustion: a burn of 14.4 on a full 30-day budget empties it in 50 hours', () => {
    expect(timeToExhaustionMs(1, 14.4, 30 * DAY)).toBeCloseTo(50 * 3_600_000, 3);
  });

  it('time to exhaustion covers the edges: spent, not burning, no data', () => {
    expect(timeToExhaustionMs(0, 5, 30 * DAY)).toBe(0);
    expect(timeToExhaustionMs(-0.2, 5, 30 * DAY)).toBe(0);
    expect(timeToExhaustionMs(0.5, 0, 30 * DAY)).toBe(Number.POSITIVE_INFINITY);
    expect(timeToExhaustionMs(null, 5, 30 * DAY)).toBeNull();
    expect(timeToExhaustionMs(0.5, null, 30 * DAY)).toBeNull();
    // Past the budget's period there is no date to give: the budget is not running out.
    expect(budgetRunsOutInMs(1, 14.4, 30 * DAY)).toBeCloseTo(50 * 3_600_000, 3);
    expect(budgetRunsOutInMs(0.83, 0.1, 30 * DAY)).toBeNull();
    expect(budgetRunsOutInMs(0.5, 0, 30 * DAY)).toBeNull();
    // Already spent: no date ("budget -117% left · gone in 0s" dated nothing).
    expect(budgetRunsOutInMs(0, 5, 30 * DAY)).toBeNull();
    expect(budgetRunsOutInMs(-1.17, 5, 30 * DAY)).toBeNull();
  });

  it('a faster burn never leaves more time', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1, noNaN: true }), positive, positive, (remaining, a, b) => {
        const [slow, fast] = a <= b ? [a, b] : [b, a];
        return timeToExhaustionMs(remaining, fast, 30 * DAY)! <= timeToExhaustionMs(remaining, slow, 30 * DAY)!;
      }),
    );
  });
});

describe('windows', () => {
  it('are the standard 5m, 30m, 1h, 6h, 1d, 3d, shortest first', () => {
    expect(STANDARD_WINDOWS_MS.map(formatDuration)).toEqual(['5m', '30m', '1h', '6h', '1d', '3d']);
    for (const [label, ms] of Object.entries(WINDOW_MS)) expect(formatDuration(ms)).toBe(label);
  });

  it('windowBurns reports every window, with no data where nothing was measured', () => {
    const period = 30 * DAY;
    const ratios = new Map<number, number | null>([
      [WINDOW_MS['5m'], 0.02],
      [WINDOW_MS['1h'], null],
    ]);
    const burns = windowBurns(ratios, 99.9, period);
    expect(burns.map((b) => b.windowMs)).toEqual(STANDARD_WINDOWS_MS);
    const fiveMinutes = burns[0]!;
    expect(fiveMinutes.burn).toBeCloseTo(20, 9);
    expect(fiveMinutes.budgetConsumed).toBeCloseTo(budgetConsumed(20, WINDOW_MS['5m'], period), 12);
    for (const b of burns.slice(1)) expect(b).toMatchObject({ errorRatio: null, burn: null, budgetConsumed: null });
  });
});
