import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed } from '../../support/drillConfirm';
import { openBoundDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf } from '../../support/postmortemHarness';

const stepOf = (view: CockpitView, id: string) => view.steps.find((s) => s.id === id)!;

/**
 * payments-api-rollout bad-deploy: the rollback that worked, then its undo, which Argo aborted (its
 * analysis failed on the bad build's errors), so the rollback's build went on running. The runbook
 * panel read `↺ undone by act-2 … failed its check` at `0/4 done`, and Enter on the step planned a
 * second rollback, further back than the one that stood.
 */
describe('payments-api-rollout: an undo Argo aborted took nothing back', () => {
  let h: DrillHarness;
  let after: CockpitView;

  beforeAll(async () => {
    h = await openBoundDrill('runbooks/payments-api-rollout.yaml', 'bad-deploy');
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    await h.until((v) => v.running.length === 0, 30 * 60_000);
    // The deploys panel's next polls: the aborted undo's ReplicaSet (:42's) is listed as :44 by then.
    await h.pass(2 * 60_000);
    after = h.drill.session.view();
  }, 120_000);
  afterAll(() => h.cleanup());

  it('the undo failed its check (the premise: Argo aborted it)', async () => {
    const verdict = (await h.events()).find((e) => e.kind === 'verify.failed' && e.data.action === 'act-2');
    expect(verdict, JSON.stringify(stepOf(after, 'rollback'))).toBeDefined();
  });

  // The advice line went, and stayed gone 20 drill minutes, once Argo aborted the undo.
  // Once :42's ReplicaSet (reused by the undo) was listed as :44, :42 went from the deploys panel, and the advice's evidence
  // of the cause read "no deploy or flag change in the 2h before", beside "payments-api:42 is the likely cause".
  it('keeps :42 on the panel, bad, as the build listed as :44 now, and the cause in the advice', () => {
    const rows = after.deploys.data ?? [];
    expect(rows.find((r) => r.shortRevision === ':42'), JSON.stringify(rows)).toMatchObject({ artifact: 'listed as :44 now', knownBad: expect.stringMatching(/^rolled back to payments-api:41 \(as payments-api:43\) by tester \(act-1\)/) });
    expect(rows.find((r) => r.shortRevision === ':44')).toMatchObject({ status: 'rolled-back', automaticRollback: expect.stringMatching(/^rolled back by Argo Rollouts/) });
    expect(after.recommendations[0]?.evidence).toContainEqual(expect.stringMatching(/^payments-api:42 deployed 1h\d+m ago/));
  });

  it('the advice stays, says the rollback stands, and what the undo may have left the Rollout set to', () => {
    expect(after.recommendations[0]?.text, JSON.stringify(after.recommendations)).toMatch(/^Rolled back to :41 \(as :43\) \d+m ago: the burn has stopped/);
    expect(after.recommendations[0]?.evidence[0]).toBe('act-2, an undo, failed its check: payments-api:42 may still be what the workload is set to, and a retry rolls it out again');
  });

  it('the step stays done by the rollback that stands, and says its undo failed its check', () => {
    const step = stepOf(after, 'rollback');
    // The undo went forward to :42's build: "the rollback to payments-api:42" stood beside "the undo of act-1".
    // What the undo may have left first: at 80x24 the line is cut at its end, and the advice's evidence is folded away.
    expect(step, JSON.stringify(step)).toMatchObject({ status: 'done', detail: expect.stringMatching(/^act-2, its undo, failed its check: payments-api:42 may still be what the workload is set to \(AnalysisRun .*: the roll forward to payments-api:42 did not pass its analysis\)$/) });
    expect(step.undone).toBeUndefined();
    // Not undone again from the step: the Rollout may still be set to the bad build's template. U says why (it read
    // "has no change to undo").
    expect(step.undo).toBeUndefined();
    expect(step.undoRefused).toBe('act-2, its undo, failed its check: what it changed is not known; see what runs now in the deploys panel');
    expect(after.incident.openEnds?.steps ?? [], JSON.stringify(after.incident.openEnds)).not.toContainEqual(expect.stringMatching(/Roll back/));
  });

  it('the drill report does not list the step as not done, nor say the undo undid it', async () => {
    const report = await h.drill.score();
    expect(report.findings.filter((line) => line.startsWith('Step not done: 3.')), JSON.stringify(report.findings)).toEqual([]);
    expect(report.findings).toContain('act-2 tried to undo act-1, typed through its safety block, and failed its check (not scored).');
  });

  it('the postmortem says the undo took nothing back', async () => {
    const { md } = await exportsOf(h);
    // "act-1's change stands" read as all well, the Rollout set to the bad build again (helper-143).
    expect(md).toMatch(/- Undoes: act-1 \(its check failed: what act-1 deployed still runs, but payments-api:\d+ may still be what the workload is set to, and a retry rolls it out again\)/);
    expect(md).not.toMatch(/\*\*Undone\*\* by act-2/);
  });

  // :44 is the bad build's (:42's) ReplicaSet, reused by the undo; :43 runs :41's build.
  it('Enter on the step plans one build back from the one that stands, passing over the bad build, not over :40', async () => {
    const { session } = h.drill;
    expect(await session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    await h.until((v) => v.confirmation !== undefined, 60_000);
    const asked = session.view().confirmation!;
    expect(asked.summary, JSON.stringify(asked)).toMatch(/from payments-api:43 to payments-api:40 /);
    expect(asked.safety.reasons, JSON.stringify(asked)).toContainEqual(expect.stringMatching(/^passes over payments-api:42, rolled back to payments-api:41 /));
    await session.dispatch({ type: 'cancel', action: asked.action });
  });
});
