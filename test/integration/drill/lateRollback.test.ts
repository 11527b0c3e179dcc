import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder's drill (payments-api-rollout slow-burn): the rollback to :41 stopped the burn; once it had, a second one
 * went to :40. Eleven minutes on, the advice still read `Rolled back to :41 (as :43) 22m ago: the burn has stopped`
 * while :40 ran; only the resolve dialog said that :40 still ran and :43 had run clean.
 */
describe('a second rollback, made after the burn had stopped', () => {
  let h: DrillHarness;
  let view: CockpitView;

  beforeAll(async () => {
    h = await openDrill('bad-deploy');
    await h.pass(60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.pass(10 * 60_000);
    view = h.drill.session.view();
  }, 120_000);
  afterAll(() => h.cleanup());

  it('is named by the advice while the burn falls, with its undo', () => {
    const advice = view.recommendations[0];
    expect(advice?.text).toMatch(/ · the rollback to :40 came after the burn had stopped \(:41 had run clean\): undo it, or leave it as a follow-up$/);
    // What stopped the burn heads it: `Rolled back to :40 4m ago: the burn has stopped` read as if :40 had fixed it.
    expect(advice?.text).toMatch(/^Rolled back to :41 \d+m ago: the burn has stopped/);
    expect(advice?.undoes).toEqual(['act-2']);
    expect(view.deploys.data?.find((row) => row.current)?.revision).toBe('checkout-api:40');
  });
});
