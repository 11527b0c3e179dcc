import { describe, expect, it } from 'vitest';
import { WINDOW_MS } from '../../../src/core/burnRate';
import { runbookTriggers } from '../../../src/core/triggers';
import { recommendationInput } from '../../../src/session/recommendationInput';
import { sloTaskKey, type ViewInputs } from '../../../src/session/viewInputs';

const RULES = runbookTriggers([
  { slo: 'availability', burn_rate: 14.4, long: '1h', short: '5m' },
  { slo: 'availability', burn_rate: 6, long: '6h', short: '30m' },
]);

/** The session's inputs with both triggers cleared, and these burns (objective 99.5%: burn 1 is a 0.5% error ratio). */
function clearedWith(burns: Partial<Record<keyof typeof WINDOW_MS, number>>): ViewInputs {
  const triggers = Object.fromEntries(
    RULES.map((rule) => [rule.id, { trigger: rule.id, slo: 'availability', active: false, firstFiredAt: '2026-11-22T02:25:00Z', lastFiredAt: '2026-11-22T02:40:00Z', clearedAt: '2026-11-22T02:41:00Z', peakBurnRate: 17, firedCount: 1 }]),
  );
  const observations = new Map(
    Object.entries(burns).map(([window, burn]) => {
      const key = sloTaskKey('availability', WINDOW_MS[window as keyof typeof WINDOW_MS]);
      return [key, { key, value: (burn as number) * 0.005, observedAt: new Date('2026-11-22T02:50:00Z'), failures: 0 }];
    }),
  );
  return {
    now: new Date('2026-11-22T02:50:00Z'),
    state: { triggers, actions: [], deploys: {}, flags: {}, flagHistory: {} },
    runbook: { slos: [{ name: 'availability', objective: 99.5 }] },
    rules: RULES,
    observations,
    sources: {},
  } as unknown as ViewInputs;
}

describe('the burn evidence a recommendation is made from', () => {
  it('a cleared trigger whose short window still drains keeps its evidence: the responder is told what the screen waits on', () => {
    // The 6h rule's 30m window still holds the burn; the last 5m are clean; no long window is over.
    const burns = recommendationInput(clearedWith({ '5m': 0.1, '30m': 9.0, '1h': 13.5, '6h': 3.2 })).burns;
    expect(burns).toEqual([expect.objectContaining({ fired: false, threshold: 6, shortMs: WINDOW_MS['30m'] })]);
    expect(burns[0]!.shortBurn).toBeCloseTo(9.0);
  });

  it('once every window of a cleared trigger is under its threshold, nothing is left to wait on', () => {
    expect(recommendationInput(clearedWith({ '5m': 0.1, '30m': 4, '1h': 5, '6h': 2 })).burns).toEqual([]);
  });
});
