import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed } from '../../support/drillConfirm';
import { openBoundDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder's payments-api drill (a Deployment): the rollback that worked (:42 → :41, run as :43), undone (:42's
 * build back as :44) and the burn back, then the rollback again (:44 → :43, run as :45). Kubernetes renumbered the bad
 * build, and the advice lost the change: a minute after it, "Rollback recommended: payments-api:45 deployed 0s before
 * the burn came back" (the rollback's own deploy); once the burn had stopped, no advice at all; and the postmortem named
 * :44 "the likely cause".
 */
describe('payments-api on Kubernetes: rolled back again after the undo brought the bad build back', () => {
  const FILE = 'runbooks/payments-api.yaml';
  let h: DrillHarness;
  let rolling: CockpitView;
  let stopped: CockpitView;

  beforeAll(async () => {
    h = await openBoundDrill(FILE, 'bad-deploy');
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    await h.pass(6 * 60_000);
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    await h.until((v) => /Rollback recommended/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.pass(2 * 60_000);
    rolling = h.drill.session.view();
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    stopped = h.drill.session.view();
  }, 120_000);
  afterAll(() => h.cleanup());

  it('waits on the second rollback while the burn falls, never calling it worse nor its own deploy the cause', () => {
    const advice = rolling.recommendations.map((r) => r.text);
    expect(advice).toEqual([expect.stringMatching(/^Rolled back to :43.*, waiting for the burn to fall \(5m \d+\.\dx/)]);
    expect(advice.join()).not.toMatch(/undo it|Rollback recommended/);
  });

  it('says the burn stopped after it, and names the build it went away from as the cause', () => {
    expect(stopped.recommendations[0]?.text).toMatch(/^Rolled back to :43.* ago: the burn has stopped/);
    expect(stopped.incident.openEnds?.changes.join('\n')).toMatch(/rolled back from payments-api:44 at .*, and the burn stopped after it: payments-api:44 \(the build of payments-api:42\) is the likely cause/);
  });
});

/**
 * helper-130's payments-api drill: a second rollback (to :40) made after the burn had stopped, then undone: the advice's
 * evidence read "the undo of the change the burn came back after" for minutes, of a burn that stayed at 0.1x.
 */
describe('payments-api on Kubernetes: a rollback made after the stop, undone', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openBoundDrill('runbooks/payments-api.yaml', 'bad-deploy');
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await confirmed(h, { type: 'action.undo', action: 'act-2' });
    await h.pass(2 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('says the undo took back a change made after the stop, not one the burn came back after', () => {
    const advice = h.drill.session.view().recommendations[0]!;
    expect(advice.text).toMatch(/the burn has stopped/);
    expect(advice.evidence.join('\n')).toContain('the undo of act-2, made after the burn had stopped');
    expect(advice.evidence.join('\n')).not.toContain('came back');
  });
});
