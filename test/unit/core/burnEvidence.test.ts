import { describe, expect, it } from 'vitest';
import { burningSince, stoppedAfterChange, unpagedBurn } from '../../../src/core/burnEvidence';
import type { TriggerRule } from '../../../src/core/triggers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const rules: TriggerRule[] = [
  { id: 'availability:1h/5m>14.4', slo: 'availability', burnRate: 14.4, longMs: HOUR, shortMs: 5 * MINUTE, severity: 'page' },
  { id: 'availability:6h/30m>6', slo: 'availability', burnRate: 6, longMs: 6 * HOUR, shortMs: 30 * MINUTE, severity: 'page' },
];
const windows = (burns: Record<number, number>) => (windowMs: number) => burns[windowMs] ?? null;

describe('unpagedBurn: a burn at a page\'s pace that no trigger fired for yet', () => {
  it('is the most severe rule whose short window is over its threshold, seen now', () => {
    const now = Date.parse('2026-11-22T02:30:00.000Z');
    const burn = unpagedBurn(rules, windows({ [5 * MINUTE]: 14.9, [30 * MINUTE]: 3, [HOUR]: 1.6, [6 * HOUR]: 0.4 }), { now });
    expect(burn).toMatchObject({ slo: 'availability', unpaged: true, fired: false, threshold: 14.4, shortBurn: 14.9, longBurn: 1.6, onsetAt: now });
  });

  it('is the rule with the shortest windows for a burn rising under every threshold (8% errors read 14.0x on 5m)', () => {
    expect(unpagedBurn(rules, windows({ [5 * MINUTE]: 14, [30 * MINUTE]: 2.9, [HOUR]: 1.6, [6 * HOUR]: 0.4 }), { now: 0 })).toMatchObject({ threshold: 14.4, shortBurn: 14, longBurn: 1.6, unpaged: true });
  });

  // A drill (R): a steady 2x read BURNING (rising over the 6h window) and "Rollback recommended" for an hour.
  it('is none for a rise at a pace no rule pages for if it lasts', () => {
    expect(unpagedBurn(rules, windows({ [5 * MINUTE]: 2, [30 * MINUTE]: 1.9, [HOUR]: 1.8, [6 * HOUR]: 0.6 }), { now: 0 })).toBeUndefined();
  });

  // CI (Node 24, irreversible-migration journey): the first frame with the panels read "Not paged yet: Flag kill switch
  // recommended …" while the trigger's own readings fired it, its record on the way to the timeline.
  it('is none while its readings fire a rule: that page is on its way', () => {
    expect(unpagedBurn(rules, windows({ [5 * MINUTE]: 17.9, [30 * MINUTE]: 18, [HOUR]: 16.7, [6 * HOUR]: 3 }), { now: 0 })).toBeUndefined();
  });

  it('is none while nothing burns: steady under the thresholds, or stopped', () => {
    expect(unpagedBurn(rules, windows({ [5 * MINUTE]: 1.2, [30 * MINUTE]: 1.2, [HOUR]: 1.3, [6 * HOUR]: 1.3 }), { now: 0 })).toBeUndefined();
    expect(unpagedBurn(rules, windows({ [5 * MINUTE]: 0.2, [30 * MINUTE]: 8, [HOUR]: 9, [6 * HOUR]: 2 }), { now: 0 })).toBeUndefined();
  });
});

describe('burningSince: when the burn under way was first sampled at 1x or more', () => {
  it('is the start of the newest run at or over 1x, past gaps; none while under 1x', () => {
    const s = (at: number, burn: number | null) => ({ at, burn });
    expect(burningSince([s(1, 3), s(2, 0.5), s(3, 2), s(4, null), s(5, 14)])).toBe(3);
    expect(burningSince([s(1, 3), s(2, 0.5)])).toBeUndefined();
    expect(burningSince([])).toBeUndefined();
  });
});

// tworb and mild (responders' drills): no page fired; after the rollback that worked the advice line went blank.
describe('stoppedAfterChange: an unpaged burn a change of the responder\'s was made on, stopped now', () => {
  const samples = [0.1, 24, 24, 24, 20, 8, 0.1].map((burn, i) => ({ at: i * MINUTE, burn }));
  const stopped = windows({ [5 * MINUTE]: 0.1, [30 * MINUTE]: 15, [HOUR]: 7.7, [6 * HOUR]: 1.4 });

  it('stands, dated from the first sample of the burn, when a change was made while it burned', () => {
    expect(stoppedAfterChange(rules, stopped, samples, [3.5 * MINUTE], { now: 7 * MINUTE })).toMatchObject({ unpaged: true, onsetAt: MINUTE, shortBurn: 0.1, longBurn: 7.7 });
  });

  it('is none with no change made while it burned, or while the 5m window still burns', () => {
    expect(stoppedAfterChange(rules, stopped, samples, [], { now: 7 * MINUTE })).toBeUndefined();
    expect(stoppedAfterChange(rules, stopped, samples, [6.5 * MINUTE], { now: 7 * MINUTE })).toBeUndefined();
    expect(stoppedAfterChange(rules, windows({ [5 * MINUTE]: 8, [HOUR]: 7.7 }), samples, [3.5 * MINUTE], { now: 7 * MINUTE })).toBeUndefined();
  });
});
