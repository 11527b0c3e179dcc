import { SHORT_WINDOW_MS } from './burnRate';
import { asksToMark, burnNow, burnStopped, burnText } from './burnNow';
import { RAISED, riseBase, roseText, steadyBefore, windowFullFrom, WORSE, type RiseAfter } from './burnWentOn';
import { actionLine, doingText, madeAgoText, madeText, rolloutUnconfirmed, targetText, undoText } from './actionWords';
import type { FlagChange } from './changeCorrelation';
import { formatDuration } from './duration';
import type { ResponderAction } from './responderActions';
import { roughDuration } from './roughDuration';
import type { Recommendation, RecommendationContext } from './recommendationTypes';

/** The recommendation's rules for a change the responder made that brought the burn back or made it worse. Pure. */

const MINUTE = 60_000;

/**
 * A change made after the one on the cause, when the burn had stopped (the 5m window under 1x just
 * before it) and is back over 1x now: that change is the likely cause. A rollback
 * forced through its migration block, after the kill switch had worked, was met with "checkout_v2
 * set to off 20m ago, but the burn goes on: look for another cause".
 */
export function cameBackAfter(context: RecommendationContext, acted: ResponderAction): Recommendation | undefined {
  const { input, burns } = context;
  const later = input.actions.filter((a) => a.status !== 'running' && a !== acted && a.startedAt > acted.at).at(-1);
  const now = burnNow(burns);
  // Back over 1x is back: at 6.5x, under every threshold yet, it read "waiting for the burn to fall (5m 6.5x ↓)".
  if (later === undefined || now.burn === null || now.burn < 1) return undefined;
  const before = (input.shortBurns?.get(context.slo) ?? []).filter((s) => s.at <= later.startedAt && s.burn !== null).at(-1);
  if (before === undefined || before.burn! >= 1) return undefined;
  return {
    kind: 'made-worse',
    slo: context.slo,
    // No arrow: "↓" (under the hour's average) read as falling while it rose minute by minute.
    // Its undo is the way out, and the confirmation of it says so (it read "⚠ Not the recommended change" of it).
    text: `${madeText(later)} ${roughDuration(input.now - later.at)} ago, and the burn came back (${formatDuration(now.windowMs)} ${burnText(now.burn)}): it had stopped (${formatDuration(SHORT_WINDOW_MS)} ${burnText(before.burn)}) before that change, the likely cause; ${undoText(later)}`,
    evidence: [actionLine(input, later, 'made while the burn had stopped'), actionLine(input, acted, 'the change the burn stopped after'), ...context.burnLines],
    undoes: [later.id],
  };
}

/**
 * How many times its burn before a change the 5m burn must reach after it for the change to have
 * made it worse: RAISED when the burn was steady before it (a window still filling with a burn
 * just begun doubles by itself), else WORSE. A kill switch that took a steady 16x to 36x was
 * waited on, "waiting for the burn to fall (5m 31.8x ↑)", and at 100 columns its evidence line,
 * the only word of it, was not drawn.
 */
function worseFactor(samples: readonly { readonly at: number; readonly burn: number | null }[], changedAt: number): number {
  return steadyBefore(samples, changedAt) ? RAISED : WORSE;
}

/**
 * A change after which the burn rose sharply (the 5m window at 3x what it was just before the
 * change, or 2x of a steady burn, within a 5m window of it, and still): the change is the likely
 * cause of the rise. A rollback forced through its migration block took a burn of 18x to 137x,
 * and the screen said only "rolling back to :41 did not stop it", then, after the kill switch,
 * "look for another cause".
 */
export function madeWorse(context: RecommendationContext): Recommendation | undefined {
  const { input, burns } = context;
  const now = burnNow(burns);
  if (now.burn === null || now.burn < 1) return undefined;
  const samples = (input.shortBurns?.get(context.slo) ?? []).filter((s): s is { at: number; burn: number } => s.burn !== null);
  const changes = [...input.actions, ...(input.undone ?? [])];
  const worse = input.actions.flatMap((action) => {
    if (action.status === 'running') return [];
    const before = samples.filter((s) => s.at <= action.startedAt).at(-1);
    const factor = worseFactor(samples, action.startedAt);
    const base = riseBase(samples, action.startedAt);
    // From under 1x it came back: cameBackAfter's to say.
    if (before === undefined || base === undefined || now.burn! < factor * base) return [];
    // Risen within a 5m window (and a poll) of the change: said as soon as the window shows it (it
    // said "did not stop it" for 8 drill-minutes while the burn went 47x → 119x), never for a rise long after.
    // Not while the window fills with a burn begun under 5m before the change (it rises by itself then).
    const full = windowFullFrom(samples, action.startedAt);
    // Before the next change made more than a minute after it, undone ones too: a kill switch was blamed for the rise
    // after a rollback forced 3 minutes later, once that rollback was undone (the kill switch, the only fix).
    const next = Math.min(...changes.filter((other) => other.startedAt > action.at + MINUTE).map((other) => other.startedAt));
    const after = samples.find((s) => s.at > action.at && s.at >= full && s.at <= Math.min(action.at + SHORT_WINDOW_MS + MINUTE, next) && s.burn >= factor * base);
    return after === undefined ? [] : [{ action, before, after }];
  });
  // The change closest before the rise: a kill switch, then a rollback forced 73s later, then the
  // rise; the kill switch was blamed (the earliest), and the screen said to undo it.
  const rise = Math.min(...worse.map((w) => w.after.at));
  const beforeRise = worse.filter((w) => w.action.startedAt < rise);
  const latest = beforeRise.at(-1);
  const first = latest === undefined ? undefined : beforeRise.find((w) => latest.action.at - w.action.at <= MINUTE);
  if (first === undefined || latest === undefined) return undefined;
  const rose = (what: string) => `the burn rose (${formatDuration(SHORT_WINDOW_MS)} ${burnText(first.before.burn)} before ${what}, ${formatDuration(now.windowMs)} ${burnText(now.burn)} now)`;
  const made = (w: (typeof worse)[number]) => actionLine(input, w.action, `made at ${formatDuration(SHORT_WINDOW_MS)} ${burnText(w.before.burn)}; ${burnText(w.after.burn)} ${roughDuration(w.after.at - w.action.at)} after it`);
  // Made within a minute of each other, before the rise showed: the 5m window cannot tell which did
  // it. A kill switch and a rollback forced 10s after it through its migration block: the screen
  // blamed the kill switch, and said to undo it.
  const together = beforeRise.filter((w) => w.action.at >= first.action.at);
  const last = together.at(-1)!.action;
  if (together.length === 1) {
    return { kind: 'made-worse', slo: context.slo, text: `${madeText(last)} ${roughDuration(input.now - last.at)} ago, and ${rose('it')}: that change made it worse, the likely cause of the rise; ${undoText(last)}`, evidence: [made(first), ...context.burnLines], undoes: [last.id] };
  }
  const names = together.map((w, i) => (i === 0 ? madeText(w.action) : madeText(w.action).replace(/^R/, 'r'))).join(' and ');
  const forced = together.filter((w) => w.action.kind === 'rollback' && w.action.forced);
  const which =
    forced.length === 1
      ? `the rollback to ${targetText(forced[0]!.action as ResponderAction & { kind: 'rollback' })} was forced through its safety block, the likelier cause; ${undoText(forced[0]!.action)}`
      : `the SLO cannot tell which; undo one (${together.map((w) => undoText(w.action).replace(/^undo it: /, '')).join(', or ')})`;
  return {
    kind: 'made-worse',
    slo: context.slo,
    text: `${names}, ${roughDuration(last.at - first.action.at)} apart, ${roughDuration(input.now - last.at)} ago, and ${rose('them')}: one of them made it worse; ${which}`,
    evidence: [...together.map(made), ...context.burnLines],
    undoes: (forced.length === 1 ? forced : together).map((w) => w.action.id),
  };
}

/** A change the responder made after which the burn rose (burnWentOn.ts `risesAfter`). */
export type Rise = RiseAfter<ResponderAction>;

/**
 * Whether the change a rise came after still stands: no later change of the responder's took it
 * back (a rollback from the revision it went to, a change of the same flag), and a flag still
 * serves what it set, as far as the flags provider says (set back by hand, outside the cockpit).
 */
export function stillStands(rise: Rise, actions: readonly ResponderAction[], flags: readonly FlagChange[]): boolean {
  const { action } = rise;
  const later = actions.filter((a) => a.startedAt > action.startedAt);
  if (action.kind === 'rollback') return !later.some((a) => a.kind === 'rollback' && a.from === action.to);
  const serves = flags.filter((f) => f.key === action.flag).sort((a, b) => b.changedAt - a.changedAt)[0];
  return !later.some((a) => a.kind === 'flag' && a.flag === action.flag) && (serves?.variant === undefined || serves.variant === action.after || serves.state === action.after);
}

/** "(5m 15.9x → 36.2x)": how far the burn rose after a change. */
export const riseBy = (rise: Rise): string => `(${roseText(rise)})`;

/** "checkout_v2 set to off 17m ago, after which the burn rose (5m 15.9x → 36.2x)". */
export function riseText(input: { readonly now: number }, rise: Rise): string {
  const made = madeText(rise.action);
  return `${made[0]!.toLowerCase()}${made.slice(1)} ${roughDuration(input.now - rise.action.at)} ago, after which the burn rose ${riseBy(rise)}`;
}

/**
 * The undo of a change made while the burn had stopped, the burn back after it: waited on for a
 * 5m window (and a poll) while the burn drains, as any change is. Once checked, the undo and the
 * change it took back are left out of what the advice answers to, and it read "Rolled back to :41
 * 33m ago, but the burn goes on (5m 14.1x ↓): look for another cause" a minute after the undo
 * that ended the relapse.
 */
export function relapseUndone(context: RecommendationContext): Recommendation | undefined {
  const { input, burns } = context;
  const undone = input.undone ?? [];
  // Under way, the undo still stands beside the change it takes back (in `actions`); once made, both are `undone`.
  const undo = [...undone, ...input.actions].filter((a) => a.undo === true).sort((a, b) => a.startedAt - b.startedAt).at(-1);
  const now = burnNow(burns);
  if (undo === undefined || now.burn === null) return undefined;
  const change = undone.filter((a) => a.undo !== true && a.startedAt < undo.startedAt).at(-1);
  const before = change === undefined ? undefined : (input.shortBurns?.get(context.slo) ?? []).filter((s) => s.at <= change.startedAt && s.burn !== null).at(-1);
  if (before === undefined || before.burn! >= 1) return undefined;
  // Under way: what the responder does now. The kill switch before the relapse read "set to off,
  // waiting for the burn to fall (5m 10.3x ↑)", then "… but the burn goes on: look for another cause".
  if (undo.status === 'running' || rolloutUnconfirmed(undo)) return underWay(context, undo);
  // Said as what it undid: a change the burn came back after, or one made after it had stopped that it never came back
  // after (a second rollback after the stop, undone, read "the undo of the change the burn came back after" at 0.1x).
  const cameBack = (input.shortBurns?.get(context.slo) ?? []).some((s) => s.at > change!.startedAt && s.at <= undo.startedAt && s.burn !== null && s.burn >= 1);
  if (now.burn < 1) return stoppedAgain(context, undo, cameBack ? 'the undo of the change the burn came back after' : `the undo of ${change!.id}, made after the burn had stopped`);
  if (input.now - undo.at > SHORT_WINDOW_MS + MINUTE) return undefined;
  return {
    kind: 'waiting-for-recovery',
    slo: context.slo,
    text: `${madeText(undo)} ${roughDuration(input.now - undo.at)} ago, waiting for the burn to fall (${formatDuration(now.windowMs)} ${burnText(now.burn)}): it had stopped (${formatDuration(SHORT_WINDOW_MS)} ${burnText(before.burn)}) before the change it undid`,
    evidence: [actionLine(input, undo, 'the undo of the change the burn came back after'), ...context.burnLines],
  };
}

/**
 * The burn stopped again after that undo, no change of the responder's since: the undo ended the
 * relapse. The longer windows still hold it, and the kill switch made before it read "the burn fell
 * (5m 17.8x before it, 0.1x now) but goes on: look for another cause" of a second outage now over.
 */
function stoppedAgain(context: RecommendationContext, undo: ResponderAction, undid: string): Recommendation | undefined {
  const { input, burns } = context;
  const stopped = burnStopped(burns, input.marked === false);
  if (stopped === undefined || input.actions.some((a) => a.startedAt > undo.startedAt)) return undefined;
  return {
    kind: 'waiting-for-recovery',
    slo: context.slo,
    text: `${madeAgoText(undo, input.now)}: ${stopped}`,
    evidence: [actionLine(input, undo, undid), ...context.burnLines],
    ...asksToMark(input.marked === false),
  };
}

/**
 * An undo under way (rolling out, or made and its check not answered) while no trigger fires: what
 * it puts back, and what to watch. While the undo of the rollback that worked rolled out, the SLO
 * panel read `↘ recovering` with no advice at all (before it: "the burn has stopped"). Its rollout
 * not confirmed, it is not said as made, and a burn going on does not "come back": `Deployed :42
 * again 8s ago: watch whether the burn comes back (5m 10.7x)` stood beside 0/6 tasks and `▲ BURNING`.
 */
export function undoUnderWay(context: RecommendationContext): Recommendation | undefined {
  // Nobody watching it is no end of it: the advice went from the screen while the bad build rolled out again.
  const undo = context.input.actions.filter((a) => a.undo === true && (a.status === 'running' || a.status === 'done' || a.status === 'unwatched')).at(-1);
  return undo === undefined ? undefined : underWay(context, undo);
}

/** `Deploying :42 again to undo the rollback to :41: watch whether the burn falls (5m 10.3x)`. */
function underWay(context: RecommendationContext, undo: ResponderAction): Recommendation {
  const { input, burns } = context;
  const now = burnNow(burns);
  const burn = now.burn === null ? 'no data yet' : `${formatDuration(now.windowMs)} ${burnText(now.burn)}`;
  const head = undo.status === 'running' ? doingText(undo) : madeAgoText(undo, input.now);
  const watch = now.burn !== null && now.burn >= 1 ? 'watch whether the burn falls' : 'watch whether the burn comes back';
  return {
    kind: 'waiting-for-recovery',
    slo: context.slo,
    text: `${head}: ${watch} (${burn})`,
    evidence: [actionLine(input, undo, undo.status === 'running' ? 'under way' : 'its check not answered yet'), ...context.burnLines],
  };
}

/**
 * "… and the burn rose since (…): it is not falling, and may have made it worse (undo it: …)". With
 * another change of the responder's made within a 5m window (and a poll) before it, either may have:
 * a kill switch turned 50s before a rollback read as the rollback's doing, the flag never named.
 */
export function roseSinceAdvice(context: RecommendationContext, action: ResponderAction, rose: string, evidence: readonly string[]): Recommendation {
  const { input } = context;
  const head = `${madeText(action)} ${roughDuration(input.now - action.at)} ago, and the burn rose since (${rose}): it is not falling`;
  const earlier = input.actions.filter((a) => a !== action && a.status !== 'running' && a.startedAt < action.startedAt && action.startedAt - a.startedAt <= SHORT_WINDOW_MS + MINUTE).at(-1);
  if (earlier === undefined) return { kind: 'not-recovering', slo: context.slo, text: `${head}, and may have made it worse (${undoText(action)})`, evidence: [...evidence], undoes: [action.id] };
  const other = madeText(earlier);
  const undoOne = [action, earlier].map((a) => undoText(a).replace(/^undo it: /, '')).join(', or ');
  return {
    kind: 'not-recovering',
    slo: context.slo,
    text: `${head}; it or ${other[0]!.toLowerCase()}${other.slice(1)}, ${roughDuration(action.startedAt - earlier.startedAt)} before it, may have made it worse: the SLO cannot tell which; undo one (${undoOne})`,
    evidence: [actionLine(input, earlier, 'made just before it'), ...evidence],
    undoes: [action.id, earlier.id],
  };
}
