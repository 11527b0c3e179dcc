import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed } from '../../support/drillConfirm';
import { openBoundDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder's order-worker drill at 80x24: the consumers paused, the worker rolled back, and
 * `4. Resume the consumers` read "passed over: not needed: a mitigation was made" on the runbook
 * panel, in the resolve dialog, the drill report and the postmortem, the consumers still paused.
 * The runbook says the step takes the pause back (`reverses: pause-consumers`).
 */
describe('order-worker: paused, rolled back, and the consumers to resume', () => {
  const FILE = 'runbooks/order-worker.yaml';
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openBoundDrill(FILE, 'bad-deploy');
    await confirmed(h, { type: 'step.run', step: 'pause-consumers' });
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('points at resuming them next, and never says it is not needed', () => {
    const view = h.drill.session.view();
    const resume = view.steps.findIndex((step) => step.id === 'resume-consumers');
    expect(view.nextStep).toBe(resume);
    expect(view.passedOver.indexes).not.toContain(resume);
    expect(view.passedOver.indexes).toEqual([view.steps.findIndex((step) => step.id === 'queue-depth')]);
  });
});
