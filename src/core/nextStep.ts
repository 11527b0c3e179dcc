import type { Recommendation } from './recommendation';

/** The actions that mitigate a burn the recommendations know: a rollback and a flag kill switch. */
const MITIGATIONS = new Set(['deploys.rollback', 'flags.set']);

export const isMitigation = (action: string | undefined): boolean => MITIGATIONS.has(action ?? '');

interface Step {
  readonly status: string;
  readonly action?: string;
  /** A recovery check's phase (`recovery`): once a mitigation worked, what is next before the runbook's other steps. */
  readonly phase?: string;
  /** Its change was taken back (an undo): open again, but never pointed at (it was the change undone). */
  readonly undone?: string;
  /** It takes back an earlier step (the runbook's `reverses`): whether that one was done. */
  readonly reverses?: { readonly done: boolean };
  /** What its change would make is so already (flagInEffect.ts): nothing to do, never next. */
  readonly inEffect?: string;
}

/** A step that takes back one that was done (resume what was paused): never passed over, next once a mitigation was made. */
const followUp = (step: Step) => step.reverses?.done === true;
/** A step that would take back one never done: nothing to take back. */
const nothingToReverse = (step: Step) => step.reverses?.done === false;

/**
 * The step the runbook points at next: the first one neither done nor skipped. Once one of the
 * responder's mitigations is done and no SLO asks for more (every recommendation waits for the burn
 * to fall, or there is none left), a mitigation not yet started is passed over: after a kill switch
 * that worked, a responder's runbook kept saying "next: Roll back", a second change nobody needed
 * (and in that drill a blocked one). If the burn goes on, the recommendation says so ("look for
 * another cause") and the pointer comes back. The steps before the one returned that are still
 * open are the ones passed over (the runbook panel says so).
 */
export function nextStepIndex(steps: readonly Step[], recommendations: readonly Pick<Recommendation, 'kind' | 'falling'>[]): number {
  // A recovery check waits for what takes back a step done: one passed while order-worker's consumers were paused measured
  // a worker that processed nothing (`◀ next` went to the check before `4. Resume the consumers`, and the drill scored 100).
  const paused = steps.some((step) => followUp(step) && step.status !== 'done');
  const open = (step: Step) => step.status !== 'done' && step.status !== 'skipped' && step.undone === undefined && step.inEffect === undefined && !(paused && step.phase === 'recovery');
  const pendingMitigation = (step: Step) => step.status === 'pending' && isMitigation(step.action);
  // Under way counts (running, or made and not watched): while the rollback verified, "next" said
  // "2. Turn off instant_payouts", a second change nobody needed.
  const mitigated = steps.some((step) => (step.status === 'done' || underWay(step)) && isMitigation(step.action));
  const waiting = recommendations.every((r) => r.kind === 'waiting-for-recovery');
  // Past it even when nothing else is left: a responder whose recovery check had passed was led to
  // the rollback by "next" (and offered it as SAFE), the change the step's own hint says is only for
  // a flag that did not help. -1 then: nothing is next while the burn falls. Past a mitigation that
  // failed too (an Argo Rollout aborted): "✖ 3. Roll the Rollout back FAILED ◀ next" invited a retry
  // the kill switch had made needless. And past the actions the runbook put before the mitigation
  // that worked: after the rollback, order-worker's "next: 1. Pause the consumers" would pause a
  // healthy worker. A step done by hand ("Confirm customer impact") keeps its place.
  if (mitigated && waiting) {
    const worked = steps.findLastIndex((step) => step.status === 'done' && isMitigation(step.action));
    // Once the recovery checks passed, not back to a look placed before the change that worked: `◀ next` went to
    // `1. Confirm failed payments`, whose hint reads as if the outage were on (it stays open, to do by hand).
    const checks = steps.filter((step) => step.phase === 'recovery');
    const recovered = checks.length > 0 && checks.every((step) => step.status === 'done');
    // What takes back a step done waits for the burn to stop: right after the rollback verified, at 15.4x, `◀ next` went to
    // order-worker's `4. Resume the consumers`, into a worker not yet shown healthy (the paused bad writes wait in the queue).
    const falling = recommendations.some((r) => r.falling === true);
    const candidate = (step: Step, index: number) => open(step) && !passable(step) && !nothingToReverse(step) && !(falling && followUp(step)) && (index > worked || (step.action === undefined && !recovered));
    // What takes back a step done before comes first: order-worker's `4. Resume the consumers` read "passed over: not
    // needed" while the consumers stayed paused. Then the recovery check: `◀ next` stayed on `1. Confirm failed
    // payments`, the check off screen, and a responder following the screen resolved before it ran.
    // Before both, a change nobody watches (`◌ NOT WATCHED`, Enter checks it): after a quit and a resume, `◀ next` went to
    // the recovery check and the rollback's rollout stayed unchecked.
    const unchecked = steps.findIndex((step, index) => candidate(step, index) && (step.status === 'unwatched' || step.status === 'interrupted'));
    const resume = steps.findIndex((step, index) => candidate(step, index) && followUp(step));
    const check = steps.findIndex((step, index) => candidate(step, index) && step.phase === 'recovery');
    return [unchecked, resume, check].find((index) => index >= 0) ?? steps.findIndex(candidate);
  }
  // The mitigation the evidence recommends, when the runbook has an open step for it: one of the
  // other kind before it is passed over (the runbook said "next: Turn off instant_payouts" beside
  // "Rollback recommended").
  // A step whose change was undone too, when the advice asks for that change again (after the undo of
  // the kill switch that worked: "Flag kill switch recommended" beside "next: 4. Roll back").
  const wanted = recommendedMitigation(recommendations)?.action;
  // Not what takes back a step done while the burn goes on: order-worker's `next: 4. Resume the consumers` stood beside
  // a burn nothing had stopped (paused, the bad writes wait in the queue).
  const held = burnGoesOn(recommendations) ? followUp : () => false;
  const candidate = (step: Step) => (open(step) && !held(step)) || (step.undone !== undefined && step.action === wanted);
  if (wanted !== undefined && steps.some((step) => candidate(step) && step.action === wanted)) {
    return steps.findIndex((step) => candidate(step) && !(pendingMitigation(step) && step.action !== wanted));
  }
  return steps.findIndex(candidate);
}

/** An SLO burns and asks for more than waiting for the burn to fall. */
const burnGoesOn = (recommendations: readonly Pick<Recommendation, 'kind'>[]) => recommendations.some((r) => r.kind !== 'waiting-for-recovery');

/** The open steps the runbook passes over (indexes into its steps), and why. */
export interface PassedOver {
  readonly indexes: readonly number[];
  readonly why: string;
}

export const NOTHING_PASSED_OVER: PassedOver = { indexes: [], why: '' };

/**
 * The steps the runbook passes over, and why: the open ones before the next (all open ones when
 * none is next) and, once a mitigation was done and the burn falls, every mitigation not started
 * (`3. Roll back` under `next: 1. Confirm customer impact` after a kill switch that worked; the
 * resolve dialog listed it as simply not done). Before any, the one of the other kind than the
 * recommended change is passed over.
 */
export function passedOver(steps: readonly Step[], nextStep: number, recommendations: readonly Pick<Recommendation, 'kind'>[], known: { readonly burnUnknown?: boolean } = {}): PassedOver {
  const waiting = recommendations.every((r) => r.kind === 'waiting-for-recovery');
  const done = steps.some((step) => step.status === 'done' && isMitigation(step.action)) && waiting;
  const going = !done && steps.some((step) => underWay(step) && isMitigation(step.action)) && waiting;
  const indexes = steps.flatMap((step, index) => {
    if (step.undone !== undefined) return [];
    if (done || going ? !(step.status === 'pending' || passable(step)) : step.status !== 'pending') return [];
    // A step done by hand keeps its place, open, after a mitigation too: `1. Confirm customer impact` read "passed over:
    // not needed unless the burn goes on" beside a burn still at 421x, and in the resolve dialog.
    if ((done || going) && (step.action === undefined || followUp(step))) return [];
    if ((done || going) && nothingToReverse(step)) return [index];
    return nextStep < 0 || index < nextStep || ((done || going) && isMitigation(step.action)) ? [index] : [];
  });
  // With no advice left (mitigated, nothing burning) nothing is waited on: it read so at resolve, everything verified.
  // Not when no advice is for want of a reading (a watch of a sandbox drill said it beside the writer's "unless").
  const settled = done && recommendations.length === 0 && known.burnUnknown !== true;
  const held = !(done || going) && burnGoesOn(recommendations) && indexes.length > 0 && indexes.every((index) => followUp(steps[index]!));
  return { indexes, why: settled ? 'not needed: a mitigation was made' : done ? 'not needed unless the burn goes on' : going ? 'a mitigation is under way' : held ? 'not while the burn goes on: it takes back a step done' : 'not the recommended change' };
}

/** A mitigation not to be made once another worked: not started, or one that failed. */
function passable(step: Step): boolean {
  return (step.status === 'pending' || step.status === 'failed') && isMitigation(step.action);
}

/** A step whose change is being made or was made and is not watched: running, in the view's words. */
function underWay(step: Step): boolean {
  return step.status === 'running' || step.status === 'unwatched';
}

/** The runbook action each recommendation asks for (a blocked rollback: use a flag). */
const RECOMMENDED_ACTION: Partial<Record<Recommendation['kind'], string>> = {
  rollback: 'deploys.rollback',
  'flag-kill-switch': 'flags.set',
  'rollback-blocked': 'flags.set',
};

/** The first recommendation that asks for a mitigation, and the runbook action it asks for. */
export function recommendedMitigation<R extends Pick<Recommendation, 'kind'>>(recommendations: readonly R[]): { readonly action: string; readonly by: R } | undefined {
  const by = recommendations.find((r) => RECOMMENDED_ACTION[r.kind] !== undefined);
  return by === undefined ? undefined : { action: RECOMMENDED_ACTION[by.kind]!, by };
}
