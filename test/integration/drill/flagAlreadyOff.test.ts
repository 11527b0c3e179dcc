import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import type { CockpitView } from '../../../src/session/viewModel';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * helper-139's real rig: the incident after one resolved while it still burned, whose kill switch was left on: `◀ next`
 * went to `2. Turn off checkout_v2`, and Enter offered `checkout_v2: defaultVariant off → off` as `✓ SAFE`, to be
 * recorded as a kill switch made. bad-deploy with checkout_v2 turned off 40 minutes before the drill.
 */
describe('the runbook’s kill switch, its flag already off', () => {
  let h: DrillHarness;
  let before: CockpitView;
  let after: CockpitView;
  let events: readonly StoredEvent[];

  beforeAll(async () => {
    const scenario = readFileSync('src/sandbox/scenarios/bad-deploy.yaml', 'utf8').replace('default_variant: "on"\n    changed: { at: -6d, by: erin, from: "off" }', 'default_variant: "off"\n    changed: { at: -40m, by: root, from: "on" }');
    expect(scenario).toContain('by: root');
    h = await openDrill('bad-deploy', { scenarioText: scenario });
    await h.pass(30_000);
    before = h.drill.session.view();
    expect(await h.drill.session.dispatch({ type: 'step.run', step: 'disable-flag' })).toEqual({ ok: true });
    await h.pass(5_000);
    after = h.drill.session.view();
    events = await h.events();
  }, 120_000);
  afterAll(() => h.cleanup());

  it('reads as nothing to change, and is never next', () => {
    const step = before.steps.find((s) => s.id === 'disable-flag')!;
    expect(step).toMatchObject({ status: 'pending', detail: 'checkout_v2 is set to off already, since 01:50Z by root: nothing to change' });
    expect(before.steps[before.nextStep]!.id).not.toBe('disable-flag');
    expect(after.steps[after.nextStep]!.id).not.toBe('disable-flag');
  });

  it('Enter on it is refused, saying why: no confirmation, no change made or recorded', () => {
    expect(after.confirmation).toBeUndefined();
    expect(after.steps.find((s) => s.id === 'disable-flag')!.detail).toBe('last attempt not run: refused: checkout_v2 already has defaultVariant off: there is nothing to change');
    expect(events.filter((e) => e.kind === 'action.started' || e.kind === 'flag.changed')).toEqual([]);
    expect(events.find((e) => e.kind === 'action.cancelled')?.data).toMatchObject({ reason: 'refused: checkout_v2 already has defaultVariant off: there is nothing to change' });
  });
});
