import { describe, expect, it } from 'vitest';
import type { BurnEvidence } from '../../../src/core/burnNow';
import { burnLine, trendText } from '../../../src/core/burnNow';

const burn = (shortBurn: number, longBurn: number): BurnEvidence => ({
  slo: 'availability',
  fired: true,
  threshold: 14.4,
  longMs: 3_600_000,
  shortMs: 300_000,
  longBurn,
  shortBurn,
  onsetAt: 0,
});

describe('trendText without samples: the 5m window against the long one', () => {
  // `cockpit status` of an open incident: "the burn goes on (5m 16.0x ↓)" beside "1h 16.0x".
  it('reads as flat when the two are the same to a hundredth', () => {
    expect(trendText([burn(15.98, 16.01)], [], 0)).toBe('5m 16.0x →');
    expect(trendText([burn(14.9, 16)], [], 0)).toBe('5m 14.9x ↓');
    expect(trendText([burn(16.3, 16)], [], 0)).toBe('5m 16.3x ↑');
  });
});

describe('trendText with the 5m samples: which way the burn went last', () => {
  const at = (minutesAgo: number, burn: number) => ({ at: 600_000 - minutesAgo * 60_000, burn });
  // A real rig (Q): after the rollback the 5m burn fell from 160x to 127.7x, and read `(5m 127.7x ↑)`:
  // five minutes before, the burn was still rising.
  it('falling from a peak inside the span reads ↓, rising from a trough ↑, a steady rise ↑, flat →', () => {
    const now = 600_000;
    expect(trendText([burn(127.7, 40)], [at(5, 20), at(4, 80), at(3, 140), at(2, 160), at(1, 150), at(0, 127.7)], now)).toBe('5m 127.7x ↓');
    expect(trendText([burn(20, 40)], [at(5, 30), at(3, 10), at(0, 20)], now)).toBe('5m 20.0x ↑');
    expect(trendText([burn(16.2, 12)], [at(5, 10), at(4, 11.2), at(3, 12.5), at(2, 13.7), at(1, 15), at(0, 16.2)], now)).toBe('5m 16.2x ↑');
    expect(trendText([burn(16, 16)], [at(5, 15.9), at(2, 16.3), at(0, 16)], now)).toBe('5m 16.0x →');
  });

  // helper-141's rig: 31 s after the opening, the 5m burn risen 6.3x → 9.7x read `waiting for the burn to fall (5m 9.7x ↓)`
  // from the hour's window (21x), which held an earlier incident's errors.
  it('two samples 20 s apart or more tell the way, before the long window does', () => {
    expect(trendText([burn(9.7, 21)], [{ at: 569_000, burn: 6.3 }, { at: 600_000, burn: 9.7 }], 600_000)).toBe('5m 9.7x ↑, 1h still 21.0x');
    // Closer than that, the long window tells (the same 10 s apart: no trend of their own).
    expect(trendText([burn(9.7, 21)], [{ at: 590_000, burn: 6.3 }, { at: 600_000, burn: 9.7 }], 600_000)).toBe('5m 9.7x ↓, 1h still 21.0x');
  });

  // A real rig (moto): `Rolling back to :3, waiting for the burn to fall (5m 15.2x ↑)`, the reading before 16.0x.
  it('past its newest peak or trough by less than a tenth, it has stopped going that way: →', () => {
    const now = 600_000;
    expect(trendText([burn(15.2, 6)], [at(5, 6), at(4, 10), at(2, 14), at(1, 16), at(0, 15.2)], now)).toBe('5m 15.2x →');
    expect(trendText([burn(2.1, 6)], [at(5, 12), at(3, 6), at(1, 2), at(0, 2.1)], now)).toBe('5m 2.1x →');
    // Still at its peak (or trough), the way it went: as before.
    expect(trendText([burn(16, 6)], [at(5, 6), at(3, 10), at(0, 16)], now)).toBe('5m 16.0x ↑');
  });
});

describe('burnLine of a cleared trigger', () => {
  // A responder: `▲ BURNING` over "availability recovering: 10.1x on 1h and 6.2x on 5m" while the 5m window filled again.
  it('says what the SLO heading says: burning while the SLO burns, recovering while it recovers', () => {
    const cleared = { ...burn(6.2, 10.1), fired: false };
    expect(burnLine({ ...cleared, sloBurning: true }, 0)).toMatch(/^availability burning \(its trigger cleared\): 10\.1x on 1h and 6\.2x on 5m/);
    expect(burnLine({ ...cleared, sloBurning: false }, 0)).toMatch(/^availability recovering: 10\.1x on 1h and 6\.2x on 5m/);
  });
});

// A responder's drill: the trigger cleared and fired again; the advice read "seen firing 51m ago" beside the panel's
// `▲ FIRED … again 7m ago`.
describe('burnLine of a trigger that fired again', () => {
  it('says when it fired again, and when first', () => {
    const again = { ...burn(16, 15), seenFiring: true, firedAgainAt: 44 * 60_000 };
    expect(burnLine(again, 51 * 60_000)).toMatch(/, fired again 7m ago \(first seen firing 51m ago\)$/);
    expect(burnLine(again, 44 * 60_000 + 10_000)).toMatch(/, fired again just now \(first seen firing 44m ago\)$/);
    expect(burnLine(burn(16, 15), 51 * 60_000)).toMatch(/, fired 51m ago$/);
  });
});

describe('burnLine of a trigger still firing', () => {
  // slow-burn after the rollback: "availability burning 7.5x on 6h and 6.6x on 30m (trigger > 6), seen firing 14m ago"
  // under "↘ recovering" and beside "the burn has stopped (5m 0.2x)".
  it('says its windows drain once the errors stopped filling them (the 5m under 1x), and burning while they go on', () => {
    const slow = { ...burn(6.6, 7.5), threshold: 6, longMs: 6 * 3_600_000, shortMs: 1_800_000, seenFiring: true };
    expect(burnLine({ ...slow, newest: { windowMs: 300_000, burn: 0.2 } }, 14 * 60_000)).toBe('availability still firing, its windows draining: 7.5x on 6h and 6.6x on 30m (trigger > 6; 5m 0.2x), seen firing 14m ago');
    expect(burnLine({ ...slow, newest: { windowMs: 300_000, burn: 6.8 } }, 14 * 60_000)).toBe('availability burning 7.5x on 6h and 6.6x on 30m (trigger > 6), seen firing 14m ago');
  });
});
