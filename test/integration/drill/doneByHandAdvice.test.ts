import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * helper-143: `2. Turn off checkout_v2` marked done by hand ("flipped it in the flagd UI") while the flag still served on
 * and the burn went on at 18x: the advice kept `Flag kill switch recommended`, but lost its `· Enter on step 2`, the one
 * way shown to make the change.
 */
describe('a kill switch marked done by hand while the flag still serves as before', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openDrill('bad-flag');
    await h.pass(60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('still points the advice at its step', async () => {
    expect(await h.drill.session.dispatch({ type: 'step.complete', step: 'disable-flag', reason: 'flipped it in the flagd UI' })).toEqual({ ok: true });
    await h.pass(30_000);
    const view = h.drill.session.view();
    expect(view.steps.find((step) => step.id === 'disable-flag')).toMatchObject({ status: 'done', manual: { reason: 'flipped it in the flagd UI' } });
    expect(view.flags.data?.find((flag) => flag.key === 'checkout_v2')?.variant).toBe('on');
    expect(view.recommendations[0]).toMatchObject({ kind: 'flag-kill-switch', runStep: 2 });
  });
});
