import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * bad-flag played with the kill switch alone (a responder's play-test): the burn stopped, the
 * runbook's pointer stayed on step 1, and the drill was resolved over the recovery check, scored
 * "burn-normal (never run)": nothing on screen had pointed at it. The resolve dialog's list of
 * steps not done (the incident's open ends) now says where the recovery check left off.
 */
describe('a recovery check never run, at resolve', () => {
  let h: DrillHarness;
  let before: readonly string[];
  let after: readonly string[];

  beforeAll(async () => {
    h = await openDrill('bad-flag');
    await h.pass(60_000);
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.pass(8 * 60_000);
    before = h.drill.session.view().incident.openEnds?.steps ?? [];
    await h.drill.session.dispatch({ type: 'step.run', step: 'burn-normal' });
    await h.until((view) => view.steps.find((step) => step.id === 'burn-normal')?.status === 'done', 30 * 60_000);
    after = h.drill.session.view().incident.openEnds?.steps ?? [];
  }, 120_000);
  afterAll(() => h.cleanup());

  it('is said as never run, so nothing confirmed the recovery', () => {
    expect(before).toContainEqual(expect.stringMatching(/^5\. .* \(recovery check: never run, so nothing confirmed the recovery\)$/));
  });

  it('is no open end once it passed', () => {
    expect(after.join('\n')).not.toMatch(/recovery check/);
  });
});
