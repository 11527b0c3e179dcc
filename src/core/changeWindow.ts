/**
 * The 5m burn around one change, as the burn's judgements read it: what it was made at, when the
 * change was whole, and whether the next change came before the window could tell. Pure.
 */
import { SHORT_WINDOW_MS } from './burnRate';
import type { ActionState } from './incidentState';

/** How late after a change the first sample may come for the history to reach back to it: the log records once a minute. */
export const POLL_MS = 60_000;

export type BurnSamples = ReadonlyMap<string, readonly { readonly at: number; readonly burn: number | null }[]>;

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
