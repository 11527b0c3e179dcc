import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder's order-worker drill (100x30), played on checkout-api's bad-deploy here: the rollback
 * that worked (act-1) undone by mistake (act-2: :42 back, the burn back), and 4 minutes later the
 * rollback made again (act-3). A minute on, the advice read "Rolled back to :41 1m ago, and the burn
 * rose since (…): it or deployed :42 again …, 3m before it, may have made it worse …; undo one
 * (deploy :42 again, or deploy :41 again) · U on step 3", the fix offered for undoing; once the burn
 * stopped, "Rolled back to :41 7m ago, with the redeploy of :42 11m ago (made together: the SLO
 * cannot tell which)", and `↶ :42 the cause?`.
 */
describe('the rollback that worked, undone, and made again', () => {
  let h: DrillHarness;
  const advice: string[] = [];
  let stopped: CockpitView;

  beforeAll(async () => {
    h = await openDrill('bad-deploy');
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    await h.pass(3 * 60_000);
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    await h.pass(4 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    for (let minute = 0; minute < 12; minute += 1) {
      await h.pass(60_000);
      advice.push(h.drill.session.view().recommendations[0]?.text ?? '');
    }
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    stopped = h.drill.session.view();
  }, 180_000);
  afterAll(() => h.cleanup());

  it('never asks to undo the rollback made again while the window still drains the bad build put back', () => {
    for (const text of advice) expect(text).not.toMatch(/undo one|made it worse|U on step/);
  });

  it('credits the second rollback alone with the stop, and keeps :42 known bad', () => {
    const text = stopped.recommendations[0]?.text ?? '';
    expect(text).toMatch(/^Rolled back to :41 \S+ ago: the burn has stopped/);
    expect(text).not.toMatch(/made together|redeploy/);
    expect(stopped.deploys.data?.find((row) => row.shortRevision === ':42')?.knownBad).toMatch(/^rolled back to /);
  });
});
