import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed, declined } from '../../support/drillConfirm';
import { openBoundDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf } from '../../support/postmortemHarness';

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

  // The drill ended RECOVERED with the consumers paused; the resolve dialog's "changed and still so", the report's
  // "Left changed" and the postmortem named the rollback alone.
  it('names the pause as a change still standing, in the open ends and the postmortem', async () => {
    const line = /^1\. Pause the consumers \(done at \d\d:\d\d UTC\) still stands: 4\. Resume the consumers takes it back, and was not done$/;
    expect(h.drill.session.view().incident.openEnds?.changes).toContainEqual(expect.stringMatching(line));
    const { md } = await exportsOf(h);
    expect(md).toMatch(/\| Left changed \(as last seen\) \| .*1\. Pause the consumers \(done at \d\d:\d\d UTC\) still stands: 4\. Resume the consumers takes it back, and was not done/);
  });

  it('points at resuming them next, and never says it is not needed', () => {
    const view = h.drill.session.view();
    const resume = view.steps.findIndex((step) => step.id === 'resume-consumers');
    expect(view.nextStep).toBe(resume);
    expect(view.passedOver.indexes).not.toContain(resume);
    expect(view.passedOver.indexes).toEqual([view.steps.findIndex((step) => step.id === 'queue-depth')]);
  });

  // helper-143: the check run with the consumers paused passed (the sandbox keeps its traffic), and the report read
  // `RECOVERED · score 100/100`, `Recovery checks passed.` of a worker that processed nothing.
  it('does not count a recovery check passed while the consumers stood paused', async () => {
    expect(await h.drill.session.dispatch({ type: 'step.run', step: 'processing-normal' })).toEqual({ ok: true });
    await h.until((v) => v.steps.find((step) => step.id === 'processing-normal')?.status === 'done', 60 * 60_000);
    const scored = await h.drill.score();
    expect(scored.recoveryChecksPassed).toBe(false);
    expect(scored.verdict).toBe('unconfirmed');
    expect(scored.findings).toContain('Recovery checks did not pass: 5. Dead-letter rate back to normal for 15m (passed while 1. Pause the consumers stood, before 4. Resume the consumers: it does not count).');
    expect(scored.score).toBeLessThan(100);
  });
});

// A responder's order-worker drill at 120x40: `Resume the consumers` run first read `✓ SAFE to run after confirmation` with
// one Enter; the runbook then pointed at `1. Pause the consumers`, and the report and the postmortem said nothing of it.
describe('order-worker: resuming the consumers before they were paused', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openBoundDrill('runbooks/order-worker.yaml', 'bad-deploy');
  }, 120_000);
  afterAll(() => h.cleanup());

  it('asks for the step typed, saying the step it takes back has not been done; the postmortem says why it was typed', async () => {
    const asked = await confirmed(h, { type: 'step.run', step: 'resume-consumers' });
    expect(asked.typeToConfirm).toBe('resume-consumers');
    expect(asked.typeReason).toBe('it takes back step 1. Pause the consumers, which has not been done: there is nothing for it to take back yet; type resume-consumers to make it');
    const { md } = await exportsOf(h);
    expect(md).toContain('- **Confirmed by typing a phrase**, asked because: it takes back step 1. Pause the consumers, which has not been done');
  });

  it('once the consumers are paused, resuming them is a plain confirmation', async () => {
    await confirmed(h, { type: 'step.run', step: 'pause-consumers' });
    const { session } = h.drill;
    expect(await session.dispatch({ type: 'step.run', step: 'resume-consumers' })).toEqual({ ok: true });
    await h.until((v) => v.confirmation !== undefined, 60_000);
    // Run again, it asks as any step run twice does; not for the step it takes back.
    expect(session.view().confirmation?.typeReason ?? '').not.toMatch(/has not been done/);
    await session.dispatch({ type: 'cancel', action: session.view().confirmation!.action });
  });
});

// A responder's order-worker drill (slow-burn, 80x24): the rollback verified, the burn still at 7.8x, `◀ next` moved to
// `4. Resume the consumers` and its dialog read `✓ SAFE`: two Enters let through the writes the pause held back.
describe('order-worker: resuming the consumers while the burn goes on', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openBoundDrill('runbooks/order-worker.yaml', 'bad-deploy');
    await confirmed(h, { type: 'step.run', step: 'pause-consumers' });
    await confirmed(h, { type: 'step.run', step: 'rollback' });
  }, 120_000);
  afterAll(() => h.cleanup());

  // helper-135: straight after the rollback verified, at 15.4x, `◀ next` went to 4. Resume the consumers. helper-143: then
  // to the recovery check, which passed with the consumers still paused (RECOVERED 100/100 of a worker processing nothing).
  it('points at neither resuming them nor the recovery check while the burn falls (once it has stopped, at them: above)', async () => {
    const view = h.drill.session.view();
    expect(view.recommendations[0]?.text).toMatch(/waiting for the burn to fall/);
    expect(view.nextStep).toBe(-1);
    expect(view.passedOver.indexes).not.toContain(view.steps.findIndex((step) => step.id === 'resume-consumers'));
  });

  it('asks for the step typed, saying what still burns; once the burn has stopped, it does not', async () => {
    expect(h.drill.session.view().incident.burning).toBeDefined();
    const early = await declined(h, { type: 'step.run', step: 'resume-consumers' });
    expect(early.typeToConfirm).toBe('resume-consumers');
    expect(early.typeReason).toMatch(/^processing is burning \d+\.\dx on 5m: it takes back step 1\. Pause the consumers while the burn goes on; type resume-consumers to make it$/);
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    const later = await declined(h, { type: 'step.run', step: 'resume-consumers' });
    expect(later.typeReason ?? '').not.toMatch(/burn/);
  });
});

// helper-143: the pause skipped, the worker rolled back, and the resolve dialog read `4. Resume the consumers (passed over:
// not needed unless the burn goes on)`: it was not needed because nothing was paused.
describe('order-worker: the consumers never paused, the worker rolled back', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openBoundDrill('runbooks/order-worker.yaml', 'bad-deploy');
    expect(await h.drill.session.dispatch({ type: 'step.skip', step: 'pause-consumers', reason: 'the queue drains fine' })).toEqual({ ok: true });
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('says the resume has nothing to take back, not that the burn makes it needless', () => {
    expect(h.drill.session.view().incident.openEnds?.steps).toContain('4. Resume the consumers (nothing to take back: 1. Pause the consumers was skipped)');
  });
});
