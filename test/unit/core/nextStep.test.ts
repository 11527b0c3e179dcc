import { describe, expect, it } from 'vitest';
import { nextStepIndex, passedOver } from '../../../src/core/nextStep';

const RUNBOOK = [
  { id: 'confirm-impact', status: 'done' },
  { id: 'disable-flag', status: 'done', action: 'flags.set' },
  { id: 'rollback', status: 'pending', action: 'deploys.rollback' },
  { id: 'page-db', status: 'pending', action: 'command.run' },
  { id: 'burn-normal', status: 'pending' },
];
const steps = (overrides: Record<string, string> = {}) => RUNBOOK.map((step) => ({ ...step, status: overrides[step.id] ?? step.status }));

describe('the step the runbook points at next', () => {
  // A responder's bad-flag drill: after the undo of the kill switch that worked, the advice asked for it again
  // (`Not paged again yet: Flag kill switch recommended`), and "next" pointed at the rollback.
  it('the undone step, when the advice asks for its change again; never otherwise', () => {
    const undone = RUNBOOK.map((step) => (step.id === 'disable-flag' ? { ...step, status: 'pending', undone: 'act-2' } : step));
    expect(nextStepIndex(undone, [{ kind: 'flag-kill-switch' }])).toBe(1);
    expect(nextStepIndex(undone, [{ kind: 'rollback' }])).toBe(2);
    expect(nextStepIndex(undone, [{ kind: 'not-recovering' }])).toBe(2);
  });

  // helper-139's real rig: the incident after one resolved while burning, the kill switch left on by that one: `◀ next`
  // went to `2. Turn off checkout_v2`, and Enter offered `checkout_v2: defaultVariant off → off` as `✓ SAFE`.
  it('never a step whose change is so already (its flag serves it), whatever the advice asks for', () => {
    const inEffect = RUNBOOK.map((step) => (step.id === 'disable-flag' ? { ...step, status: 'pending', inEffect: 'checkout_v2 is set to off already: nothing to change' } : step));
    expect(nextStepIndex(inEffect, [{ kind: 'not-recovering' }])).toBe(2);
    expect(nextStepIndex(inEffect, [{ kind: 'flag-kill-switch' }])).toBe(2);
    expect(nextStepIndex(inEffect.map((step) => (step.id === 'confirm-impact' ? { ...step, status: 'pending' } : step)), [{ kind: 'not-recovering' }])).toBe(0);
  });

  // payments-api-rollout at 100x30: after the mitigation `◀ next` stayed on `1. Confirm failed payments`, the recovery
  // check off screen, and a responder following the screen resolved before the check ran.
  it('once a mitigation worked, the recovery check before the steps left open', () => {
    const withPhases = RUNBOOK.map((step) => ({ ...step, phase: step.id === 'burn-normal' ? 'recovery' : 'first_actions' }));
    const open = withPhases.map((step) => (step.id === 'confirm-impact' ? { ...step, status: 'pending' } : step));
    expect(nextStepIndex(open, [{ kind: 'waiting-for-recovery' }])).toBe(4);
    // Confirming the impact, a step done by hand, stays open: not "passed over: not needed" (two team drills read it so).
    expect(passedOver(open, 4, [{ kind: 'waiting-for-recovery' }])).toEqual({ indexes: [2, 3], why: 'not needed unless the burn goes on' });
    // While it still burns, the runbook's order.
    expect(nextStepIndex(open, [{ kind: 'not-recovering' }])).toBe(0);
    // Once the check passed, not back to the look before the change that worked (its hint reads as if the outage were
    // on): it stays open and unpassed; the step after the change is next (nothing, once that is done).
    const checked = open.map((step) => (step.id === 'burn-normal' ? { ...step, status: 'done' } : step));
    expect(nextStepIndex(checked, [])).toBe(3);
    expect(nextStepIndex(checked.map((step) => (step.id === 'page-db' ? { ...step, status: 'done' } : step)), [])).toBe(-1);
    expect(passedOver(checked, -1, []).indexes).not.toContain(0);
  });

  it('the first one neither done nor skipped, while something still burns or nothing was done', () => {
    expect(nextStepIndex(steps(), [{ kind: 'flag-kill-switch' }])).toBe(2);
    expect(nextStepIndex(steps(), [{ kind: 'not-recovering' }])).toBe(2);
    expect(nextStepIndex(steps({ rollback: 'skipped', 'page-db': 'done', 'burn-normal': 'done' }), [])).toBe(-1);
  });

  it('while the burn falls after the responder\'s kill switch, past another mitigation not yet started', () => {
    // A responder's bad-flag drill: "next: 3. Roll back" stayed after the flag change was verified.
    expect(nextStepIndex(steps(), [{ kind: 'waiting-for-recovery' }])).toBe(3);
    // And once nothing is left to recommend (the windows drained under their rules): still past it.
    expect(nextStepIndex(steps(), [])).toBe(3);
    expect(nextStepIndex(steps({ 'page-db': 'skipped' }), [{ kind: 'waiting-for-recovery' }])).toBe(4);
    // A rollback already under way is still the responder's business.
    expect(nextStepIndex(steps({ rollback: 'running' }), [{ kind: 'waiting-for-recovery' }])).toBe(2);
    // One that failed is passed over, said so: an aborted Argo rollback read "✖ 3. Roll the Rollout
    // back FAILED ◀ next" after the kill switch had stopped the burn, inviting a retry.
    expect(nextStepIndex(steps({ rollback: 'failed' }), [{ kind: 'waiting-for-recovery' }])).toBe(3);
    expect(passedOver(steps({ rollback: 'failed' }), 3, [{ kind: 'waiting-for-recovery' }])).toEqual({ indexes: [2], why: 'not needed unless the burn goes on' });
    // Mitigated, nothing burning, no advice: nothing is waited on (said so at resolve, everything verified).
    expect(passedOver(steps({ rollback: 'failed' }), 3, [])).toEqual({ indexes: [2], why: 'not needed: a mitigation was made' });
    // No advice because nothing reads the burn (a watch of a sandbox drill): nothing says the burn is over.
    expect(passedOver(steps({ rollback: 'failed' }), 3, [], { burnUnknown: true })).toEqual({ indexes: [2], why: 'not needed unless the burn goes on' });
    // While the burn goes on, it is the responder's business again.
    expect(nextStepIndex(steps({ rollback: 'failed' }), [{ kind: 'not-recovering' }])).toBe(2);
    // Only mitigations left (the recovery check passed): nothing is next, not the rollback the flag made needless.
    expect(nextStepIndex(steps({ 'page-db': 'done', 'burn-normal': 'done' }), [{ kind: 'waiting-for-recovery' }])).toBe(-1);
    expect(nextStepIndex(steps({ 'page-db': 'done', 'burn-normal': 'done' }), [])).toBe(-1);
    // Until the burn goes on again.
    expect(nextStepIndex(steps({ 'page-db': 'done', 'burn-normal': 'done' }), [{ kind: 'not-recovering' }])).toBe(2);
    // Two SLOs, one still burning: the pointer stays.
    expect(nextStepIndex(steps(), [{ kind: 'waiting-for-recovery' }, { kind: 'rollback' }])).toBe(2);
    // No mitigation of the responder's done yet: the runbook's order.
    expect(nextStepIndex(steps({ 'disable-flag': 'pending' }), [])).toBe(1);
  });

  // order-worker: after the rollback worked, "next: 1. Pause the consumers" (a healthy worker), even
  // once the recovery check had passed.
  it('past what the runbook put before the mitigation that worked, said as passed over', () => {
    const worker = [
      { status: 'pending', action: 'command.run' },
      { status: 'pending', action: 'command.run' },
      { status: 'done', action: 'deploys.rollback' },
      { status: 'pending', action: 'command.run' },
      { status: 'done' },
    ];
    expect(nextStepIndex(worker, [{ kind: 'waiting-for-recovery' }])).toBe(3);
    expect(passedOver(worker, 3, [{ kind: 'waiting-for-recovery' }])).toEqual({ indexes: [0, 1], why: 'not needed unless the burn goes on' });
    // Paused first, then rolled back: resuming is what is next.
    expect(nextStepIndex([{ ...worker[0]!, status: 'done' }, ...worker.slice(1)], [])).toBe(3);
    // While it still burns, the runbook's order.
    expect(nextStepIndex(worker, [{ kind: 'not-recovering' }])).toBe(0);
    // A step done by hand before it keeps its place ("Confirm customer impact").
    expect(nextStepIndex([{ status: 'pending' }, ...worker], [])).toBe(0);
  });

  // payments-api: while the rollback was being verified (and after a resume), "next: 2. Turn off instant_payouts".
  // order-worker at 80x24: paused, rolled back, and `4. Resume the consumers` read "passed over: not needed: a
  // mitigation was made", in the resolve dialog, the drill report and the postmortem, the consumers still paused.
  it('a step that takes back one done (resume what was paused) is next once a mitigation was made, never passed over', () => {
    const worker = (paused: boolean) => [
      { status: paused ? 'done' : 'pending', action: 'command.run' },
      { status: 'pending', action: 'command.run' },
      { status: 'done', action: 'deploys.rollback' },
      { status: 'pending', action: 'command.run', reverses: { done: paused } },
      { status: 'pending', phase: 'recovery' },
    ];
    expect(nextStepIndex(worker(true), [{ kind: 'waiting-for-recovery' }])).toBe(3);
    expect(nextStepIndex(worker(true), [])).toBe(3);
    expect(passedOver(worker(true), 3, [])).toEqual({ indexes: [1], why: 'not needed: a mitigation was made' });
    // The check passed, the consumers still paused: resuming them is still next.
    expect(nextStepIndex([...worker(true).slice(0, 4), { status: 'done', phase: 'recovery' }], [])).toBe(3);
    // Never paused: nothing to resume; the check is next, and the resume is passed over with what else was not needed.
    expect(nextStepIndex(worker(false), [{ kind: 'waiting-for-recovery' }])).toBe(4);
    expect(passedOver(worker(false), 4, [{ kind: 'waiting-for-recovery' }]).indexes).toEqual([0, 1, 3]);
    expect(nextStepIndex([...worker(false).slice(0, 4), { status: 'done', phase: 'recovery' }], [])).toBe(-1);
    // Paused, rolled back, and the burn goes on: resuming the consumers is not next (the bad writes wait in the queue).
    const burning = [{ kind: 'not-recovering' as const }];
    expect(nextStepIndex(worker(true), burning)).toBe(1);
    const lookDone = worker(true).map((step, index) => (index === 1 ? { ...step, status: 'done' } : step));
    // Nor the recovery check: measured while the consumers are paused, it says nothing of the worker (helper-143).
    expect(nextStepIndex(lookDone, burning)).toBe(-1);
    expect(nextStepIndex(lookDone, [{ kind: 'waiting-for-recovery', falling: true }])).toBe(-1);
    const checked = [...lookDone.slice(0, 4), { status: 'done', phase: 'recovery' }];
    expect(nextStepIndex(checked, burning)).toBe(-1);
    expect(passedOver(checked, -1, burning)).toEqual({ indexes: [3], why: 'not while the burn goes on: it takes back a step done' });
    // Once nothing burns, it is next again.
    expect(nextStepIndex(checked, [])).toBe(3);
  });

  it('while a rollback runs (or goes on unwatched), past the other mitigation not yet started, which is said as passed over', () => {
    const acting = steps({ 'disable-flag': 'pending', rollback: 'running' });
    expect(nextStepIndex(acting, [{ kind: 'waiting-for-recovery' }])).toBe(2);
    expect(passedOver(acting, 2, [{ kind: 'waiting-for-recovery' }])).toEqual({ indexes: [1], why: 'a mitigation is under way' });
    expect(nextStepIndex(steps({ 'disable-flag': 'pending', rollback: 'unwatched' }), [{ kind: 'waiting-for-recovery' }])).toBe(2);
    // Before the recovery check: quit mid-rollout and resumed, `◀ next` went to the check and the rollout stayed unchecked.
    const withCheck = (status: string) => steps({ 'disable-flag': 'pending', rollback: status }).map((step) => (step.id === 'burn-normal' ? { ...step, phase: 'recovery' } : step));
    expect(nextStepIndex(withCheck('unwatched'), [{ kind: 'waiting-for-recovery' }])).toBe(2);
    expect(nextStepIndex(withCheck('running'), [{ kind: 'waiting-for-recovery' }])).toBe(4);
    // The burn says to do something else: the recommended change stays next.
    expect(nextStepIndex(acting, [{ kind: 'flag-kill-switch' }])).toBe(1);
  });

  it('before any mitigation, the one recommended: a pending one of the other kind before it is passed over', () => {
    // A responder read "next: 2. Turn off instant_payouts" beside "Rollback recommended" (bad-deploy).
    const fresh = steps({ 'disable-flag': 'pending', 'confirm-impact': 'done' });
    expect(nextStepIndex(fresh, [{ kind: 'rollback' }])).toBe(2);
    expect(nextStepIndex(fresh, [{ kind: 'flag-kill-switch' }])).toBe(1);
    expect(nextStepIndex(fresh, [{ kind: 'rollback-blocked' }])).toBe(1);
    // What is not a mitigation keeps its place: "Confirm customer impact" first.
    expect(nextStepIndex(steps({ 'disable-flag': 'pending', 'confirm-impact': 'pending' }), [{ kind: 'rollback' }])).toBe(0);
    // No open step for what is recommended: the runbook's order.
    expect(nextStepIndex(steps({ 'disable-flag': 'pending', rollback: 'skipped' }), [{ kind: 'rollback' }])).toBe(1);
    // Nothing recommended yet (no trigger fired): the runbook's order.
    expect(nextStepIndex(fresh, [])).toBe(1);
  });
});
