import { describe, expect, it } from 'vitest';
import { burnEvidenceOf, burningSince, slosOverOlderBurn, stoppedAfterChange, unpagedBurn, windowsHoldOlderBurn } from '../../../src/core/burnEvidence';
import type { ActionState, TriggerState } from '../../../src/core/incidentState';
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

// helper-139's real rig: the incident opened 4 minutes after one resolved while its window drained; its 6h/30m trigger
// fired at the first look on that incident's errors (30m 24.7x, the 5m 7.3x), the 5m then rising with a new burn (15.4x a
// minute later). Dated 38 minutes back into the first burn, the deploy made 87 s before was "after the burn had begun".
describe('windowsHoldOlderBurn: a trigger whose long windows hold an older burn than the one going on', () => {
  const firedAt = Date.parse('2026-12-07T20:58:51.000Z');
  const known: TriggerState = { trigger: 'availability:6h/30m>6', slo: 'availability', active: true, firstFiredAt: new Date(firedAt).toISOString(), lastFiredAt: new Date(firedAt).toISOString(), firstBurns: { long: 25.8, short: 24.7 }, seenFiring: true, peakBurnRate: 24.7, firedCount: 1 };
  const fiveMinute = (burns: readonly number[], from = firedAt) => burns.map((burn, i) => ({ at: from + i * MINUTE, burn }));

  it('when the 5m burn, under half the long window as it fired, rose by half again since: a new burn', () => {
    expect(windowsHoldOlderBurn(known, fiveMinute([7.3, 15.4]))).toBe(true);
  });

  it('not when the 5m burn was as high as the windows, did not rise (a burn that wanes), or was read before the firing', () => {
    expect(windowsHoldOlderBurn(known, fiveMinute([24, 25]))).toBe(false);
    expect(windowsHoldOlderBurn(known, fiveMinute([7.3, 6.1]))).toBe(false);
    expect(windowsHoldOlderBurn(known, fiveMinute([7.3]))).toBe(false);
    // A reading from before the errors (0.2x, 30 s before the poll the trigger fired on) is not the one it fired beside.
    expect(windowsHoldOlderBurn(known, [{ at: firedAt - 30_000, burn: 0.2 }, { at: firedAt - 500, burn: 16 }, { at: firedAt + MINUTE, burn: 26 }])).toBe(false);
  });

  it('per SLO, read from the 5m burn before the first change the responders made: a rise after it is no new burn', () => {
    const rose = new Map([['availability', fiveMinute([7.3, 15.4])]]);
    expect([...slosOverOlderBurn([known], rose, [])]).toEqual(['availability']);
    const rollback = { id: 'act-1', name: 'deploys.rollback', summary: '', calls: [], status: 'succeeded', plannedAt: '', outputTail: '', outputChars: 0, startedAt: new Date(firedAt + 30_000).toISOString(), facts: { currentRevision: 'svc:2', targetRevision: 'svc:1' } } as ActionState;
    expect(slosOverOlderBurn([known], rose, [rollback]).size).toBe(0);
  });

  it('dates nothing then: the trigger is dated by its firing', () => {
    const at = { now: firedAt + 2 * MINUTE, known, dataSince: firedAt - 38 * MINUTE };
    expect(burnEvidenceOf(rules[1]!, true, windows({}), { ...at, olderBurn: true })).toMatchObject({ onsetAt: firedAt });
    expect(burnEvidenceOf(rules[1]!, true, windows({}), { ...at, olderBurn: true }).beganBy).toBeUndefined();
    expect(burnEvidenceOf(rules[1]!, true, windows({}), at).beganBy).toBe(firedAt - 8 * MINUTE);
  });
});
