import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed, twoChanges } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf, section } from '../../support/postmortemHarness';

/**
 * bad-flag, the rollback and the kill switch made together, then the rollback undone (:42 back) while the burn stayed
 * stopped (helper-124): the deploys panel still marked the build running clean `⊗ :42 bad`, inviting a second rollback,
 * and the postmortem's Mitigated row credited both changes.
 */
describe('a change made with the fix, undone while the burn stayed stopped', () => {
  let h: DrillHarness;
  let view: CockpitView;
  let md: string;

  beforeAll(async () => {
    h = await openDrill('bad-flag');
    await twoChanges(h, 'rollback', 60_000, 'disable-flag', 10 * 60_000);
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    await h.pass(10 * 60_000);
    view = h.drill.session.view();
    await h.drill.score();
    ({ md } = await exportsOf(h));
  }, 120_000);
  afterAll(() => h.cleanup());

  it('the deploys panel does not call the build running clean again bad', () => {
    const rows = JSON.stringify(view.deploys);
    expect(rows).toContain('checkout-api:42');
    expect(rows).not.toContain('knownBad');
  });

  it('the postmortem credits the kill switch alone, and calls the rollback not needed', () => {
    const mitigated = section(md, 'Summary').split('\n').find((l) => l.startsWith('| Mitigated'))!;
    expect(mitigated).toMatch(/the burn stopped at .*, after flags\.set \(act-2\)/);
    expect(mitigated).not.toContain('act-1');
    expect(section(md, 'Actions')).toMatch(/`deploys\.rollback` \(succeeded; not needed: undone, and every SLO stayed under 1x after its undo\)/);
  });

  // The drill report said "The first action made, deploys.rollback (act-1) at 1m14s, was a wrong one"; the postmortem's
  // Detection table gave its time with no word of it.
  it("the postmortem's first action says it was a wrong one, as the drill score does", () => {
    expect(section(md, 'Detection and response')).toMatch(/\| First action \(deploys\.rollback act-1: a wrong one, see Drill score\) \|/);
  });
});
