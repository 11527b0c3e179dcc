import { describe, expect, it } from 'vitest';
import { WINDOW_MS } from '../../../src/core/burnRate';
import { runbookTriggers } from '../../../src/core/triggers';
import { recommendationInput } from '../../../src/session/recommendationInput';
import { sloTaskKey, type ViewInputs } from '../../../src/session/viewInputs';

const RULES = runbookTriggers([
  { slo: 'availability', burn_rate: 14.4, long: '1h', short: '5m' },
  { slo: 'availability', burn_rate: 6, long: '6h', short: '30m' },
]);

/** The session's inputs with `fired` cleared again (by default the 1h rule's alone), and these burns (objective 99.5%: burn 1 is a 0.5% error ratio). */
function clearedWith(burns: Partial<Record<keyof typeof WINDOW_MS, number>>, fired = RULES.slice(0, 1)): ViewInputs {
  const triggers = Object.fromEntries(
    fired.map((rule) => [rule.id, { trigger: rule.id, slo: 'availability', active: false, firstFiredAt: '2026-11-22T02:25:00Z', lastFiredAt: '2026-11-22T02:40:00Z', clearedAt: '2026-11-22T02:41:00Z', peakBurnRate: 17, firedCount: 1 }]),
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
  it('a cleared trigger keeps its evidence while a window of its SLO still drains over its rule: the responder is told what the screen waits on', () => {
    // A responder's bad-flag drill, 13 drill-minutes after the kill switch: the 1h rule's trigger
    // had cleared (1h 13.6x < 14.4), the 6h rule never fired, and its 30m window still held 9.2x.
    const burns = recommendationInput(clearedWith({ '5m': 0.1, '30m': 9.2, '1h': 13.6, '6h': 3.2 })).burns;
    expect(burns).toEqual([expect.objectContaining({ fired: false, threshold: 14.4, shortMs: WINDOW_MS['5m'] })]);
    expect(burns[0]!.longBurn).toBeCloseTo(13.6);
    // Both fired and cleared: both are waited on.
    expect(recommendationInput(clearedWith({ '5m': 0.1, '30m': 9.2, '1h': 13.6, '6h': 3.2 }, RULES)).burns).toHaveLength(2);
  });

  it('once every window of a cleared trigger is under 1x, nothing is left to wait on', () => {
    expect(recommendationInput(clearedWith({ '5m': 0.1, '30m': 0.4, '1h': 0.9, '6h': 1 })).burns).toEqual([]);
  });

  it('a cleared trigger is waited on while the panel says recovering: the errors stopped and a window under every threshold still holds them', () => {
    // The panel said `✓ ok` beside `1h 5.0x` with no line on what the windows still held.
    expect(recommendationInput(clearedWith({ '5m': 0.1, '30m': 4, '1h': 5, '6h': 2 })).burns).toHaveLength(1);
    // A steady burn under every threshold, not stopped: the panel says ok, nothing is waited on.
    expect(recommendationInput(clearedWith({ '5m': 2, '30m': 2, '1h': 2, '6h': 2 })).burns).toEqual([]);
  });
});

describe('the deploys a recommendation is made from', () => {
  // A real incident on moto (B): once DescribeServices stopped listing :41 (A's rollback, seen at
  // B's opening), the advice read "last deploy: none known".
  it('keeps a deploy the timeline saw that the provider no longer lists, as not current', () => {
    const inputs = clearedWith({ '5m': 20, '1h': 20 });
    const seen41 = { id: 'd-41', revision: 'checkout-api:41', status: 'successful', startedAt: '2026-11-22T02:10:00Z', observedAt: '2026-11-22T02:30:00Z', current: true };
    const listed = [{ id: 'd-43', revision: 'checkout-api:43', artifacts: [], status: 'successful', startedAt: '2026-11-22T02:45:00Z', labels: {}, current: true }];
    const observations = new Map([...inputs.observations, ['deploys', { key: 'deploys', value: listed, observedAt: new Date('2026-11-22T02:50:00Z'), failures: 0 }]]);
    const deploys = recommendationInput({ ...inputs, observations, state: { ...inputs.state, deploys: { 'd-41': seen41 } } } as unknown as ViewInputs).deploys;
    expect(deploys.map((d) => [d.revision, d.current])).toEqual([['checkout-api:43', true], ['checkout-api:41', false]]);
  });

  // A responder's checkout drill: after the undo of the rollback (root put :42 back), the advice's evidence read
  // "checkout-api:42 deployed 11m ago by dave" (who made :42) beside the deploys panel's `11m root`.
  it("names who deployed a rollback's or an undo's revision as the deploys panel does: whoever confirmed it", () => {
    const inputs = clearedWith({ '5m': 20, '1h': 20 });
    const action = (id: string, from: string, to: string, at: string, undoes?: string) => ({ id, name: 'deploys.rollback', facts: { currentRevision: from, targetRevision: to }, status: 'succeeded', plannedAt: at, startedAt: at, confirmedBy: 'root', ...(undoes ? { undoes } : {}) });
    const actions = [action('act-1', 'checkout-api:42', 'checkout-api:41', '2026-11-22T02:34:00Z'), action('act-2', 'checkout-api:41', 'checkout-api:42', '2026-11-22T02:39:00Z', 'act-1')];
    const listed = [{ id: 'd-42b', revision: 'checkout-api:42', artifacts: [], status: 'successful', startedAt: '2026-11-22T02:39:05Z', actor: 'dave', labels: {}, current: true }];
    const observations = new Map([...inputs.observations, ['deploys', { key: 'deploys', value: listed, observedAt: new Date('2026-11-22T02:50:00Z'), failures: 0 }]]);
    const deploys = recommendationInput({ ...inputs, observations, state: { ...inputs.state, actions } } as unknown as ViewInputs).deploys;
    expect(deploys.map((d) => [d.revision, d.actor])).toEqual([['checkout-api:42', 'root']]);
  });
});

describe('what the recommendation may offer', () => {
  // A watch showed "· m mitigated" beside a stopped burn, and refused `m`.
  it('a watch never offers to mark the incident mitigated', () => {
    const inputs = clearedWith({ '5m': 0.1, '1h': 12 });
    expect(recommendationInput(inputs).marked).toBe(false);
    expect(recommendationInput({ ...inputs, readOnly: true }).marked).toBe(true);
  });
});
