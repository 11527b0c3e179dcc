import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed, declined } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * bad-deploy, the wrong thing first (a responder's play-test on payments-api): the kill switch (act-1) the burn went on
 * after, then the rollback (act-2) that stopped it. The drill report asked `set instant_payouts back to on?`; the advice
 * said only that the burn had stopped, and the undo's dialog warned `Not the recommended change`, recorded as made
 * against the advice.
 */
describe('undoing a kill switch the burn went on after, once the rollback stopped it', () => {
  let h: DrillHarness;
  let undo: NonNullable<CockpitView['confirmation']>;
  let advice: CockpitView['recommendations'];

  beforeAll(async () => {
    h = await openDrill('bad-deploy');
    await h.pass(60_000);
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.pass(8 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.pass(8 * 60_000);
    advice = h.drill.session.view().recommendations;
    undo = await declined(h, { type: 'action.undo', action: 'act-1' });
  }, 120_000);
  afterAll(() => h.cleanup());

  it('while the burn falls, the advice names the needless kill switch and the step whose U undoes it', () => {
    expect(advice).toEqual([
      expect.objectContaining({
        kind: 'waiting-for-recovery',
        text: expect.stringMatching(/the burn has stopped .* · checkout_v2 set to off likely did not help \(the burn went on after it\): set it back to on, or leave it as a follow-up$/),
        undoes: ['act-1'],
        undoStep: 2,
      }),
    ]);
  });

  it('calls the undo a clean-up, not "Not the recommended change"', () => {
    expect(undo.recommendedInstead).toBeUndefined();
    expect(undo.cleanUp).toMatch(/^checkout_v2 set to off by flags\.set act-1 by tester: the burn went on after it until deploys\.rollback act-2 by tester stopped it, so it likely did not help$/);
  });
});
