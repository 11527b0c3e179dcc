import { escapeHidden } from '../core/quotedText';
import { createRedactor } from '../core/redact';
import { withoutKeyHint } from '../core/burnNow';
import { fellSoFar, roseText, type BurnSamples, type RollbackJudgement } from '../core/burnWentOn';
import type { IncidentState } from '../core/incident';
import { isMitigation, recommendedMitigation } from '../core/nextStep';
import { flagLeft, needlessFlagChange, rollbackLeft } from '../core/openEnds';
import type { Recommendation } from '../core/recommendation';
import { stepChange, undoneBy } from '../core/undo';
import type { ConfirmationRequest } from './actionLifecycle';
import type { CockpitView, ConfirmationView } from './viewModel';

const SETTLED = 'the incident is marked mitigated, and nothing burns: no change is called for';

/** A change of the responder's is named as a cause still in place: undo it before anything else. */
export const asksUndoFirst = (r: Recommendation): boolean => r.kind === 'made-worse' || r.undoFirst === true;

/** Whether a planned change acts on `change`: a rollback from that revision, or a change of that flag. */
function actsOn(request: ConfirmationRequest, change: NonNullable<Recommendation['beganWith']>): boolean {
  const facts = request.plan.facts;
  return 'revision' in change ? facts.currentRevision === change.revision && typeof facts.targetRevision === 'string' : facts.flag === change.flag;
}

/**
 * A confirmation says when its mitigation is not the one the evidence recommends: a rollback
 * confirmed as "✓ SAFE" while the screen had just said "Flag kill switch recommended" replaced
 * every pod for nothing.
 */
export function confirmationView(request: ConfirmationRequest, advice: readonly Recommendation[], state: IncidentState, judged: RollbackJudgement, burns: BurnSamples): NonNullable<CockpitView['confirmation']> {
  const { actions } = state;
  const wanted = recommendedMitigation(advice);
  // While a change the responder made is waited on, another one is no recommended change either (a
  // rollback forced through its block right after the kill switch showed no warning).
  // Nor, once a change made it worse, anything but undoing it (a second rollback further back was
  // offered with no warning beside "undo it: deploy :42 again"), nor once the burn went on after
  // a change and rose after another still in place (a rollback further back was offered as ✓ SAFE
  // beside "another cause, likely checkout_v2 set to off").
  // Nor when no change explains the burn (a rollback to the build that ran as the burn began showed only "✓ SAFE").
  const waiting = wanted === undefined ? advice.find((r) => r.kind === 'waiting-for-recovery' || r.kind === 'no-explaining-change' || asksUndoFirst(r)) : undefined;
  // Undoing the change that made it worse comes first, but the change the burn began with is the
  // other half of the way out: its rollback was warned against beside "undo it: set checkout_v2 back".
  const onBeganWith = waiting?.beganWith !== undefined && actsOn(request, waiting.beganWith);
  // Nor is the undo the advice asks for (it read "Not the recommended change: …; undo it: deploy :42 again"),
  // whatever advice asks for it ("… may have made it worse (undo it: …)" left it unsaid, the block alone on screen).
  const asking = request.undoes === undefined ? undefined : advice.find((r) => r.undoes?.includes(request.undoes!) === true);
  // So is a rollback to the build that undo deploys again: the step run again planned forward to :42 beside "undo it: deploy :42 again".
  const undoAsked = asking !== undefined || goesWhereUndoAsked(request, advice, actions);
  // Marked mitigated with nothing burning there is no advice: a kill switch read "✓ SAFE" alone, and brought the burn back.
  const settled = advice.length === 0 && state.mitigatedAt !== undefined && state.resolvedAt === undefined ? { text: SETTLED } : undefined;
  // An undo no advice asks for says what the advice says instead (a roll forward onto :43 read "✓ SAFE" beside "roll back further?").
  const unasked = request.undoes === undefined ? undefined : advice[0];
  const cleanUp = cleanUpOf(request, state, judged);
  const instead = !isMitigation(request.name) || onBeganWith || undoAsked || cleanUp !== undefined ? undefined : wanted !== undefined && wanted.action !== request.name ? wanted.by : (waiting ?? settled ?? unasked);
  // The step's attempt just before this one, refused as stale as it was about to run.
  const before = request.step === undefined ? undefined : actions.filter((a) => a.step === request.step && a.id !== request.action).at(-1);
  const stale = before?.status === 'cancelled' ? /^refused: the deploy state changed since the plan \((.*)\); planning again$/.exec(before.outcome ?? '') : null;
  const replanned = stale === null ? undefined : `Planned again: the deploy state changed after the first plan was confirmed, and it did not run (${stale[1]})`;
  const redoes = redone(request, state, judged, burns);
  const teammate = teammateOnStep(request, actions);
  return {
    action: request.action,
    ...(request.step ? { step: request.step } : {}),
    ...(request.undoes === undefined ? {} : { undoes: undoneAction(request.undoes, actions) }),
    name: request.name,
    summary: request.summary,
    // As they are recorded (createRedactor): a value under a key that names a secret too, which the screen's cleaner,
    // string by string, let through (`"nested": { "password": "hunter2hunter2" }` in the dialog, redacted on disk).
    calls: escapedStrings(KEYS_REDACTED(request.plan.calls)),
    safety: request.safety,
    ...(request.gate.kind === 'typed' ? { typeToConfirm: request.gate.phrase, typeReason: request.gate.reason, ...(request.gate.beyondBlock === undefined ? {} : { typeReasonBeyondBlock: request.gate.beyondBlock }) } : {}),
    ...(instead === undefined ? {} : { recommendedInstead: withoutKeyHint(instead.text) }),
    ...(replanned === undefined ? {} : { replanned }),
    ...(teammate === undefined ? {} : { teammate }),
    ...(state.resolvedAt === undefined ? {} : { afterResolve: `The incident was resolved at ${state.resolvedAt.slice(11, 16)}Z: this change is made after it (Esc, then o reopens it)` }),
    // A clean-up the advice asks for too (core/cleanUpAdvice.ts) is said once, as the open end it settles.
    ...(asking === undefined || cleanUp !== undefined ? {} : { asked: withoutKeyHint(asking.text) }),
    ...(cleanUp === undefined ? {} : { cleanUp }),
    ...(redoes === undefined ? {} : { redoes }),
  };
}

/** The credential rules and secret-named keys, as the log's redactor applies them (the session's own values are the screen cleaner's). */
const KEYS_REDACTED = createRedactor();

/**
 * Every control and invisible character in the calls shown as an escape (`\u001b`): the dialog says the calls are shown
 * "exactly", and the screen's cleaner dropped them (an argv of `\u001b[2J…\rOVERWRITE` read `okOVERWRITE`).
 */
function escapedStrings<T>(value: T): T {
  if (typeof value === 'string') return escapeHidden(value) as T;
  if (Array.isArray(value)) return value.map(escapedStrings) as T;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [escapeHidden(key), escapedStrings(inner)])) as T;
  return value;
}

/**
 * A teammate's attempt on the same step: in their dialog still, or made since this plan. Two responders' dialogs of one
 * drain said nothing of each other; one Enter was refused on the timeline alone, and a flag's dialog stayed open after
 * the teammate had set the flag (its Enter failed: changed since the plan was made).
 */
function teammateOnStep(request: ConfirmationRequest, actions: IncidentState['actions']): string | undefined {
  const mine = actions.find((a) => a.id === request.action);
  if ((request.step === undefined && request.undoes === undefined) || mine?.plannedBy === undefined) return undefined;
  // Run since this plan, whenever it was planned: alice's, planned 3 s before bob's, left his dialog once she confirmed it.
  const since = (a: (typeof actions)[number]) => a.status !== 'cancelled' && (a.startedAt ?? a.plannedAt) >= mine.plannedAt;
  // The same step, or the undo of the same change (two `U` on one step said nothing of each other).
  const same = (a: (typeof actions)[number]) => (request.step !== undefined ? a.step === request.step : a.undoes === request.undoes);
  const other = actions.findLast((a) => same(a) && a.id !== mine.id && a.plannedBy !== undefined && a.plannedBy !== mine.plannedBy && (a.status === 'planned' || since(a)));
  if (other === undefined) return undefined;
  const what = request.step !== undefined ? 'this step' : `the undo of ${request.undoes}`;
  const doing = other.status === 'planned' ? `is asked to confirm ${what} too` : other.status === 'succeeded' ? `made ${request.step !== undefined ? "this step's change" : what} since this plan` : `ran ${what} since this plan (${other.status})`;
  return `${other.plannedBy} ${doing} (${other.id}): one change runs at a time, and this plan is checked again before it runs`;
}

/** The undo of a rollback the burn outlived until another change stopped it (its build cleared): the open end it settles. */
function cleanUpOf(request: ConfirmationRequest, state: IncidentState, judged: RollbackJudgement): string | undefined {
  const flag = request.undoes === undefined ? undefined : needlessFlagChange(state, judged);
  if (flag !== undefined && flag.id === request.undoes) return flagLeft(flag, state, judged);
  const stoppedBy = request.undoes === undefined ? undefined : judged.cleared.get(request.undoes);
  const rollback = stoppedBy === undefined ? undefined : state.actions.find((a) => a.id === request.undoes);
  return rollback === undefined ? undefined : rollbackLeft(rollback, stoppedBy, state);
}

function undoneAction(id: string, actions: IncidentState['actions']): NonNullable<ConfirmationView['undoes']> {
  const step = actions.find((a) => a.id === id)?.step;
  return step === undefined ? { action: id } : { action: id, step };
}

/**
 * A step run again after its change was undone puts that change back: said with what the burn did
 * after it (redoing the kill switch the screen had said made it worse showed "✓ Its safety checks pass").
 */
function redone(request: ConfirmationRequest, state: IncidentState, judged: RollbackJudgement, burns: BurnSamples): string | undefined {
  const change = request.step === undefined ? undefined : stepChange(state.actions, request.step);
  const undo = change === undefined ? undefined : undoneBy(state.actions, change.id);
  // Only when it makes the same change: a rollback run again after its undo goes further back (:41 known bad now), to what was never tried.
  if (undo === undefined || change === undefined || !sameChange(change.facts ?? {}, request.plan.facts)) return undefined;
  const rose = judged.raised.get(change.id);
  // And when it helped: redoing the kill switch that stopped the burn (undone by mistake) said nothing of it.
  const fell = judged.helped.has(change.id) || fellSoFar(change, state.actions, burns);
  const helped = judged.stopped.has(change.id) ? ': the burn stopped after it' : fell ? ': the burn fell after it' : '';
  const after = rose !== undefined ? `: the burn rose after it (${roseText(rose)})` : judged.worsened.has(change.id) ? ': the burn rose after it' : helped;
  return `${change.id} made this change, and ${undo.id} undid it${after}; running it again puts it back`;
}

/** Two plans that make the same change: a rollback to the same revision, or the same flag field to the same value. */
function sameChange(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  if (typeof a.targetRevision === 'string') return a.targetRevision === b.targetRevision;
  return typeof a.flag === 'string' && a.flag === b.flag && a.field === b.field && a.after === b.after;
}

/** A rollback whose target is the build an undo the advice asks for would deploy again (the revision that change left). */
function goesWhereUndoAsked(request: ConfirmationRequest, advice: readonly Recommendation[], actions: IncidentState['actions']): boolean {
  const target = request.plan.facts.targetRevision;
  if (typeof target !== 'string') return false;
  const left = (id: string) => actions.find((a) => a.id === id && a.name === request.name)?.facts?.currentRevision;
  return advice.some((r) => r.undoes?.some((id) => left(id) === target) === true);
}
