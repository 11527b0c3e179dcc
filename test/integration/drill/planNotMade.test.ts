import { afterAll, describe, expect, it } from 'vitest';
import { openDrill, type DrillHarness } from '../../support/drillHarness';
import { loadCheckout } from '../../support/sessionHarness';

/**
 * A kill switch whose plan cannot be made (its flag is not in the flag file) changed nothing, yet
 * its step read `✖ 2. Turn off checkout_v2 [flags.set] FAILED`: under pressure, a change that went
 * wrong half way. The real flagd plugin against the sandbox's file.
 */
describe('a step whose action could not be planned', () => {
  let h: DrillHarness | undefined;
  afterAll(async () => {
    await h?.cleanup();
  });

  it('says that nothing was changed, and why', async () => {
    const checkout = await loadCheckout();
    const runbook = { ...checkout, first_actions: checkout.first_actions.map((step) => (step.id === 'disable-flag' ? { ...step, run: { ...step.run!, flag: 'checkout_v3' } } : step)) };
    h = await openDrill('bad-flag', { runbook });
    expect(await h.drill.session.dispatch({ type: 'step.run', step: 'disable-flag' })).toEqual({ ok: true });
    await h.until((view) => view.steps.find((step) => step.id === 'disable-flag')?.status === 'failed', 60_000);
    const step = h.drill.session.view().steps.find((s) => s.id === 'disable-flag')!;
    expect(step.detail).toMatch(/^nothing was changed: flag "checkout_v3" is not in \S+ \(did you mean "checkout_v2"\?\)/);
  });
});
