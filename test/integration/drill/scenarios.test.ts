import { afterEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import { runAutopilot } from '../../../src/session/autopilot';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

let harness: DrillHarness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

const stepStatus = (h: DrillHarness, step: string) => h.drill.session.view().steps.find((s) => s.id === step)?.status;
/** Enter on a step with an action, as a responder does: the confirmation it opens. */
async function confirmationOf(h: DrillHarness, step: string) {
  await h.drill.session.dispatch({ type: 'step.run', step });
  await h.until((v) => v.confirmation !== undefined);
  return h.drill.session.view().confirmation!;
}
const dataOf = (events: StoredEvent[], kind: string) => events.filter((e) => e.kind === kind).map((e) => e.data as Record<string, unknown>);

describe('scripted drills through the session (no Ink), at unbounded speed', () => {
  it('bad-deploy: the page fires at the start; rolling back recovers the world and scores well', async () => {
    harness = await openDrill('bad-deploy', { autopilot: true });
    // :42 went out an hour before the page; nothing changed since.
    expect(harness.drill.session.view().recommendations).toEqual([
      expect.objectContaining({ kind: 'rollback', text: expect.stringMatching(/^Rollback recommended: checkout-api:42 deployed 1h before the trigger was seen firing/) }),
    ]);
    expect(harness.drill.world.recovered()).toBe(false);
    const targetOf = () => harness!.drill.session.view().deploys.data?.find((d) => d.rollbackTarget);
    expect(targetOf()).toMatchObject({ revision: 'checkout-api:41' });
    expect(targetOf()?.rollbackAgain).toBeUndefined();
    expect(await harness.runStep('rollback')).toBe('succeeded');
    // No further rollback is pointed at while the burn judges this one, nor after it worked (`↩ again :40`
    // read as an invitation to roll back further, to a build with a migration).
    expect(targetOf()).toBeUndefined();
    // Rolled back: the cockpit waits for the burn to fall instead of recommending anything again.
    expect(harness.drill.session.view().recommendations.map((r) => r.kind)).not.toContain('rollback');
    expect(await harness.runStep('burn-normal')).toBe('passed');
    expect(harness.drill.world.recovered()).toBe(true);
    expect(targetOf()).toBeUndefined();
    const report = await harness.drill.score();
    expect(report).toMatchObject({ recovered: true, recoveryChecksPassed: true, riskyOrWrong: [], overrides: [] });
    expect(report.score).toBeGreaterThanOrEqual(90);
    // the real ecs plugin drove the sandbox's ECS API through the AWS SDK
    const operations = harness.drill.world.ecs!.requests.map((r) => r.operation);
    expect(operations).toContain('UpdateService');
    expect(harness.drill.world.ecs!.requests.find((r) => r.operation === 'UpdateService')?.body).toMatchObject({ taskDefinition: 'checkout-api:41' });
    expect(dataOf(await harness.events(), 'drill.scored')).toEqual([expect.objectContaining({ score: report.score, max: 100 })]);
  });

  it('bad-flag: the flag kill switch recovers the world', async () => {
    harness = await openDrill('bad-flag', { autopilot: true });
    // checkout_v2 was turned on 55m before the start, long after :42 went out.
    expect(harness.drill.session.view().recommendations).toEqual([
      // The step that makes the change is named: at 100x30 the list showed step 3 alone beside "next: 1.".
      expect.objectContaining({ kind: 'flag-kill-switch', runStep: 2, text: expect.stringMatching(/^Flag kill switch recommended: checkout_v2 changed 5\dm ago, after the last deploy before the burn \(checkout-api:42, 3h\d*m? ago\)$/) }),
    ]);
    expect(await harness.drill.session.dispatch({ type: 'step.complete', step: 'confirm-impact' })).toEqual({ ok: true });
    expect(await harness.runStep('disable-flag')).toBe('succeeded');
    // While the burn falls, the runbook points past the rollback (the flag was the cause), at the recovery check
    // first: after a mitigation `◀ next` stayed on an earlier step, and a responder resolved before the check ran.
    await harness.until((v) => v.recommendations[0]?.kind === 'waiting-for-recovery');
    const waiting = harness.drill.session.view();
    expect(waiting.steps[waiting.nextStep]?.id).toBe('burn-normal');
    expect(waiting.passedOver).toMatchObject({ why: 'not needed unless the burn goes on' });
    expect(waiting.passedOver.indexes.map((i) => waiting.steps[i]!.id)).toEqual(expect.arrayContaining(['rollback', 'page-db']));
    // And for the next 25 drill-minutes, as the windows drain: while the SLO is not ok a line says
    // what the screen waits on, and the pointer never goes back to the rollback (a responder saw
    // both go wrong 13 drill-minutes in: the 1h trigger cleared while the 6h rule's 30m window drained).
    const seen = new Set<string>();
    await harness.until((v) => {
      const slo = v.slos.data?.[0];
      if (slo !== undefined && slo.status !== 'ok' && v.recommendations.length === 0) seen.add(`${slo.status} with no recommendation`);
      if (v.steps[v.nextStep]?.id === 'rollback') seen.add('next: rollback');
      return false;
    }, 25 * 60_000);
    expect([...seen]).toEqual([]);
    expect(await harness.runStep('burn-normal')).toBe('passed');
    const report = await harness.drill.score();
    expect(report).toMatchObject({ recovered: true, riskyOrWrong: [] });
    expect(report.findings).toContain('Recovery checks passed.');
  });

  // A responder quit two minutes (then 40 s) after the kill switch: the report said "The world did NOT recover:
  // the service is still burning its error budget" of errors that had stopped (its 5m window still held them).
  it('bad-flag quit 40 seconds after the kill switch: the world recovered, though no check confirmed it yet', async () => {
    harness = await openDrill('bad-flag', { autopilot: true });
    expect(await harness.runStep('disable-flag')).toBe('succeeded');
    await harness.pass(40_000);
    // The 5m window still burns: the cockpit could not tell yet, the sandbox's world can.
    expect(harness.drill.session.view().slos.data?.[0]?.status).not.toBe('ok');
    expect(harness.drill.world.recovered()).toBe(true);
    const report = await harness.drill.score();
    expect(report.findings[0]).toBe("The world recovered (the sandbox's error ratio is under the SLO budget now; the SLO's windows drain after it), but the runbook's recovery checks did not confirm it.");
  });

  it('bad-flag: a rollback does not recover the world, and the report says it was the wrong action', async () => {
    harness = await openDrill('bad-flag', { autopilot: true });
    expect(await harness.runStep('rollback')).toBe('succeeded');
    await harness.pass(20 * 60_000);
    expect(harness.drill.world.recovered()).toBe(false);
    // Still the kill switch: the burn began with the flag, and the rollback is named as not addressing it.
    const [recommendation] = harness.drill.session.view().recommendations;
    // The rollback's own deploy is newer than the flag change now: the text names the last deploy before the burn.
    expect(recommendation).toMatchObject({ kind: 'flag-kill-switch', text: expect.stringMatching(/^Flag kill switch recommended: checkout_v2 changed .*, after the last deploy before the burn \(checkout-api:42, .*\); rolling back to :41 did not stop it$/) });
    expect(recommendation!.evidence).toContain('rolled back checkout-api:42 → checkout-api:41 already: the burn began with the flag, not the deploy');
    const report = await harness.drill.score();
    expect(report).toMatchObject({ recovered: false, recoveryChecksPassed: false });
    expect(report.riskyOrWrong).toEqual([expect.objectContaining({ name: 'deploys.rollback', verdict: 'wrong', ran: true })]);
    expect(report.findings[0]).toBe('The world did NOT recover: the service is still burning its error budget.');
    expect(report.score).toBeLessThan(30);
    // What the responder changed and left so is said, as the screen says it (the burn went on after the rollback).
    expect(report.findings).toContainEqual(expect.stringMatching(/^Left changed \(a follow-up, no penalty\): checkout-api:41 still runs: rolled back from checkout-api:42 .*: either checkout-api:42 is not the cause \(roll forward\?\) or checkout-api:41 is as bad \(roll back further\?\)$/));
  });

  it('bad-flag: the rollback\'s confirmation says it is not the recommended change; the kill switch\'s does not', async () => {
    // A responder confirmed a rollback offered as "✓ SAFE" just after "Flag kill switch recommended".
    harness = await openDrill('bad-flag');
    const { session } = harness.drill;
    const rollback = await confirmationOf(harness, 'rollback');
    expect(rollback.safety.level).toBe('ok');
    expect(rollback.recommendedInstead).toMatch(/^Flag kill switch recommended: checkout_v2 changed /);
    await session.dispatch({ type: 'cancel', action: rollback.action });
    await harness.until((v) => v.confirmation === undefined);
    const flag = await confirmationOf(harness, 'disable-flag');
    expect(flag).not.toHaveProperty('recommendedInstead');
    await session.dispatch({ type: 'confirm', action: flag.action });
    // The kill switch made, its burn waited on: a rollback now is no recommended change either
    // (a rollback forced right after the kill switch showed no warning).
    await harness.until((v) => v.recommendations.some((r) => r.kind === 'waiting-for-recovery'));
    const after = await confirmationOf(harness, 'rollback');
    expect(after.recommendedInstead).toMatch(/^checkout_v2 set to off/);
  });

  it('irreversible-migration: the rollback is blocked by the safety check; the autopilot never forces it', async () => {
    harness = await openDrill('irreversible-migration', { autopilot: true });
    expect(harness.drill.session.view().recommendations.map((r) => r.kind)).toEqual(['flag-kill-switch']);
    expect(await harness.runStep('rollback')).toBe('cancelled');
    expect(harness.drill.world.ecs!.requests.map((r) => r.operation)).not.toContain('UpdateService');
    const cancelled = dataOf(await harness.events(), 'action.cancelled');
    expect(cancelled[0]!.reason).toMatch(/^autopilot never overrides a safety block \(blocked: .*contract/);
    expect(await harness.drill.session.dispatch({ type: 'step.complete', step: 'confirm-impact' })).toEqual({ ok: true });
    expect(await harness.runStep('disable-flag')).toBe('succeeded');
    // While the burn falls, the runbook points past the rollback (the flag was the cause), at the recovery check
    // first: after a mitigation `◀ next` stayed on an earlier step, and a responder resolved before the check ran.
    await harness.until((v) => v.recommendations[0]?.kind === 'waiting-for-recovery');
    const waiting = harness.drill.session.view();
    expect(waiting.steps[waiting.nextStep]?.id).toBe('burn-normal');
    expect(waiting.passedOver).toMatchObject({ why: 'not needed unless the burn goes on' });
    expect(waiting.passedOver.indexes.map((i) => waiting.steps[i]!.id)).toEqual(expect.arrayContaining(['rollback', 'page-db']));
    expect(await harness.runStep('burn-normal')).toBe('passed');
    // The blocked target is still shown while the incident is open; marked mitigated, no rollback target is (`⊘ target :41` stood through resolve).
    const target = () => harness!.drill.session.view().deploys.data?.find((d) => d.rollbackTarget);
    expect(target()).toMatchObject({ revision: 'checkout-api:41', rollbackBlocked: true });
    expect(await harness.drill.session.dispatch({ type: 'incident.mitigated', summary: 'kill switch' })).toEqual({ ok: true });
    expect(target()).toBeUndefined();
    const report = await harness.drill.score();
    expect(report.recovered).toBe(true);
    expect(report.riskyOrWrong).toEqual([expect.objectContaining({ verdict: 'risky', ran: false, outcome: 'declined' })]);
    // Saying no at the confirmation is the judgement the scenario rehearses: not "attempted, forced through".
    expect(report.findings).toContain('Risky plan declined at the confirmation: deploys.rollback (not run, no penalty).');
    expect(report.findings.join('\n')).not.toMatch(/forced through/);
  });

  it('irreversible-migration: the rollback step says it is blocked, and why, before anyone runs it (it read only `to do`)', async () => {
    harness = await openDrill('irreversible-migration');
    await harness.until((v) => v.steps.find((s) => s.id === 'rollback')?.detail !== undefined);
    expect(harness.drill.session.view().steps.find((s) => s.id === 'rollback')).toMatchObject({ status: 'pending', detail: 'blocked: contract migration in :42 (forcing it takes a typed confirmation)', blocked: true });
  });

  it('irreversible-migration: declining the blocked rollback says on its step that its safety check blocked it', async () => {
    harness = await openDrill('irreversible-migration');
    const { session } = harness.drill;
    const { action } = await confirmationOf(harness, 'rollback');
    expect(await session.dispatch({ type: 'cancel', action })).toEqual({ ok: true });
    const declined = 'declined by the responder, blocked by its safety check';
    await harness.until((v) => v.steps.find((s) => s.id === 'rollback')?.detail !== undefined);
    expect(session.view().steps.find((s) => s.id === 'rollback')?.detail).toBe(`last attempt not run: ${declined}`);
    expect(dataOf(await harness.events(), 'action.cancelled')).toEqual([{ action, reason: declined }]);
  });

  it('irreversible-migration: forcing past the block needs the override phrase, is recorded, and makes things worse', async () => {
    harness = await openDrill('irreversible-migration');
    const { session } = harness.drill;
    const confirmation = await confirmationOf(harness, 'rollback');
    expect(confirmation.safety.level).toBe('blocked');
    expect(await session.dispatch({ type: 'confirm', action: confirmation.action })).toMatchObject({ ok: false });
    expect(await session.dispatch({ type: 'confirm', action: confirmation.action, typed: confirmation.typeToConfirm })).toEqual({ ok: true });
    await harness.until(() => stepStatus(harness!, 'rollback') === 'done');
    await harness.pass(15 * 60_000);
    expect(harness.drill.world.recovered()).toBe(false);
    const report = await harness.drill.score();
    expect(report.overrides).toEqual([confirmation.action]);
    expect(report.riskyOrWrong).toEqual([expect.objectContaining({ verdict: 'risky', ran: true, outcome: 'overridden' })]);
    expect(report.findings).toContain(`Risky action forced through a safety block: deploys.rollback (${confirmation.action}) — :41 cannot read the schema :42's contract migration left behind; forced through, it fails most requests`);
  });

  it('irreversible-migration: the kill switch stops the burn, then the rollback forced through brings it back: the rollback is named as the likely cause', async () => {
    harness = await openDrill('irreversible-migration');
    const { session } = harness.drill;
    expect(await session.dispatch({ type: 'confirm', action: (await confirmationOf(harness, 'disable-flag')).action })).toEqual({ ok: true });
    await harness.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    const confirmation = await confirmationOf(harness, 'rollback');
    expect(await session.dispatch({ type: 'confirm', action: confirmation.action, typed: confirmation.typeToConfirm })).toEqual({ ok: true });
    const blamed = await harness.until((v) => v.recommendations[0]?.kind === 'made-worse', 20 * 60_000);
    expect(blamed).toBe(true);
    expect(session.view().recommendations[0]!.text).toMatch(/^Rolled back to :41 \d+[ms] ago, and the burn came back \(5m \d+\.\dx\): it had stopped \(5m 0\.\dx\) before that change, the likely cause; undo it: deploy :42 again$/);
    // A second rollback, further back, goes against that advice: the confirmation says so.
    await harness.until((v) => v.steps.find((step) => step.id === 'rollback')?.status !== 'running', 30 * 60_000);
    const again = await confirmationOf(harness, 'rollback');
    // Run again, the step goes where the advice's undo would: :41 is known bad (the burn came back after it), :42 ran
    // clean once the flag was off. It planned :40 (a build from before :42's migration too), "not the recommended change".
    expect(again.summary).toBe('Roll checkout-api forward from checkout-api:41 to checkout-api:42 (deploy the target task definition)');
    expect(again.recommendedInstead).toBeUndefined();
  });

  it('slow-burn: only the 6h trigger fires, and a rollback clears it', async () => {
    harness = await openDrill('slow-burn', { autopilot: true });
    const fired = harness.drill.session.view().slos.data?.[0]?.firedTriggers.map((t) => t.label);
    expect(fired).toEqual(['6x on 6h+30m']);
    expect(harness.drill.session.view().recommendations).toEqual([
      expect.objectContaining({ kind: 'rollback', text: expect.stringMatching(/^Rollback recommended: checkout-api:42 deployed 5h30m before the trigger was seen firing/) }),
    ]);
    expect(await harness.runStep('rollback')).toBe('succeeded');
    // The 30m window drains and the trigger clears; the 6h window stays high for hours, so the SLO
    // is recovering (never "ok"), and the cockpit says the 5m window shows the burn stopped (as the
    // recovery check reads it) and what the 6h window still holds.
    expect(await harness.until((v) => v.slos.data?.[0]?.firedTriggers.length === 0)).toBe(true);
    const recovering = harness.drill.session.view();
    expect(recovering.slos.data?.[0]?.status).toBe('recovering');
    expect(recovering.recommendations).toEqual([expect.objectContaining({ kind: 'waiting-for-recovery', asks: 'mitigated', text: expect.stringMatching(/^Rolled back to :41 \d+m ago: the burn has stopped \(5m 0\.\dx\) · m mitigated; the 6h window still holds the outage \(\d+\.\dx\)$/) })]);
    expect(await harness.runStep('burn-normal')).toBe('passed');
    expect((await harness.drill.score()).recovered).toBe(true);
  });

  it('the same scenario, seed and inputs give the same events and score', { timeout: 120_000 }, async () => {
    const run = async () => {
      const h = await openDrill('bad-deploy', { autopilot: true });
      try {
        const report = await runAutopilot(h.drill, h.runbook);
        const sandbox = h.drill.world.sandboxDir;
        const events = (await h.events()).map((e) => JSON.stringify({ seq: e.seq, at: e.at, kind: e.kind, actor: e.actor, data: e.data }).replaceAll(sandbox, '<sandbox>').replaceAll(e.incident, '<incident>'))
          // A real child process (the runbook's db-health script) takes the time it takes.
          .map((line) => line.replace(/after \d+ms/g, 'after <ms>').replace(/"durationMs":\d+/g, '"durationMs":0'));
        return { report: { ...report, incident: '<incident>' }, events };
      } finally {
        await h.cleanup();
      }
    };
    const first = await run();
    const second = await run();
    expect(second.report).toEqual(first.report);
    expect(second.events).toEqual(first.events);
    expect(first.events.length).toBeGreaterThan(40);
  });
});
