import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WINDOW_MS } from '../../../src/core/burnRate';
import { exhaustionBurn, sloStatus } from '../../../src/core/sloStatus';
import { runbookTriggers } from '../../../src/core/triggers';

const RULES = runbookTriggers([
  { slo: 'availability', burn_rate: 14.4, long: '1h', short: '5m' },
  { slo: 'availability', burn_rate: 6, long: '6h', short: '30m' },
]);
const burns = (byWindow: Partial<Record<keyof typeof WINDOW_MS, number | null>>) => (windowMs: number) => {
  const entry = Object.entries(byWindow).find(([w]) => WINDOW_MS[w as keyof typeof WINDOW_MS] === windowMs);
  return entry?.[1] ?? null;
};

describe('sloStatus', () => {
  it('burning while a short window is over its threshold, fired or not yet', () => {
    expect(sloStatus(RULES, burns({ '5m': 16, '1h': 15, '30m': 16, '6h': 3 }))).toBe('burning');
    // A fresh burn: the long windows have not caught up, and it is not "ok".
    expect(sloStatus(RULES, burns({ '5m': 15, '1h': 2, '30m': 4, '6h': 0.5 }))).toBe('burning');
  });

  it('recovering once the short windows fell under while a long window is still over', () => {
    expect(sloStatus(RULES, burns({ '5m': 3.2, '1h': 15.1, '30m': 5, '6h': 4 }))).toBe('recovering');
    expect(sloStatus(RULES, burns({ '5m': 0.4, '1h': 5, '30m': 2, '6h': 7.5 }))).toBe('recovering');
  });

  it('recovering, not burning, when a longer short window is still full of a burn the newest window shows stopped', () => {
    // A responder's bad-flag drill, 15 drill-minutes after the kill switch: the 6h rule's 30m window
    // still held the old errors while the last 5m were clean. The screen said BURNING with no
    // recommendation beside it, and pointed at a rollback nobody needed.
    expect(sloStatus(RULES, burns({ '5m': 0.1, '30m': 9.0, '1h': 13.5, '6h': 3.2 }))).toBe('recovering');
    // Still coming in, if slower than that rule's threshold: burning.
    expect(sloStatus(RULES, burns({ '5m': 5.9, '30m': 7, '1h': 6.5, '6h': 6.2 }))).toBe('burning');
    expect(sloStatus(RULES, burns({ '5m': 1.2, '30m': 9.0, '1h': 10, '6h': 3.2 }))).toBe('burning');
  });

  it('recovering, not ok, while a window under every threshold still holds a burn the newest window shows stopped', () => {
    // A responder's bad-deploy drill after the rollback: `✓ ok` beside `1h 11.0x` read as all clear.
    expect(sloStatus(RULES, burns({ '5m': 0.1, '30m': 4.2, '1h': 11, '6h': 2.1 }))).toBe('recovering');
    expect(sloStatus(RULES, burns({ '5m': 0.3, '30m': 0.4, '1h': 0.6, '6h': 1.2 }))).toBe('recovering');
    // A steady burn under every threshold has not stopped: over budget, not recovering.
    expect(sloStatus(RULES, burns({ '5m': 2, '30m': 2.1, '1h': 1.9, '6h': 2 }))).toBe('over-budget');
  });

  it('burning, not ok, while the newest window rises over every longer one, under the thresholds yet', () => {
    // A responder's forced rollback, a poll after it: `✓ ok` beside `5m 13.5x  30m 2.5x  1h 9.8x`.
    expect(sloStatus(RULES, burns({ '5m': 13.5, '30m': 2.5, '1h': 9.8, '6h': 3 }))).toBe('burning');
    // Over 1x and rising, a fresh small burn: burning too. Falling under a longer window: not this rule.
    expect(sloStatus(RULES, burns({ '5m': 1.5, '30m': 1.2, '1h': 1.1, '6h': 1 }))).toBe('burning');
    expect(sloStatus(RULES, burns({ '5m': 2, '30m': 2.1, '1h': 1.9, '6h': 2 }))).not.toBe('burning');
    // A real rig: a burn begun within an hour of an earlier one read `✓ ok` beside `5m 7.0x  30m 3.4x  1h 7.7x` (the
    // hour held the earlier burn). A quarter over the next longer window is rising, whatever the longest hold.
    expect(sloStatus(RULES, burns({ '5m': 7, '30m': 3.4, '1h': 7.7, '6h': 2 }))).toBe('burning');
    expect(sloStatus(RULES, burns({ '5m': 4.4, '30m': 3.5, '1h': 6.4, '6h': 2 }))).toBe('burning');
    // Under a drained outage, a steady small burn is not rising.
    expect(sloStatus(RULES, burns({ '5m': 2, '30m': 1.9, '1h': 7.7, '6h': 3 }))).not.toBe('burning');
  });

  // A responder's search-api drill: after the undo of the rollback that worked, `↘ recovering` stood beside
  // `5m 2.7x  30m 5.6x  1h 6.8x  6h 7.5x`, then `5m 6.8x`, the 5m window up from 0.1x: the burn was coming back.
  it('burning, not recovering, while the newest window rises against itself a window before', () => {
    const back = burns({ '5m': 2.7, '30m': 5.6, '1h': 6.8, '6h': 7.5 });
    expect(sloStatus(RULES, back)).toBe('recovering');
    expect(sloStatus(RULES, back, 0.1)).toBe('burning');
    expect(sloStatus(RULES, burns({ '5m': 6.8, '30m': 5.6, '1h': 6.8, '6h': 7.5 }), 2.7)).toBe('burning');
    // Falling, or steady, against itself: as before.
    expect(sloStatus(RULES, back, 6.8)).toBe('recovering');
    expect(sloStatus(RULES, back, 2.6)).toBe('recovering');
    expect(sloStatus(RULES, burns({ '5m': 0.5, '30m': 5.6, '1h': 6.8, '6h': 7.5 }), 0.1)).toBe('recovering');
  });

  it('over budget, not ok, while the newest window is over 1x under every threshold', () => {
    // A real rig: `✓ ok` beside `5m 7.0x  30m 7.0x` once the 30m window had caught up with a steady
    // burn under the runbook's thresholds (3.5% of requests failing on a 99.5% SLO).
    const rig = runbookTriggers([
      { slo: 'availability', burn_rate: 14.4, long: '1h', short: '5m' },
      { slo: 'availability', burn_rate: 10, long: '6h', short: '30m' },
    ]);
    expect(sloStatus(rig, burns({ '5m': 7, '30m': 7, '1h': 7, '6h': 4 }))).toBe('over-budget');
    expect(sloStatus(RULES, burns({ '5m': 2, '30m': 1.9, '1h': 7.7, '6h': 3 }))).toBe('over-budget');
    expect(sloStatus(RULES, burns({ '5m': 1.01 }))).toBe('over-budget');
    // At or under 1x, the budget lasts its period: ok.
    expect(sloStatus(RULES, burns({ '5m': 1, '30m': 1, '1h': 1, '6h': 1 }))).toBe('ok');
  });

  it('ok when every measured window is under its threshold; no data when nothing was measured', () => {
    expect(sloStatus(RULES, burns({ '5m': 0.2, '1h': 0.2, '30m': 0.2, '6h': 0.2 }))).toBe('ok');
    expect(sloStatus(RULES, burns({ '5m': 0.2 }))).toBe('ok');
    expect(sloStatus(RULES, burns({}))).toBe('no-data');
    expect(sloStatus([], burns({ '5m': 20 }))).toBe('no-data');
  });

  /** Any burns on the four windows (some unmeasured), with the measured ones newest first. */
  const overAnyBurns = (check: (b: Record<'5m' | '30m' | '1h' | '6h', number | null>, measured: number[]) => void) => {
    const burn = fc.option(fc.double({ min: 0, max: 50, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(fc.record({ '5m': burn, '30m': burn, '1h': burn, '6h': burn }), (b) => {
        check(b, (['5m', '30m', '1h', '6h'] as const).flatMap((w) => (b[w] === null ? [] : [b[w]])));
      }),
    );
  };

  it('never says ok beside a window burning over its rule, over any burns', () => {
    overAnyBurns((b) => {
      const over = RULES.some((r) => [r.shortMs, r.longMs].some((w) => (burns(b)(w) ?? 0) > r.burnRate));
      if (over) expect(['burning', 'recovering']).toContain(sloStatus(RULES, burns(b)));
    });
  });

  it('burning while the newest window is over 1x and over every longer one, over any burns', () => {
    overAnyBurns((b, measured) => {
      if (measured.length > 1 && measured[0]! > 1 && measured.slice(1).every((x) => measured[0]! > x)) expect(sloStatus(RULES, burns(b))).toBe('burning');
    });
  });

  it('never says ok while the newest window is under 1x and another is over 1x, over any burns', () => {
    overAnyBurns((b, measured) => {
      if (measured.length > 0 && measured[0]! < 1 && measured.some((x) => x > 1)) expect(sloStatus(RULES, burns(b))).not.toBe('ok');
    });
  });
});

describe('exhaustionBurn', () => {
  it('the short window, the rate now, rising or falling; the long one without it', () => {
    expect(exhaustionBurn(15, 16)).toBe(16);
    expect(exhaustionBurn(38.5, 120)).toBe(120);
    expect(exhaustionBurn(15, 3.2)).toBe(3.2);
    expect(exhaustionBurn(null, 3.2)).toBe(3.2);
    expect(exhaustionBurn(15, null)).toBe(15);
    expect(exhaustionBurn(null, null)).toBeNull();
  });
});
