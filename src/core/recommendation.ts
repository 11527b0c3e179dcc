import { withFailedRollout } from './failedRollout';
import { SHORT_WINDOW_MS } from './burnRate';
import { asksToMark, burnLine, burnNow, burnStopped, firedWords, trendText, type BurnEvidence } from './burnNow';
import { lastReturn, returnCause } from './burnReturn';
import { sinceChange } from './burnSinceChange';
import { HELPED, risesAfter, steadyBefore } from './burnWentOn';
import { actionLine, doingText, madeAgoText, madeText, rolloutUnconfirmed, targetText, undoText } from './actionWords';
import { causeOf, type Cause } from './changeCorrelation';
import { cameBackAfter, madeWorse, relapseUndone, riseBy, riseText, roseSinceAdvice, stillStands, undoUnderWay, type Rise } from './madeWorse';
import type { ResponderAction } from './responderActions';
import type { Deploy } from './deploys';
import { roughDuration } from './roughDuration';
import { causeLine } from './causeLines';
import { deployAgo, noExplainingChange, rollbackFor } from './causeAdvice';
import { blockedBecause } from './rollbackPreview';
import type { Recommendation, RecommendationContext, RecommendationInput } from './recommendationTypes';

/**
 * What to do about a burning SLO, from the evidence only: which change the burn started with, where
 * a rollback would go and whether it may, and what the responder already did. Every answer says
 * the evidence it rests on, so the responder can disagree with it.
 */
export type { BurnEvidence } from './burnNow';
export type { Recommendation, RecommendationInput, RecommendationKind } from './recommendationTypes';

const MINUTE = 60_000;

/**
 * One recommendation per SLO with a firing trigger, in the order the SLOs first appear among the
 * burns; an SLO whose triggers all cleared gets one only while the responder's action is waited
 * on (the long windows are still draining), and none when the burn stopped by itself.
 */
export function recommend(input: RecommendationInput): Recommendation[] {
  const slos = [...new Set(input.burns.map((b) => b.slo))];
  return slos.flatMap((slo) => {
    const recommendation = recommendFor(slo, input.burns.filter((b) => b.slo === slo), input);
    return recommendation ? [withFailedRollout(input, recommendation)] : [];
  });
}

interface Context extends RecommendationContext {
  readonly onsetAt: number;
  /** The longest of the burns' trigger windows: how far back a change is still recent. */
  readonly longMs: number;
  /** When the burn had begun by (its windows as the trigger first fired): the bound of its causes. */
  readonly began: number;
  /** `the trigger fired`, or `the trigger was seen firing` (firedWords). */
  readonly fired: string;
  /** The responder's changes the burn rose after (madeWorse.ts). */
  readonly rises: readonly Rise[];
  /** Every change the burn rose after, undone ones too. */
  readonly everyRise: readonly Rise[];
}

function recommendFor(slo: string, burns: readonly BurnEvidence[], input: RecommendationInput): Recommendation | undefined {
  // The responder acts on a burn already under way: it began before their first action, and the
  // deploys and flag changes their actions make (a rollback is a deploy) are no candidates. The
  // trigger may be seen firing only after that (a drill run at full speed, a late poll).
  const everyChange = [...input.actions, ...(input.undone ?? [])];
  const onsetAt = Math.min(...burns.map((b) => b.onsetAt), ...everyChange.map((a) => a.startedAt - 1));
  const longMs = Math.max(...burns.map((b) => b.longMs));
  const began = Math.min(onsetAt, ...burns.map((b) => beganBy(b, input)));
  const cause = causeOf(began, longMs, input.deploys, input.flagChanges, input.previousIncident?.resolvedAt);
  const burnLines = burns.map((b) => burnLine(b, input.now));
  const fired = onsetWords(burns, everyChange);
  // Each rise after the change it followed, undone ones too: a forced rollback's rise, once the rollback was undone, was
  // pinned on the kill switch before it (the only fix), and the advice said to undo that.
  const everyRise = risesAfter([...everyChange].sort((a, b) => a.startedAt - b.startedAt), input.shortBurns?.get(slo) ?? []);
  const rises = everyRise.filter((rise) => input.actions.includes(rise.action) && stillStands(rise, input.actions, input.flagChanges));
  const context: Context = { input, slo, burns, onsetAt, longMs, began, burnLines, fired, rises, everyRise };
  const acted = actionOnCause(cause, input.actions, input.deploys, input.afterTheStop);
  const afterMine = (acted === undefined ? undefined : cameBackAfter(context, acted)) ?? relapseUndone(context);
  if (afterMine) return afterMine;
  const worse = madeWorse(context);
  // What the burn began with stays named beside what made it worse (the bad build's line went from the screen).
  if (worse) {
    if (cause.kind === 'none') return worse;
    const beganWith = cause.kind === 'deploy' ? { revision: cause.deploy.deploy.revision } : { flag: cause.flag.key };
    return { ...worse, evidence: [...worse.evidence, causeLine(context, cause)], beganWith };
  }
  const recommendation = adviceFor(context, cause, acted);
  return recommendation && withRises(context, recommendation);
}

/** What to do, once no change of the responder's brought the burn back or made it much worse. */
function adviceFor(context: Context, cause: Cause, acted: ResponderAction | undefined): Recommendation | undefined {
  const { input, burns, slo, burnLines } = context;
  if (acted) return afterAction(context, acted, cause);
  if (!burns.some((b) => b.fired) && burns.every((b) => b.unpaged)) return unpaged(context, cause);
  // Its trigger fired and cleared, and the burn came back before the long window filled again (the
  // undo of the rollback that worked put :42 back): no page yet, and no advice for 13 minutes at 16x.
  if (!burns.some((b) => b.fired)) return onReturn(context, false) ?? undoUnderWay(context);
  // Nothing done, and the errors are back under the budget: the long windows drain a burn that
  // ended by itself (or a resolved incident's): "Rollback recommended" of the good build was no advice.
  const stopped = burnStopped(burns, input.marked === false);
  if (stopped !== undefined) return { kind: 'waiting-for-recovery', slo, text: `No change needed now: ${stopped}`, evidence: [causeLine(context, cause), ...burnLines], ...asksToMark(input.marked === false) };
  return onReturn(context) ?? recommendOn(context, cause);
}

/** It stopped and came back, after a change made meanwhile: that change, dated by the return (`paged`: a trigger fires now). */
function onReturn(context: Context, paged = true): Recommendation | undefined {
  const { input, slo, longMs } = context;
  const back = lastReturn(input.shortBurns?.get(slo) ?? []);
  const returned = back && returnCause(back, longMs, input.deploys, input.flagChanges);
  const advice = back && returned ? recommendOn({ ...context, onsetAt: back.backAt, fired: 'the burn came back' }, returned) : undefined;
  return advice === undefined || paged ? advice : notPagedYet(context, advice, 'Not paged again yet');
}

/**
 * What the burn's onset is: the trigger's firing (firedWords), or the first change the responder
 * made when that came first: the burn was under way by then. A trigger that fired after the kill
 * switch read "checkout-api:42 deployed 38m ago, 7m before the trigger fired" beside "FIRED 1m ago".
 */
function onsetWords(burns: readonly BurnEvidence[], actions: readonly ResponderAction[]): string {
  const first = burns.reduce((a, b) => (b.onsetAt < a.onsetAt ? b : a));
  const acted = actions.reduce<ResponderAction | undefined>((a, b) => (a === undefined || b.startedAt < a.startedAt ? b : a), undefined);
  if (acted === undefined || acted.startedAt - 1 >= first.onsetAt) return firedWords(first);
  const made = madeText(acted);
  return `the first change made on it (${made[0]!.toLowerCase()}${made.slice(1)})`;
}

/**
 * When the burn had begun by, from its windows: read after the responder changed something, they
 * hold what that change did too (a kill switch that doubled the burn, a rollback that halved it),
 * and date nothing. Read at such a mix, a burn that began after a deploy was dated 4 seconds
 * before it, and the screen said "no deploy or flag change in the 2h before the burn was seen".
 */
function beganBy(burn: BurnEvidence, input: RecommendationInput): number {
  // An unpaged burn's windows are read now; a trigger's, as it first fired.
  const readAt = burn.windowsReadAt ?? (burn.unpaged ? input.now : burn.onsetAt);
  return burn.beganBy !== undefined && ![...input.actions, ...(input.undone ?? [])].some((a) => a.startedAt < readAt) ? burn.beganBy : burn.onsetAt;
}

/**
 * No page yet. Before anyone acted: the advice, said to be ahead of the page. Once the responder
 * acted, what they did is what the burn answers to (a kill switch that worked, the burn still
 * falling, was met with "Rollback recommended" of a build that ran clean), until it shows it did
 * not stop it.
 */
function unpaged(context: Context, cause: Cause): Recommendation {
  const last = context.input.actions.at(-1);
  if (last !== undefined && !didNotStop(context, last)) return afterAction(context, last, cause);
  const advice = notPagedYet(context, recommendOn(context, cause));
  // The change made is said not to have stopped it: the advice went back to "Rollback recommended" after the kill switch, unsaid.
  // Not of an undo: it was never meant to stop the burn.
  const noStop = last === undefined || last.undo ? [] : [`${madeText(last)} ${roughDuration(context.input.now - last.at)} ago did not stop it`];
  return { ...advice, evidence: [...noStop, ...advice.evidence] };
}

/** The changes of the responder's the burn rose after, as evidence (first) of any advice but the one that names a change that made it worse. */
function withRises(context: Context, recommendation: Recommendation): Recommendation {
  if (context.rises.length === 0 || recommendation.kind === 'made-worse') return recommendation;
  const lines = context.rises.map((rise) => actionLine(context.input, rise.action, `the burn rose after it ${riseBy(rise)}; ${undoText(rise.action)}`));
  const undoes = [...new Set([...(recommendation.undoes ?? []), ...context.rises.map((rise) => rise.action.id)])];
  return { ...recommendation, evidence: [...lines, ...recommendation.evidence.filter((line) => !lines.includes(line))], undoes };
}

/** Before any page (and any action), or since one cleared: the same advice, said to be ahead of the page, why first. */
function notPagedYet(context: Context, recommendation: Recommendation, words = 'Not paged yet'): Recommendation {
  return { ...recommendation, text: `${words}: ${recommendation.text}`, evidence: [...context.burnLines, ...recommendation.evidence.filter((line) => !context.burnLines.includes(line))] };
}

function recommendOn(context: Context, cause: Cause): Recommendation {
  if (cause.kind === 'flag') return flagKillSwitch(context, cause);
  if (cause.kind === 'deploy') return rollbackFor(context, cause.deploy);
  return noExplainingChange(context, cause);
}

/**
 * The newest thing the responder did about the likely cause (with no cause, any change). One whose check failed may not have
 * happened: what came after it is what the burn answers to (a stop was credited to such a rollback, not to the kill switch after it).
 */
function actionOnCause(cause: Cause, actions: readonly ResponderAction[], deploys: readonly Deploy[], afterTheStop?: ReadonlySet<string>): ResponderAction | undefined {
  // A second rollback goes on from where the first one went (:42 → :41, then :41 → :40): it is on the cause too (the first was named while :40 ran),
  // but not the change the burn stopped after when made once it had (`Rolled back to :40 …: the burn has stopped` of the one after).
  const rolledTo = new Set(cause.kind === 'deploy' ? [cause.deploy.deploy.revision] : []);
  // So is one from a revision that runs the cause's build (Kubernetes renumbers :42's ReplicaSet :44 when an undo goes back
  // to it): rolled back from :44, the advice went from the screen, and read "Rollback recommended" of the rollback's own deploy.
  const builds = (revision: string) => [revision, ...(deploys.find((d) => d.revision === revision)?.formerRevisions ?? [])];
  const onCause = actions.filter((a) => {
    if (cause.kind === 'flag') return a.kind === 'flag' && a.flag === cause.flag.key;
    if (cause.kind !== 'deploy') return true;
    if (a.kind !== 'rollback' || !builds(a.from).some((revision) => rolledTo.has(revision))) return false;
    rolledTo.add(a.to);
    return true;
  });
  const last = onCause.filter((a) => afterTheStop?.has(a.id) !== true).at(-1) ?? onCause.at(-1);
  return last?.status === 'unverified' ? (actions.filter((a) => a.startedAt > last.startedAt).at(-1) ?? last) : last;
}

/**
 * The short window has had the time to drain since the action and still burns above the trigger
 * or, the action checked (its rollout over), over 1x a 5m window and a poll after it: the action
 * did not stop the burn, and saying "waiting" any longer would hide that (a rollback to a build as
 * bad read "waiting for the burn to fall (5m 10.1x ↓)" for 16 minutes, under a 14.4x trigger).
 */
function didNotStop({ input, burns }: Context, action: ResponderAction): boolean {
  if (action.status === 'running') return false;
  // A rollback on the deploys panel's clock: not before its rollout was over and a whole 5m window after.
  if (action.kind === 'rollback' && input.now < action.judgedBy) return false;
  if (burns.some((b) => b.shortBurn !== null && b.shortBurn > b.threshold && input.now - action.at > b.shortMs)) return true;
  const now = burnNow(burns);
  return action.status !== 'done' && now.burn !== null && now.burn >= 1 && input.now - action.at > now.windowMs + MINUTE;
}

/**
 * The responder's other changes made within a 5m window (and a poll) of `action`: the burn cannot tell
 * which of them stopped it (`the burn stopped after it and act-2, made together`, in the undo's dialog
 * and the postmortem), and the advice named the newest alone.
 */
function madeWith({ input }: Context, action: ResponderAction): string {
  // As the burn judged them where it did (a rollback the burn had not begun to fall after is none: the panel cleared :42 beside "made together").
  const judged = input.stoppedWith?.get(action.id);
  const within = (other: ResponderAction) => (judged === undefined ? Math.abs(other.startedAt - action.startedAt) <= SHORT_WINDOW_MS + MINUTE : judged.includes(other.id));
  const together = input.actions.filter((other) => other !== action && other.status !== 'running' && input.afterTheStop?.has(other.id) !== true && within(other));
  return together.map((other) => `, with ${changeNoun(other)} ${roughDuration(input.now - other.at)} ago`).join('') + (together.length === 0 ? '' : ' (made together: the SLO cannot tell which)');
}

/** "the rollback to :41", "checkout_v2 set to off": a change named after "with". */
function changeNoun(action: ResponderAction): string {
  if (action.kind === 'flag') return madeText(action);
  return action.undo ? `the redeploy of ${targetText(action)}` : `the rollback to ${targetText(action)}`;
}

/** What became of a rollback beside a flag kill switch: its check failed (it did not happen), or it did not stop the burn. */
function rollbackNote(context: Context, rollback: ResponderAction & { kind: 'rollback' }): string {
  if (rollback.status === 'unverified') return `; the rollback to ${targetText(rollback)} failed its check`;
  return didNotStop(context, rollback) ? `; rolling back to ${targetText(rollback)} did not stop it` : '';
}

function afterAction(context: Context, action: ResponderAction, cause: Cause): Recommendation {
  const { input, burns } = context;
  const what = madeText(action);
  const doing = doingText(action);
  const verification = {
    running: 'still running',
    done: 'done, being verified',
    unwatched: 'done, not verified (Enter on its step checks it): nothing watches it',
    verified: 'verified',
    unverified: 'its verification failed',
  }[action.status];
  const evidence = [
    // "…, 4m ago: verified": the time is when the change was made, not when it was verified.
    actionLine(input, action, verification),
    causeLine(context, cause),
    ...context.burnLines,
  ];
  const trend = trendText(burns, input.shortBurns?.get(context.slo) ?? [], input.now);
  // Its check said it did not take: "Rolled back to :41, waiting…" (later "…, but the burn goes on") stood above "its verification failed".
  if (action.status === 'unverified') {
    const change = action.kind === 'rollback' ? `The rollback to ${targetText(action)}` : `Setting ${action.flag} to ${action.after ?? 'its code default'}`;
    return { kind: 'not-recovering', slo: context.slo, text: `${change} failed its check (${trend}): see what runs now before anything else`, evidence };
  }
  // A change the burn rose after, undone less than a window ago: the window drains what it did, and says nothing of this
  // one yet (after the undo of a forced rollback, the kill switch before it read "the burn goes on: look for another cause").
  const draining = drainsUndoneRise(context, action);
  if (!draining && didNotStop(context, action)) {
    const other = context.rises.filter((rise) => rise.action !== action).at(-1);
    return { kind: 'not-recovering', slo: context.slo, text: `${what} ${roughDuration(input.now - action.at)} ago${goesOn(context, action, other)}`, evidence, ...(other === undefined ? {} : { undoFirst: true }) };
  }
  const stopped = action.status === 'running' ? undefined : burnStopped(burns, input.marked === false);
  if (stopped !== undefined) return { kind: 'waiting-for-recovery', slo: context.slo, text: `${madeAgoText(action, input.now)}${madeWith(context, action)}: ${stopped}`, evidence, ...asksToMark(input.marked === false) };
  const rose = draining ? undefined : roseSince(context, action);
  if (rose !== undefined) return roseSinceAdvice(context, action, rose, evidence);
  // A rollout still checked, or nobody watches, is not "Rolled back to :41" (beside 0/3 tasks running; beside `◌ NOT WATCHED`).
  const head = action.status === 'running' || (action.status === 'done' && action.kind === 'rollback') ? doing : rolloutUnconfirmed(action) ? madeAgoText(action, input.now) : what;
  return { kind: 'waiting-for-recovery', slo: context.slo, text: `${head}, waiting for the burn to fall (${trend})`, evidence, falling: true };
}

/** Whether a change made after `action`, which the burn rose after, was undone less than a 5m window (and a minute) ago. */
function drainsUndoneRise({ input, everyRise }: Context, action: ResponderAction): boolean {
  const recent = [...input.actions, ...(input.undone ?? [])].filter((undo) => undo.undoes !== undefined && undo.status !== 'running' && undo.startedAt > action.startedAt && input.now - undo.at < SHORT_WINDOW_MS + MINUTE);
  return recent.some((undo) => everyRise.some((rise) => rise.action.id === undo.undoes));
}

/** How far over its burn before a change the 5m burn must be, a poll after the change was made, for it to have risen since. */
const ROSE = 1.2;

/**
 * The 5m burn before a change and now, when it rose since (a poll after the change was made):
 * however the change went, it did not take the burn down. A rollback to a build as bad read
 * "waiting for the burn to fall (5m 43.5x ↑)" for four minutes while the burn went from 15.9x
 * to 43.5x, until it reached madeWorse's three times.
 */
function roseSince(context: Context, action: ResponderAction): string | undefined {
  if (action.status === 'running' || context.input.now - action.at < MINUTE) return undefined;
  // A burn just begun fills its 5m window whatever the change did (a real rollback's 30s rollout
  // read "rose since … undo it" 26s after it, the errors gone): madeWorse judges those rises.
  if (!steadyBefore(context.input.shortBurns?.get(context.slo) ?? [], action.startedAt)) return undefined;
  const since = sinceChange(context, action);
  return since !== undefined && since.windowMs === SHORT_WINDOW_MS && since.now >= ROSE * since.before ? since.words : undefined;
}

/**
 * How the burn went on after a change that did not stop it: fallen by a third or more (the change took
 * its part away, another cause burns too), the change of the responder's it rose after if any; after a
 * rollback, the build it went to may be as bad (two bad builds at once read "another cause" alone).
 */
function goesOn(context: Context, action: ResponderAction, other: Rise | undefined): string {
  const { input, burns } = context;
  const since = sinceChange(context, action);
  const look = other !== undefined ? `another cause, likely ${riseText(input, other)}` : action.kind === 'rollback' ? `look for another cause, or ${targetText(action)} is as bad (roll back further?)` : 'look for another cause';
  if (since === undefined || since.now > HELPED * since.before) return `, but the burn goes on (${trendText(burns, input.shortBurns?.get(context.slo) ?? [], input.now)}): ${look}`;
  return `: the burn fell (${since.words}) but goes on: ${look}`;
}

function flagKillSwitch(context: Context, cause: Extract<Cause, { kind: 'flag' }>): Recommendation {
  const { input } = context;
  const flag = cause.flag;
  const serving = flag.state === 'DISABLED' ? 'disabled' : flag.variant === undefined ? undefined : `serving ${flag.variant ?? 'its code default'}`;
  // Not an undo (it rolls forward: `rolled back :41 → :42 already` read of the undo of a rollback).
  const rolledBack = input.actions.filter((a): a is ResponderAction & { kind: 'rollback' } => a.kind === 'rollback' && a.undo !== true).at(-1);
  const preview = input.rollbackPreview;
  const evidence = [
    causeLine(context, cause),
    `${flag.key}${serving ? ` is ${serving}` : ''}${flag.by ? `, changed by ${flag.by}` : ''}`,
    ...(cause.lastDeploy ? [`the last deploy before the burn, ${cause.lastDeploy.deploy.revision}, is older than the flag change`] : []),
    // Not one an Argo Rollout aborted (its check failed): ":42 → :41 already" stood beside `● current :42`.
    ...(rolledBack && rolledBack.status !== 'unverified' ? [`${rolledBack.status === 'running' ? 'rolling back' : 'rolled back'} ${rolledBack.from} → ${rolledBack.to}${rolledBack.status === 'running' ? ' (its rollout under way)' : ' already'}: the burn began with the flag, not the deploy`] : []),
    ...(preview?.status === 'planned' && preview.verdict.level === 'blocked' ? [`a rollback is blocked: ${blockedBecause(preview, input.deploys)}`] : []),
    ...context.burnLines,
  ];
  return {
    kind: 'flag-kill-switch',
    slo: context.slo,
    flag: flag.key,
    // After a rollback that did not stop the burn the headline says so: the evidence alone went unread.
    text: `Flag kill switch recommended: ${flag.key} changed ${roughDuration(input.now - flag.changedAt)} ago, after the last deploy before the burn (${deployAgo(input, cause.lastDeploy)})${rolledBack === undefined ? '' : rollbackNote(context, rolledBack)}`,
    evidence,
  };
}
