/**
 * What an incident leaves behind when it is resolved: runbook steps nobody did (the consumers
 * paused in step 1 and never resumed in step 4), flags the responders changed that still serve
 * as they set them (a kill switch left engaged), and a rollback that still stands (the older build
 * runs: the newer one the likely cause, likely not the cause, or needed back). Said before resolving and in
 * the postmortem, so none is lost with the incident. Pure.
 */
import { judgedBy, maskedText, NO_JUDGEMENT, roseText, type RollbackJudgement } from './burnWentOn';
import type { ActionState, IncidentState } from './incidentState';
import type { PassedOver } from './nextStep';
import { liveChange, standingAction, tookNothingBack } from './undo';
import { revisionAs } from './actionWords';
import { runningAs } from './responderActions';
import { reversedBy, standingReversals } from './standingReversal';

const clock = (iso: string) => `${iso.slice(11, 16)} UTC`;

export interface OpenEnds {
  /** `4. Resume the consumers`, numbered as the runbook panel numbers them; and those marked done by hand, said so. */
  readonly steps: readonly string[];
  /** `instant_payouts serves off since 03:10 UTC (was on; flags.set act-2 by alice)`; a rollback left in place that did not help. */
  readonly changes: readonly string[];
  /**
   * The responders' changes still running or being verified (in any cockpit): a resolve over them
   * was taken without a word while carol's rollback verified (`… deploys.rollback act-1 by carol is
   * still being verified: its outcome is not known`).
   */
  readonly inFlight: readonly string[];
}

interface FlagChange {
  readonly flag: string;
  readonly field: 'state' | 'defaultVariant';
  readonly before: string | null;
  readonly after: string | null;
}

function flagChangeOf(facts: Readonly<Record<string, unknown>> | undefined): FlagChange | undefined {
  if (typeof facts?.flag !== 'string' || (facts.field !== 'state' && facts.field !== 'defaultVariant')) return undefined;
  const value = (v: unknown) => (typeof v === 'string' ? v : null);
  return { flag: facts.flag, field: facts.field, before: value(facts.before), after: value(facts.after) };
}

/** What a flag's field is set to now, as the incident last saw it. */
function flagNow(state: IncidentState, change: FlagChange): string | null | undefined {
  const flag = state.flags[change.flag];
  return flag === undefined ? undefined : change.field === 'state' ? (flag.state ?? null) : flag.variant;
}

/**
 * The newest flag change the burn went on after (`judged.flagsOutlived`), still set as it was made, when a later change
 * stopped the burn: a clean-up to ask for while the burn falls (`U` undoes it). The drill report asked `set
 * instant_payouts back to on?`, and the undo's dialog warned `Not the recommended change`, recorded so.
 */
export function needlessFlagChange(state: IncidentState, judged: RollbackJudgement): ActionState | undefined {
  const standing = (action: ActionState) => {
    const change = flagChangeOf(action.facts);
    return change !== undefined && flagNow(state, change) === change.after;
  };
  const newest = [...state.actions].reverse().find((action) => action.status === 'succeeded' && flagChangeOf(action.facts) !== undefined);
  return newest !== undefined && judged.flagsOutlived.has(newest.id) && standing(newest) && stoppedAfter(newest, state, judged) !== undefined ? newest : undefined;
}

/** The first change after `change` that the burn stopped after. */
function stoppedAfter(change: ActionState, state: IncidentState, judged: RollbackJudgement): ActionState | undefined {
  return state.actions.find((a) => a.startedAt !== undefined && a.startedAt > change.startedAt! && judged.stopped.has(a.id));
}

/** A needless flag change as its undo's dialog says it settles: `checkout_v2 set to off by flags.set act-1: the burn went on after it until … stopped it`. */
export function flagLeft(change: ActionState, state: IncidentState, judged: RollbackJudgement): string {
  const { flag, after } = flagChangeOf(change.facts)!;
  const stopper = stoppedAfter(change, state, judged);
  return `${flag} set to ${after ?? 'its code default'} by ${byWhom(change)}: the burn went on after it${stopper === undefined ? '' : ` until ${byWhom(stopper)} stopped it`}, so it likely did not help`;
}

/**
 * `judged`: the rollbacks the burn went on after, or rose after (core/burnWentOn.ts); the newest
 * rollback, if among them, still stands unless a later one moved on. `passed`: the steps the
 * runbook passes over, by index, and why (core/nextStep.ts `passedOver`; the screen knows it).
 */
export function openEnds(state: IncidentState, judged: RollbackJudgement = NO_JUDGEMENT, passed: PassedOver | undefined = passedAtResolve(state)): OpenEnds {
  // What takes back a step never done has nothing to take back: "4. Resume the consumers (passed over: not needed unless
  // the burn goes on)" stood where the consumers were never paused (helper-143).
  const because = (index: number) => nothingToTakeBack(state, index) ?? (passed?.indexes.includes(index) ? ` (passed over: ${passed.why})` : '');
  // An undone step says so: "not done" alone read as an invitation to finish the change that was taken back.
  const undone = (step: (typeof state.steps)[number]) => (step.undoneBy === undefined ? '' : ` (undone by ${step.undoneBy})`);
  const steps = state.steps.flatMap((step, index) => {
    if (step.status === 'pending' || step.status === 'in-progress') return [`${index + 1}. ${step.title}${undone(step)}${failedRun(state, step.id)}${unconfirmed(step)}${because(index)}`];
    // Done by hand, not by its check or its action: the drill report said RECOVERY NOT CONFIRMED, the summary nothing.
    const byHand = byHandText(step);
    return byHand === undefined ? [] : [`${index + 1}. ${step.title} (${byHand})`];
  });
  // The newest change the responders made to each flag field, and what it was before their first.
  const newest = new Map<string, { change: FlagChange; original: string | null; at: string; by: string; id: string }>();
  for (const action of state.actions) {
    const change = flagChangeOf(action.facts);
    if (action.status !== 'succeeded' || change === undefined || change.before === change.after) continue;
    const key = `${change.flag}\u0000${change.field}`;
    const by = byWhom(action);
    newest.set(key, { change, original: newest.get(key)?.original ?? change.before, at: action.finishedAt ?? action.startedAt ?? action.plannedAt, by, id: action.id });
  }
  // Still what they set, and not what it was before them (a kill switch turned back on is no open end).
  const changes = [...newest.values()].flatMap(({ change, original, at, by, id }) => {
    const now = flagNow(state, change);
    if (now !== change.after || now === original) return [];
    const what = change.field === 'state' ? `is ${String(change.after).toLowerCase()}` : `serves ${change.after ?? 'null'}`;
    // The burn rose after it: a cause left in place, not a follow-up (a drill report said "no penalty" of a kill switch adding 10% errors).
    const rose = judged.raised.get(id);
    const back = `set ${change.flag} back to ${original ?? 'its code default'}`;
    const raised = rose === undefined ? '' : `, and the burn rose after it (${roseText(rose)}): undo it (${back})`;
    // The burn went on after it (a kill switch made against the advice): it did not help, and is left so (a needless rollback was said so).
    const wentOn = rose === undefined && judged.flagsOutlived.has(id) ? `, and the burn went on after it: it likely did not help (${back}?)` : '';
    // The kill switch that worked read as a bare change beside the rollback's "the burn stopped after it".
    // Made with another change the SLO cannot tell apart from it (an autopilot's kill switch and rollback, one drill second apart): said so, as the rollback's line says it.
    const with_ = (judged.stopped.get(id) ?? []).flatMap((other) => state.actions.filter((a) => a.id === other));
    const stopped = rose === undefined && wentOn === '' && judged.stopped.has(id) ? stoppedAfterText(with_) : '';
    // Turned once the errors were over (a kill switch after the rollback that stopped them): "made together" credited it.
    const fell = judged.madeWhileFalling.get(id);
    const late = rose === undefined && fell !== undefined ? `, made while the burn already fell after ${byWhom(fell)}: likely not needed (${back}?)` : '';
    // Not judged yet (quit a moment after it): said so, as of a rollback; a kill switch read as a bare change.
    const judgedAt = judgedBy(state.actions.find((a) => a.id === id)!);
    const early = Number.isFinite(judgedAt) && Date.parse(state.lastAt) < judgedAt && Object.keys(state.triggers).length > 0;
    const unjudged = raised === '' && wentOn === '' && stopped === '' && late === '' && early ? `; whether the burn stopped after it is not known (the 5m burn tells a window after it, from ${clock(new Date(judgedAt).toISOString())})` : '';
    return [`${change.flag} ${what} since ${clock(at)} (was ${original ?? 'null'}; ${by})${raised}${wentOn}${stopped}${late}${unjudged}`];
  });
  const standing = standingLine(state, judged);
  const undo = uncheckedUndo(state);
  const undoLeft = undo === undefined ? [] : [undo.verification!.outcome === 'failed' ? rollbackFailed(undo) : rollbackUnwatched(undo, state)];
  return { steps, changes: [...changes, ...(standing === undefined ? [] : [standing]), ...earlierRollbacksLeft(state, judged), ...undoLeft, ...notTakenBack(state)], inFlight: state.actions.flatMap(inFlight) };
}

/** What the rollback still in place says of the incident, when it says anything: how its check ended, or what the burn did after it. */
function standingLine(state: IncidentState, judged: RollbackJudgement): string | undefined {
  // An undo put back what ran before a rollback: the burn going on after it is no sign to roll forward (to what it undid).
  const rollback = standingRollback(state);
  if (rollback === undefined) return undefined;
  if (rollback.verification?.outcome === 'failed') return rollbackFailed(rollback);
  if (rollback.verification?.outcome === 'unwatched') return rollbackUnwatched(rollback, state);
  if (judged.worsened.has(rollback.id)) return rollbackWorse(rollback, state);
  if (judged.outlived.has(rollback.id)) return rollbackLeft(rollback, judged.cleared.get(rollback.id), state);
  const fell = judged.madeWhileFalling.get(rollback.id);
  if (fell !== undefined) return `${rolledBackText(rollback, state)}, made while the burn already fell after ${byWhom(fell)}: not what stopped it, and ${buildText(rollback, state)} is not shown to be a cause`;
  const together = (judged.stopped.get(rollback.id) ?? []).flatMap((id) => state.actions.filter((a) => a.id === id));
  if (together.length > 0) return rollbackTogether(rollback, together, state);
  if (judged.stopped.has(rollback.id)) return rollbackWorked(rollback, state);
  if (judged.afterTheStop.has(rollback.id)) return rollbackAfterTheStop(rollback, state);
  if (judged.helped.has(rollback.id)) return `${rolledBackText(rollback, state)}, and the burn fell after it but went on: ${buildText(rollback, state)} is likely a cause, not the only one`;
  // Still rolling out or checked: said as under way (`inFlight`).
  return liveChange(rollback) ? undefined : rollbackNotJudged(rollback, state);
}

/**
 * A rollback in place the burn has not judged yet: quit a minute after it, the drill report and the postmortem left
 * out that search-api:41 ran (`Left changed` empty), until a resume read the burn stop.
 */
function rollbackNotJudged(rollback: ActionState, state: IncidentState): string {
  // No trigger ever fired: there was no burn to judge it by.
  if (Object.keys(state.triggers).length === 0) return rolledBackText(rollback, state);
  return `${rolledBackText(rollback, state)}; whether the burn stopped after it is not known (the 5m burn tells a window after its rollout, from ${clock(new Date(judgedBy(rollback)).toISOString())})`;
}

/**
 * The rollback still in place that the burn went on after until another change stopped it (its
 * build cleared, `judged.cleared`): a clean-up to suggest while the burn falls, not only at resolve.
 */
export function needlessRollback(state: IncidentState, judged: RollbackJudgement): ActionState | undefined {
  const rollback = standingRollback(state);
  // Not one whose check failed (an Argo Rollout aborted it): "undo it" was asked of a rollback that never took, and U refused.
  return rollback !== undefined && rollback.verification?.outcome !== 'failed' && judged.cleared.has(rollback.id) ? rollback : undefined;
}

/**
 * The rollback still in place that was made after the burn had stopped (`judged.afterTheStop`): the build it left had run
 * clean. A second rollback to :40 left the advice naming the first (`Rolled back to :41 (as :43) 22m ago: the burn has
 * stopped`) while :40 ran, said only in the resolve dialog.
 */
export function lateRollback(state: IncidentState, judged: RollbackJudgement): ActionState | undefined {
  const rollback = standingRollback(state);
  return rollback !== undefined && rollback.verification?.outcome !== 'failed' && judged.afterTheStop.has(rollback.id) ? rollback : undefined;
}

/** ` (nothing to take back: 1. Pause the consumers was skipped)`, of a step whose `reverses` step was never done. */
function nothingToTakeBack(state: IncidentState, index: number): string | undefined {
  const found = reversedBy(state, index);
  if (found === undefined || found.reversed.status === 'done') return undefined;
  return ` (nothing to take back: ${found.reversedNumber}. ${found.reversed.title} was ${found.reversed.status === 'skipped' ? 'skipped' : 'not done'})`;
}

/**
 * Rollbacks before the one in place, not taken back, whose verdict the burn could not give (it went on under the build
 * they went to, bad too): their builds are no more cleared than blamed. helper-141's postmortem summed up :6 → :5 → :3
 * as ":5 is the likely cause, to be fixed before it is deployed again", and :6, the build deployed before the page,
 * was named nowhere in what was left changed.
 */
function earlierRollbacksLeft(state: IncidentState, judged: RollbackJudgement): string[] {
  const standing = standingRollback(state);
  const taken = new Set(state.actions.flatMap((a) => (a.status === 'succeeded' && a.undoes !== undefined && !tookNothingBack(a) ? [a.undoes] : [])));
  return state.actions.flatMap((rollback) => {
    const by = judged.masked.get(rollback.id);
    if (by === undefined || rollback === standing || rollback.undoes !== undefined || taken.has(rollback.id)) return [];
    const { currentRevision: from } = revisionsOf(rollback);
    return [`${from} was rolled back from too (${byWhom(rollback)} at ${clock(rollback.startedAt ?? rollback.plannedAt)}): whether it was a cause is not known, as the burn went on ${maskedText(rollback, by)}: check it before it is deployed again`];
  });
}

/**
 * The rollback whose revision runs now, as the responders left it: the newest not taken back, undos
 * aside (what an undo deploys is what ran before the change it took back). After :42 → :41, :41 → :40
 * and the undo of the second, the resolve dialog, the drill report and the postmortem left :41 out
 * of what was left changed: the newest rollback was the undo.
 */
export function standingRollback(state: IncidentState): ActionState | undefined {
  const taken = new Set<string>();
  for (const action of state.actions.filter((a) => a.status === 'succeeded' && typeof a.facts?.targetRevision === 'string').reverse()) {
    if (action.undoes !== undefined) {
      if (!tookNothingBack(action)) taken.add(action.undoes);
    } else if (!taken.has(action.id)) return action;
  }
  return undefined;
}

/**
 * The newest undo of a rollback whose check failed, or that nobody watched to its end, with nothing made after it: the
 * workload may still be set to what it deployed (an Argo Rollout that aborted the undo keeps the bad template, and a retry
 * rolls it out); one not watched left the export's open ends empty while the bad build rolled out again.
 */
function uncheckedUndo(state: IncidentState): ActionState | undefined {
  const last = state.actions.findLast((a) => a.status === 'succeeded' && typeof a.facts?.targetRevision === 'string');
  return last?.undoes !== undefined && (last.verification?.outcome === 'failed' || last.verification?.outcome === 'unwatched') ? last : undefined;
}

/**
 * Where a recovery check left off, said beside it: one never run was one item of the list, and a
 * drill resolved over it was scored "never run" with nothing on screen having pointed at it.
 */
function unconfirmed(step: IncidentState['steps'][number]): string {
  if (step.phase !== 'recovery') return '';
  if (step.check?.outcome === 'failed') return ` (recovery check: failed at ${clock(step.check.at)})`;
  // Its cockpit closed while it watched: the postmortem read `still watched` of a check nobody watched any more.
  if (step.status === 'in-progress' && step.check === undefined && step.watchLeftAt !== undefined) return ` (recovery check: not passed; not watched since ${clock(step.watchLeftAt)}, when its cockpit closed)`;
  if (step.status === 'in-progress') return ' (recovery check: still watched, not passed)';
  return step.check === undefined ? ' (recovery check: never run, so nothing confirmed the recovery)' : '';
}

/**
 * A step whose last run failed says so: a rollback forced through its block that Argo aborted read only `(passed over:
 * not needed unless the burn goes on)`, as if never tried.
 */
function failedRun(state: IncidentState, step: string): string {
  const newest = state.actions.filter((a) => a.step === step && a.status !== 'cancelled' && a.status !== 'planned').at(-1);
  // As the step's line has it (standingAction): a teammate's stale attempt before an undo is not the step's last run.
  const last = newest === undefined ? undefined : standingAction(state.actions, step, newest);
  if (last === undefined || last.startedAt === undefined) return '';
  // Made and not watched to its end: not "not done" alone (helper-135: the postmortem listed the rollback it credited with
  // the stop among the steps not done, with no word of it).
  const unwatched = last.status === 'succeeded' && last.verification?.outcome === 'unwatched' ? 'its change made, not watched to its end' : undefined;
  const why = last.verification?.outcome === 'failed' ? `failed its check: ${last.verification.summary}` : last.status === 'failed' ? `failed: ${last.error?.message ?? 'failed'}` : unwatched;
  return why === undefined ? '' : ` (run at ${clock(last.startedAt)}${last.safety?.level === 'blocked' ? ', forced through its safety block' : ''}, ${why})`;
}

/** A step marked done by hand: a recovery check that never passed, or an action that never ran. */
function byHandText(step: IncidentState['steps'][number]): string | undefined {
  if (step.status !== 'done') return undefined;
  if (step.overridden !== undefined) return `recovery check marked done by hand, never passed: ${step.overridden}`;
  return step.manual === undefined ? undefined : `marked done by hand, ${step.manual.action || 'its action'} never ran: ${step.manual.reason}`;
}

/** A change under way: running, or made and being verified (revisions or a flag, no verdict yet). */
function inFlight(action: ActionState): string[] {
  if (!liveChange(action)) return [];
  return [`${byWhom(action)} is still ${action.status === 'succeeded' ? 'being verified' : 'running'}: its outcome is not known`];
}

/** What the runbook passed over as the incident was resolved, as its recorded resolve says (the postmortem left it out). */
function passedAtResolve(state: IncidentState): PassedOver | undefined {
  const passed = state.resolvedAt === undefined ? undefined : state.resolvedPassedOver;
  return passed && { indexes: state.steps.flatMap((step, index) => (passed.steps.includes(step.id) ? [index] : [])), why: passed.why };
}

const revisionsOf = (rollback: ActionState) => rollback.facts as { currentRevision: string; targetRevision: string };
const byWhom = (action: ActionState) => `${action.name} ${action.id}${action.startedBy === undefined ? '' : ` by ${action.startedBy}`}`;

/**
 * The last rollback's check failed (an Argo Rollout aborted it; ECS tasks that crash): the
 * workload may still name the target as what it wants, and a retry, a restart or the next sync
 * rolls it out again. The runbook's own hint says an abort keeps the bad template.
 */
function rollbackFailed(rollback: ActionState): string {
  const { currentRevision: from, targetRevision: to } = revisionsOf(rollback);
  // Said for any provider ("a sync" meant nothing on ECS), with why it failed and what to do first.
  const why = rollback.verification?.summary === undefined ? '' : ` (${rollback.verification.summary})`;
  // An undo is said as one: "the rollback from :43 to :42" of act-1's undo read as a rollback of its own.
  const what = rollback.undoes === undefined ? `the rollback from ${from} to ${to}` : `the undo of ${rollback.undoes} (${from} back to ${to})`;
  return `${what} at ${clock(rollback.startedAt ?? rollback.plannedAt)} (${byWhom(rollback)}) failed its check${why}: see what runs now; ${to} may still be what the workload is set to, and a retry rolls it out again`;
}

/**
 * "checkout-api:41 still runs: rolled back from checkout-api:42 at 02:40 UTC (…), and the burn went on after it: either
 * checkout-api:42 is not the cause (roll forward?) or checkout-api:41 is as bad (roll back further?)": "likely not the
 * cause (roll forward?)" alone put back a build that broke at the same moment as the one it went to.
 */
/** A rollback the burn outlived, as left in place: what it suggests (roll forward, or further back). */
export function rollbackLeft(rollback: ActionState, stoppedBy: ActionState | undefined, state: IncidentState): string {
  const { currentRevision: from, targetRevision: to } = revisionsOf(rollback);
  // A later change stopped the burn under the build it went to: that build ran clean, and "roll back further?" pointed past it.
  if (stoppedBy !== undefined) return `${rolledBackText(rollback, state)}, and the burn went on after it until ${byWhom(stoppedBy)} stopped it: ${from} is likely not the cause (roll forward?)`;
  return `${rolledBackText(rollback, state)}, and the burn went on after it: either ${from} is not the cause (roll forward?) or ${to} is as bad (roll back further?)`;
}

/**
 * A rollback the burn stopped after with other changes made within a 5m window of it: which
 * stopped it is not known. A quick correction of a wrong rollback (the kill switch a minute
 * after it) left nothing saying :41 still ran.
 */
function rollbackTogether(rollback: ActionState, with_: readonly ActionState[], state: IncidentState): string {
  return `${rolledBackText(rollback, state)}${stoppedAfterText(with_)}: whether ${buildText(rollback, state)} was a cause is not known`;
}

/** `, and the burn stopped after it`, with the changes made together with it, which the SLO cannot tell apart from it. */
function stoppedAfterText(with_: readonly ActionState[]): string {
  return with_.length === 0 ? ', and the burn stopped after it' : `, and the burn stopped after it and ${with_.map(byWhom).join(' and ')}, made together (the SLO cannot tell which)`;
}

/**
 * The rollback the burn stopped after, alone, still in place: the older build runs, and the newer one
 * is to be fixed before it goes out again. The postmortem's "what was left changed" listed a kill
 * switch left off, never the service left rolled back.
 */
function rollbackWorked(rollback: ActionState, state: IncidentState): string {
  return `${rolledBackText(rollback, state)}, and the burn stopped after it: ${buildText(rollback, state)} is the likely cause, to be fixed before it is deployed again`;
}

/** A rollback (or an undo) nobody watched to its end (the responder quit while it rolled out): what runs is not known here. */
function rollbackUnwatched(rollback: ActionState, state: IncidentState): string {
  const { currentRevision: from, targetRevision: to } = revisionsOf(rollback);
  // The deploys panel saw it run since (order-worker: `:41 successful (current)` on the timeline, and the resolve dialog,
  // drill report and postmortem said only "see what runs now").
  const since = rollback.verification!.at;
  const seen = Object.values(state.deploys).find((d) => d.current === true && d.status === 'successful' && d.observedAt > since && (d.revision === to || (d.formerRevisions ?? []).includes(to)));
  const now = seen === undefined ? 'see what runs now' : `the cockpit then saw ${to} running (${seen.revision === to ? '' : `as ${seen.revision}, `}successful, ${clock(seen.observedAt)})`;
  if (rollback.undoes !== undefined) return `the undo of ${rollback.undoes} (${from} back to ${to}) at ${clock(rollback.startedAt ?? rollback.plannedAt)} (${byWhom(rollback)}) was not watched to its end (${rollback.verification!.summary}): ${now}`;
  return `the rollback from ${from} to ${to} at ${clock(rollback.startedAt ?? rollback.plannedAt)} (${byWhom(rollback)}) was not watched to its end (${rollback.verification!.summary}): ${now}`;
}

/** A rollback made after the burn had stopped: the build it left had run clean, and an older one runs now. */
function rollbackAfterTheStop(rollback: ActionState, state: IncidentState): string {
  return `${rolledBackText(rollback, state)}, made after the burn had stopped: ${revisionsOf(rollback).currentRevision} had run clean (roll forward?)`;
}

/** A rollback after which the burn rose sharply (forced to a build the migrated schema breaks): it made things worse, and still stands. */
function rollbackWorse(rollback: ActionState, state: IncidentState): string {
  return `${rolledBackText(rollback, state)}, and the burn rose after it: the rollback made it worse (undo it: deploy ${revisionsOf(rollback).currentRevision} again)`;
}

/**
 * What still runs after a rollback, named as the deploys panel names it: an Argo Rollout runs
 * :41's build as :43 (`payments-api:41 (as payments-api:43) still runs`), where the line said
 * :41 beside a panel whose rows had no :41 running.
 */
/**
 * The build a rollback went away from, as a cause is named: `payments-api:44 (the build of payments-api:42)` where
 * Kubernetes renumbered it (an undo goes back to :42's ReplicaSet as :44): the postmortem named the responder's own
 * redeploy "the likely cause".
 */
function buildText(rollback: ActionState, state: IncidentState): string {
  const from = revisionsOf(rollback).currentRevision;
  const former = Object.values(state.deploys).find((d) => d.revision === from)?.formerRevisions ?? [];
  return former.length === 0 ? from : `${from} (the build of ${former.join(', ')})`;
}

function rolledBackText(rollback: ActionState, state: IncidentState): string {
  const { currentRevision: from, targetRevision: to } = revisionsOf(rollback);
  return `${revisionAs(to, runningAs(to, Object.values(state.deploys)), String)} still runs: rolled back from ${from} at ${clock(rollback.startedAt ?? rollback.plannedAt)} (${byWhom(rollback)})`;
}

/**
 * What a step did that the step taking it back (the runbook's `reverses`) has not: an order-worker drill ended
 * `RECOVERED` with its consumers paused, "Left changed" naming the rollback alone.
 */
function notTakenBack(state: IncidentState): string[] {
  return standingReversals(state).map(({ reversed, reversedNumber, by, byNumber }) => {
    const done = reversed.finishedAt === undefined ? '' : ` at ${clock(reversed.finishedAt)}`;
    // Skipped, what it would take back stands all the same.
    return `${reversedNumber}. ${reversed.title} (done${done}) still stands: ${byNumber}. ${by.title} takes it back, and was ${by.status === 'skipped' ? 'skipped' : 'not done'}`;
  });
}
