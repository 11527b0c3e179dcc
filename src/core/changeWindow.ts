/**
 * The 5m burn around one change, as the burn's judgements read it: what it was made at, when the
 * change was whole, and whether the next change came before the window could tell. Pure.
 */
import { burnRate, SHORT_WINDOW_MS } from './burnRate';
import type { StoredEvent } from './events';
import type { ActionState } from './incidentState';

/** How late after a change the first sample may come for the history to reach back to it: the log records once a minute. */
export const POLL_MS = 60_000;

export type BurnSamples = ReadonlyMap<string, readonly { readonly at: number; readonly burn: number | null }[]>;

/** `event`'s 5m burn added to `burns`, if it is one (a log read event by event: afterTheStop.ts `shortBurnsOf`). */
export function addShortBurn(burns: Map<string, { at: number; burn: number | null }[]>, e: StoredEvent): void {
  if (e.kind !== 'slo.observed' || e.data.windowMs !== SHORT_WINDOW_MS) return;
  const samples = burns.get(e.data.slo) ?? [];
  if (samples.length === 0) burns.set(e.data.slo, samples);
  samples.push({ at: Date.parse(e.at), burn: burnRate(e.data.errorRatio, e.data.objective) });
}

/**
 * Whether the next change came before a 5m window (and a poll) could judge a change, and the 5m burn had not
 * begun to fall after it: on every SLO over 1x before it, each reading from its end to the next
 * change is at least FLAT of that, one of them FLAT_AFTER_MS after its end (a change that stopped
 * the burn takes a fifth of the window away each minute). A rollback the kill switch followed 3
 * minutes later, the burn at 18x throughout, was "made together" with it: `⊗ :42 bad`, and the
 * rollback to :41 left standing with nothing said.
 */
export function flatUntilNext(changedAt: number, end: number, nextChangeAt: number | undefined, history: BurnSamples): boolean {
  // Up to a window and a poll after it (`judgedBy`'s clock): a kill switch turned 17s after the window was whole, before a
  // reading in it, left the rollback neither outlived nor flat, and `⊗ :42 bad` stood beside "the burn has stopped".
  if (nextChangeAt === undefined || nextChangeAt >= end + SHORT_WINDOW_MS + POLL_MS) return false;
  return notFallingUntil(changedAt, end, nextChangeAt, history, FLAT_AFTER_MS);
}

/**
 * Whether, on every SLO over 1x before a change, each reading from its end to the next change is at least FLAT of that,
 * one of them `lateMs` or more after its end: the burn had not begun to fall after it.
 */
export function notFallingUntil(changedAt: number, end: number, nextChangeAt: number, history: BurnSamples, lateMs = 0): boolean {
  const burning = [...history.values()].filter((samples) => burnBefore(samples, changedAt) !== undefined);
  return (
    burning.length > 0 &&
    burning.every((samples) => {
      const after = samples.filter((s) => s.burn !== null && s.at > end && s.at < nextChangeAt);
      return after.some((s) => s.at >= end + lateMs) && after.every((s) => s.burn! >= FLAT * burnBefore(samples, changedAt)!);
    })
  );
}

/** The least of its burn before a change the 5m burn keeps after it, for the change not to have begun to stop it; and how long after. */
const FLAT = 0.9;
const FLAT_AFTER_MS = 90_000;

/** The last 5m burn at or before `at`, over 1x, on `samples`: what a change was made at. */
export function burnBefore(samples: readonly { readonly at: number; readonly burn: number | null }[], at: number): number | undefined {
  const before = samples.filter((s) => s.burn !== null && s.at <= at).at(-1)?.burn;
  return before != null && before >= 1 ? before : undefined;
}

/**
 * When a rollback's change was whole: its check's verdict (the rollout over), not the call's
 * return (a rollback whose tasks were replaced for another minute read "likely not the cause" while
 * its 5m burn still fell, at 1.4x). A change with no verdict has only its call to go by.
 */
export function changeEnd(action: ActionState): number | undefined {
  if (action.verification !== undefined && action.verification.outcome !== 'unwatched') return Date.parse(action.verification.at);
  return action.finishedAt === undefined ? undefined : Date.parse(action.finishedAt);
}

/** How far apart two 5m readings may be (the larger over the smaller) for the burn to be steady. */
const STEADY = 1.2;

/**
 * Whether the 5m burn was steady over 1x as a change was made: its last two readings before it within a fifth of each
 * other, and not back over 1x within a window of it (a burn come back fills its window whatever is done: a second
 * rollback a minute after an undo brought the burn back read "the burn rose since … may have made it worse (undo it:
 * deploy :44 again)", the bad build).
 */
export function steadyBefore(samples: readonly { readonly at: number; readonly burn: number | null }[], changedAt: number): boolean {
  const before = samples.filter((s): s is { at: number; burn: number } => s.burn !== null && s.at <= changedAt);
  const [a, b] = lastTwoReadings(samples, changedAt, STEADY_APART_MS);
  if (a === undefined || b === undefined || a.burn < 1 || b.burn < 1) return false;
  const under = before.findLast((s) => s.burn < 1);
  if (under !== undefined && changedAt - under.at < SHORT_WINDOW_MS) return false;
  return Math.max(a.burn, b.burn) <= STEADY * Math.min(a.burn, b.burn);
}

/**
 * When the 5m window holds only the burn going on at `changedAt`: a 5m window after its first
 * sample at 1x or more, when the samples saw it begin (one under 1x before it). A burn already
 * going on at the first sample began before it, and may have filled the window already; still
 * rising as the change was made, it may be filling, and is full a window after the first sample
 * at the latest (a cockpit opened a minute into the errors, a rollback a minute later: the window rose
 * 7.6x → 40x by itself, and the advice said the rollback made it worse, `deploy :6 again`).
 */
export function windowFullFrom(samples: readonly { readonly at: number; readonly burn: number | null }[], changedAt: number): number {
  let from: number | undefined;
  let seenBelow = false;
  let first: number | undefined;
  for (const s of samples) {
    if (s.at > changedAt) break;
    if (s.burn === null) continue;
    first ??= s.at;
    if (s.burn < 1) seenBelow = true;
    from = s.burn >= 1 ? (from ?? s.at) : undefined;
  }
  if (from !== undefined && seenBelow) return from + SHORT_WINDOW_MS;
  return first === undefined || !risingBefore(samples, changedAt) ? Number.NEGATIVE_INFINITY : first + SHORT_WINDOW_MS;
}

/**
 * The 5m burn a rise after a change is measured from: its last reading before it, in a window known full (knownFull); in
 * one seen still filling, what it would hold once full at the rate it was filling (the rise between the last two
 * readings, over a window), at most what the last reading allows of a burn as old as its first reading over 1x (a burn a
 * minute old at a rollback, 3x then 8.5x, filled its window to 27x by itself while the rollout served the bad build, and
 * the rollback read "that change made it worse … deploy :42 again"); undefined otherwise: no rise is measured.
 */
export function riseBase(samples: readonly { readonly at: number; readonly burn: number | null }[], changedAt: number): number | undefined {
  const before = burnBefore(samples, changedAt);
  if (before === undefined || knownFull(samples, changedAt)) return before;
  const full = windowFullFrom(samples, changedAt);
  const [a, b] = lastTwoReadings(samples, changedAt);
  // Neither known full nor seen filling (one reading, or two that moved little in under a minute): what the window held
  // is not known, and no rise is measured from it. On a real rig a kill switch 25 s after the opening (one reading, 5.4x,
  // 40 s into the errors) read "that change made it worse … undo it" as the window filled to 17.5x; a rollback made with
  // 9.2x then 9.5x, 34 s apart (an older burn's tail leaving the window as the new one filled it), as it filled to 21.6x.
  if (a === undefined || b === undefined || b.burn <= STEADY * a.burn) return undefined;
  const filling = ((b.burn - a.burn) / (b.at - a.at)) * SHORT_WINDOW_MS;
  const age = b.at - (full - SHORT_WINDOW_MS);
  return Math.max(before, Math.min(filling, age > 0 ? (b.burn * SHORT_WINDOW_MS) / age : Number.POSITIVE_INFINITY));
}

/**
 * Whether the 5m window held only the burn going on as a change was made, as far as its readings tell: over 1x on every
 * reading for a window (seen begin a window before, or seen that long), or not rising over a minute (steady, or falling:
 * a burn as old as the window at least; a window filling rises by a fifth a minute or more).
 */
function knownFull(samples: readonly { readonly at: number; readonly burn: number | null }[], changedAt: number): boolean {
  const before = samples.filter((s): s is { at: number; burn: number } => s.burn !== null && s.at <= changedAt);
  const from = before[before.findLastIndex((s) => s.burn < 1) + 1];
  const [a, b] = lastTwoReadings(samples, changedAt, STEADY_APART_MS);
  return (from !== undefined && from.at <= changedAt - SHORT_WINDOW_MS) || (a !== undefined && b !== undefined && a.burn >= 1 && b.burn >= 1 && b.burn <= STEADY * a.burn);
}

/** Whether the 5m burn was rising as a change was made: its last reading before it over a fifth above the one before. */
function risingBefore(samples: readonly { readonly at: number; readonly burn: number | null }[], changedAt: number): boolean {
  const [a, b] = lastTwoReadings(samples, changedAt);
  return a !== undefined && b !== undefined && b.burn > STEADY * a.burn;
}

/** Readings this far apart at least are two looks at the burn: a poll asked again at once read the same window twice. */
const APART_MS = 20_000;
/**
 * Readings this far apart at least show a steady burn: 9.2x then 9.5x, 34 s apart, were an older burn's tail leaving the
 * window as a new one filled it (a window filling moves by a fifth a minute at least).
 */
const STEADY_APART_MS = 60_000;

/**
 * The last reading at or before `changedAt`, and the last one a while before it (APART_MS): two readings a second apart
 * (a poll asked again after an action) read as a steady burn a window still filling 7.3x → 15.4x, and a rollback made in
 * it was said to have made it worse (`deploy :7 again`).
 */
function lastTwoReadings(samples: readonly { readonly at: number; readonly burn: number | null }[], changedAt: number, apartMs = APART_MS): [{ at: number; burn: number } | undefined, { at: number; burn: number } | undefined] {
  const before = samples.filter((s): s is { at: number; burn: number } => s.burn !== null && s.at <= changedAt);
  const b = before.at(-1);
  return [b === undefined ? undefined : before.findLast((s) => s.at <= b.at - apartMs), b];
}
