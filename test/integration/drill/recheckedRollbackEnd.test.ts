import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed, confirmedUntilVerifying } from '../../support/drillConfirm';
import { openBoundDrill, type DrillHarness } from '../../support/drillHarness';

/** A minute in, the rollback run and its watch stopped as its rollout began (as a quit does): its action. */
async function rollbackUnwatched(h: DrillHarness): Promise<string> {
  await h.pass(60_000);
  const action = (await confirmedUntilVerifying(h, { type: 'step.run', step: 'rollback' })).running[0]!.action;
  await h.drill.session.dispatch({ type: 'cancel', action });
  await h.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'unwatched');
  return action;
}

/**
 * helper-135's play-test (payments-api bad-flag, a Kubernetes Deployment): the rollback's watch stopped (a quit), its check
 * run again 40 s after the rollout had ended, and the kill switch 100 s after that check. The check's own time stood for
 * the rollout's end: no reading came between a window's fill and the kill switch, the rollback stayed unjudged, and the
 * screen said `⊗ :42 bad` (the scenario's truth: the flag), the postmortem "whether the burn stopped after it is not
 * known", and the JSON export `rolledBackFrom: [":42"]`.
 */
describe('a rollback checked again after its rollout ended, then a kill switch that stopped the burn', () => {
  let h: DrillHarness;
  let view: CockpitView;
  let passed: StoredEvent | undefined;

  beforeAll(async () => {
    h = await openBoundDrill('runbooks/payments-api.yaml', 'bad-flag');
    const { session } = h.drill;
    const action = await rollbackUnwatched(h);
    await h.pass(100_000);
    await session.dispatch({ type: 'step.run', step: 'rollback' });
    await h.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done');
    await h.pass(100_000);
    await confirmed(h, { type: 'step.run', step: 'disable-payouts' });
    await h.pass(8 * 60_000);
    view = session.view();
    passed = (await h.events()).find((e) => e.kind === 'verify.passed' && e.data.action === action);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('records when the rollout ended, as the provider says, not when the check saw it', () => {
    expect(passed?.data).toMatchObject({ doneAt: expect.any(String) });
    expect(Date.parse((passed!.data as { doneAt: string }).doneAt)).toBeLessThan(Date.parse(passed!.at) - 30_000);
  });

  it('judges the rollback: the burn went on after it, and :42 is not the cause', () => {
    expect(view.deploys.data?.find((row) => row.shortRevision === ':42')).toMatchObject({ burnOutlivedRollback: true, burnStoppedAfter: 'flags.set act-2' });
    expect(view.incident.openEnds?.changes.join('\n')).toMatch(/the burn went on after it until flags\.set act-2 by tester stopped it: payments-api:42 is likely not the cause/);
  });
});

/**
 * helper-138: the same, the kill switch made 72 s after the rollout ended and before the rollback was checked, then the
 * check once the burn had stopped: its rollout's end (doneAt) left no reading between the end and the kill switch a window
 * could judge by, and the panel went from `↶ :42 not the cause` back to `⊗ :42 bad`, the export "not known".
 */
describe('a rollback checked once the burn stopped after a kill switch made soon after its rollout', () => {
  let h: DrillHarness;
  let view: CockpitView;

  beforeAll(async () => {
    h = await openBoundDrill('runbooks/payments-api.yaml', 'bad-flag');
    const { session } = h.drill;
    await rollbackUnwatched(h);
    await h.until((v) => Date.parse(v.now) >= Date.parse('2026-11-22T02:33:10Z'));
    await confirmed(h, { type: 'step.run', step: 'disable-payouts' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    await session.dispatch({ type: 'step.run', step: 'rollback' });
    await h.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done');
    view = session.view();
  }, 120_000);
  afterAll(() => h.cleanup());

  it('still judges it: the burn went on after it, and :42 is not the cause', () => {
    expect(view.deploys.data?.find((row) => row.shortRevision === ':42')).toMatchObject({ burnOutlivedRollback: true, burnStoppedAfter: 'flags.set act-2' });
    expect(view.incident.openEnds?.changes.join('\n')).toMatch(/the burn went on after it until flags\.set act-2 by tester stopped it: payments-api:42 is likely not the cause/);
    expect(view.recommendations[0]?.text).toMatch(/the rollback to :41 \(as :43\) was likely needless/);
  });
});
