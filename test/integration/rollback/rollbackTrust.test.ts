import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import type { CockpitView } from '../../../src/session/viewModel';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * Issue #13, scripted through the session (no Ink) against the sandbox's ECS endpoint and the
 * real ecs plugin: the rollback target after a rollback, a second rollback, and a stale plan.
 */
let harness: DrillHarness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

const dataOf = (events: StoredEvent[], kind: string) => events.filter((e) => e.kind === kind).map((e) => e.data as Record<string, unknown>);
const targetRow = (view: CockpitView) => view.deploys.data?.find((d) => d.rollbackTarget);
const short = (revision: string | undefined) => revision?.slice(revision.lastIndexOf(':'));

async function confirmation(h: DrillHarness, notAction?: string): Promise<NonNullable<CockpitView['confirmation']>> {
  const shown = await h.until((v) => v.confirmation !== undefined && v.confirmation.action !== notAction);
  if (!shown) throw new Error(`no confirmation came up: ${JSON.stringify(h.drill.session.view().timeline)}`);
  return h.drill.session.view().confirmation!;
}

async function rollBack(h: DrillHarness): Promise<void> {
  expect((await h.drill.session.dispatch({ type: 'step.run', step: 'rollback' })).ok).toBe(true);
  const asked = await confirmation(h);
  expect((await h.drill.session.dispatch({ type: 'confirm', action: asked.action })).ok).toBe(true);
  expect(await h.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done' && v.running.length === 0)).toBe(true);
}

describe('a rollback you can trust', () => {
  it('the panel marks the plan\'s target; after a rollback the bad build is marked bad and never offered again', async () => {
    harness = await openDrill('bad-deploy');
    const before = harness.drill.session.view();
    expect(before.deploys.data?.find((d) => d.current)?.revision).toBe('checkout-api:42');
    expect(targetRow(before)?.revision).toBe('checkout-api:41');

    await rollBack(harness);
    // The preview is planned again from the new deploys and what the incident now knows.
    expect(await harness.until((v) => v.deploys.data?.find((d) => d.current)?.revision === 'checkout-api:41' && short(targetRow(v)?.revision) !== ':41')).toBe(true);
    const after = harness.drill.session.view();
    expect(targetRow(after)?.revision).not.toBe('checkout-api:42');
    const bad = after.deploys.data?.filter((d) => d.knownBad !== undefined).map((d) => [d.revision, d.knownBad]);
    expect(bad).toEqual([['checkout-api:42', expect.stringMatching(/^rolled back to checkout-api:41 by \S+ \(act-\d+\) at \d\d:\d\dZ$/)]]);

    // A second Enter on the done step is a new decision: the target is typed on purpose, and it is not :42.
    expect((await harness.drill.session.dispatch({ type: 'step.run', step: 'rollback' })).ok).toBe(true);
    const second = await confirmation(harness);
    expect(second.summary).toMatch(/from checkout-api:41 to checkout-api:40/);
    expect(second.summary).not.toMatch(/to checkout-api:42/);
    expect(second.typeToConfirm).toBe('checkout-api:40');
    expect(second.typeReason).toMatch(/already ran in this incident \(act-\d+\)/);
    expect((await harness.drill.session.dispatch({ type: 'confirm', action: second.action, typed: 'checkout-api-yes' })).ok).toBe(false);
    expect((await harness.drill.session.dispatch({ type: 'cancel', action: second.action })).ok).toBe(true);
  });

  it('naming the bad build on purpose is blocked behind its override phrase', async () => {
    harness = await openDrill('bad-deploy');
    await rollBack(harness);
    const runbook = harness.runbook;
    const step = runbook.first_actions.find((s) => s.id === 'rollback')!;
    step.run = { ...step.run!, target: '42' };
    expect((await harness.drill.session.dispatch({ type: 'step.run', step: 'rollback' })).ok).toBe(true);
    const asked = await confirmation(harness);
    expect(asked.summary).toMatch(/to checkout-api:42/);
    expect(asked.safety.level).toBe('blocked');
    expect(asked.safety.reasons[0]).toMatch(/^checkout-api:42 is known bad: rolled back to checkout-api:41 by \S+ \(act-\d+\)/);
    expect(asked.typeToConfirm).toBe('roll forward to known-bad checkout-api:42');
    await harness.drill.session.dispatch({ type: 'cancel', action: asked.action });
  });

  it('a plan made stale by a teammate\'s deploy before confirming is refused with what changed, and planned again', async () => {
    harness = await openDrill('bad-deploy');
    expect((await harness.drill.session.dispatch({ type: 'step.run', step: 'rollback' })).ok).toBe(true);
    const first = await confirmation(harness);
    expect(first.summary).toMatch(/from checkout-api:42 to checkout-api:41/);

    // A teammate deploys :40 through the same ECS API while the dialog is up.
    const ecs = new ECSClient({ region: 'us-east-1', endpoint: harness.drill.world.ecs!.url });
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:40' }));
    ecs.destroy();
    // Its rollout over (while it rolls out, a rollback is under way: the next test).
    await harness.pass(5 * 60_000);

    expect((await harness.drill.session.dispatch({ type: 'confirm', action: first.action })).ok).toBe(true);
    const second = await confirmation(harness, first.action);
    expect(second.summary).toMatch(/from checkout-api:40 to/);
    // The dialog that comes back says why (it came back with another verdict, unexplained).
    expect(second.replanned).toMatch(/^Planned again: the deploy state changed after the first plan was confirmed, and it did not run \(current revision: checkout-api:42 → checkout-api:40/);
    expect(first.replanned).toBeUndefined();
    const events = await harness.events();
    const cancelled = dataOf(events, 'action.cancelled').find((d) => d.action === first.action);
    expect(String(cancelled?.reason)).toMatch(/^refused: the deploy state changed since the plan \(current revision: checkout-api:42 → checkout-api:40/);
    // Nothing ran for the stale plan: ECS saw the teammate's UpdateService only.
    expect(harness.drill.world.ecs!.requests.filter((r) => r.operation === 'UpdateService').map((r) => r.body)).toEqual([expect.objectContaining({ taskDefinition: 'checkout-api:40' })]);
    await harness.drill.session.dispatch({ type: 'cancel', action: second.action });
  });

  // A real rig (moto): a teammate's rollback :4 → :3 rolling out; `Roll back` planned forward to :4, the build burning,
  // as `✓ Its safety checks pass`.
  it("a teammate's rollback still rolling out when the plan is confirmed: nothing runs, and the step says a rollback is under way", async () => {
    harness = await openDrill('bad-deploy');
    expect((await harness.drill.session.dispatch({ type: 'step.run', step: 'rollback' })).ok).toBe(true);
    const first = await confirmation(harness);
    const ecs = new ECSClient({ region: 'us-east-1', endpoint: harness.drill.world.ecs!.url });
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:40' }));
    ecs.destroy();

    expect((await harness.drill.session.dispatch({ type: 'confirm', action: first.action })).ok).toBe(true);
    expect(await harness.until((v) => /a rollback is already under way/.test(v.steps.find((s) => s.id === 'rollback')?.detail ?? ''))).toBe(true);
    expect(harness.drill.session.view().steps.find((s) => s.id === 'rollback')?.detail).toMatch(/checkout-api:40 is rolling out now \(since \d\d:\d\d:\d\dZ\), replacing checkout-api:42: a rollback is already under way/);
    expect(harness.drill.session.view().confirmation).toBeUndefined();
    expect(harness.drill.world.ecs!.requests.filter((r) => r.operation === 'UpdateService').map((r) => r.body)).toEqual([expect.objectContaining({ taskDefinition: 'checkout-api:40' })]);
  });

  it('Esc on a verifying rollback stops the watch, not the rollout: it finishes, and Enter on the step shows it done and verified', async () => {
    harness = await openDrill('bad-deploy');
    expect((await harness.drill.session.dispatch({ type: 'step.run', step: 'rollback' })).ok).toBe(true);
    const asked = await confirmation(harness);
    await harness.drill.session.dispatch({ type: 'confirm', action: asked.action });
    expect(await harness.until((v) => v.running.some((r) => r.action === asked.action && r.phase === 'verifying'))).toBe(true);
    expect((await harness.drill.session.dispatch({ type: 'cancel', action: asked.action })).ok).toBe(true);
    expect(await harness.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'unwatched')).toBe(true);
    expect(harness.drill.session.view().steps.find((s) => s.id === 'rollback')?.detail).toMatch(/^running, not watched \(Enter checks it again\): the responder stopped watching; the change goes on in the provider/);

    // ECS finishes the rollout with nobody watching; Enter on the step checks it again.
    await harness.pass(10 * 60_000);
    expect((await harness.drill.session.dispatch({ type: 'step.run', step: 'rollback' })).ok).toBe(true);
    expect(await harness.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done')).toBe(true);
    const events = await harness.events();
    expect(dataOf(events, 'action.unwatched')).toEqual([{ action: asked.action, reason: 'the responder stopped watching; the change goes on in the provider' }]);
    expect(dataOf(events, 'action.cancelled')).toEqual([]);
    expect(dataOf(events, 'verify.passed').filter((d) => d.action === asked.action)).toHaveLength(1);
    // Checked again, not planned again: one plan, one UpdateService.
    expect(dataOf(events, 'action.planned')).toHaveLength(1);
    expect(harness.drill.world.ecs!.requests.filter((r) => r.operation === 'UpdateService')).toHaveLength(1);
  });

  it('quitting while a rollback is verified records that the responder quit while it ran, not a cancel', async () => {
    harness = await openDrill('bad-deploy');
    await harness.drill.session.dispatch({ type: 'step.run', step: 'rollback' });
    const asked = await confirmation(harness);
    await harness.drill.session.dispatch({ type: 'confirm', action: asked.action });
    expect(await harness.until((v) => v.running.some((r) => r.action === asked.action && r.phase === 'verifying'))).toBe(true);
    const events = harness.events.bind(harness);
    await harness.drill.session.close();
    const recorded = await events();
    expect(dataOf(recorded, 'action.unwatched')).toEqual([{ action: asked.action, reason: expect.stringMatching(new RegExp(`^the responder quit while ${asked.action} \\(Roll back checkout-api from checkout-api:42 to checkout-api:41`)) }]);
    expect(dataOf(recorded, 'action.cancelled')).toEqual([]);
  });
});
