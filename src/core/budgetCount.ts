import { errorBudget } from './burnRate';

/**
 * The error budget an incident consumed, counted from its SLO samples. A sample is a window's
 * average (the last 5m's error ratio), so the errors of a stretch are its windows laid end to
 * end: the sample at 02:35 measures 02:30–02:35 exactly, the one at 02:40 the next five minutes.
 * Holding each sample's burn forward until the next one (as this count did) put every error in
 * the count up to a window late: errors that stopped 44 s after the opening were counted for five
 * minutes more (0.52% of the budget against 0.11%), on top of the minutes before the opening the
 * impact estimate had already counted.
 *
 * The first sample only starts the count (what it measures came before it: core/impactStart.ts).
 * A sample a whole window after the count's end measures up to it; where samples are missing for
 * longer than a window, the stretch its window does not reach is counted at the burn read before
 * it (core/sloGaps.ts says where); after the last one, the tail is counted at the last burn read.
 * Nothing is counted after the incident was resolved.
 */

/** A sample this close to a whole window after the count's end measures up to it (polls drift by a few seconds). */
export const SAMPLE_SLACK_SHARE = 0.1;

export interface BudgetTally {
  /** Budget fraction counted so far. */
  readonly consumed: number;
  /** Where the count has reached (epoch ms). */
  readonly countedTo: number;
  /** The first sample after `countedTo`, not counted yet: its window is the nearest measure of what lies just after it. */
  readonly firstAfter?: { readonly errorRatio: number | null };
}

export interface WindowSampleOf {
  readonly at: number;
  readonly windowMs: number;
  readonly errorRatio: number | null;
  readonly objective: number;
  readonly periodMs: number;
}

/** Budget fraction spent over `ms` at `errorRatio` (nothing for no data). */
export function spentOver(errorRatio: number | null, objective: number, periodMs: number, ms: number): number {
  const allowed = errorBudget(objective);
  if (errorRatio === null || periodMs <= 0 || allowed <= 0 || ms <= 0) return 0;
  return ((errorRatio / allowed) * ms) / periodMs;
}

/**
 * The tally after `sample`, given the one before and the sample read before it (`previous`).
 * `resolvedAt`: nothing after it is counted.
 */
export function countSample(tally: BudgetTally | undefined, previous: { readonly at: number; readonly errorRatio: number | null } | undefined, sample: WindowSampleOf, resolvedAt?: number): BudgetTally {
  if (tally === undefined) return { consumed: 0, countedTo: sample.at };
  const { countedTo } = tally;
  if (sample.at - countedTo < sample.windowMs * (1 - SAMPLE_SLACK_SHARE)) {
    return tally.firstAfter === undefined ? { ...tally, firstAfter: { errorRatio: sample.errorRatio } } : tally;
  }
  const until = (at: number) => Math.min(at, resolvedAt ?? Number.POSITIVE_INFINITY);
  const measuredFrom = Math.max(countedTo, sample.at - sample.windowMs);
  // Before this sample's window: a gap in the samples (none since measuredFrom) is counted at the
  // burn read before it; otherwise the samples since the count's end reached it (polls that
  // drifted after a resume), the first of them nearest: a later one's window held the burn's fall.
  const gap = previous === undefined || previous.at < measuredFrom;
  const before = gap ? (previous?.errorRatio ?? null) : (tally.firstAfter?.errorRatio ?? previous.errorRatio);
  const unmeasured = spentOver(before, sample.objective, sample.periodMs, until(measuredFrom) - countedTo);
  const measured = spentOver(sample.errorRatio, sample.objective, sample.periodMs, until(sample.at) - measuredFrom);
  return { consumed: tally.consumed + unmeasured + measured, countedTo: sample.at };
}

/** The tally up to `end` (the resolve, or the last event): the tail after the count's end at the last burn read. */
export function tallyTo(tally: BudgetTally, lastRatio: number | null, window: { readonly objective: number; readonly periodMs: number }, end: number): number {
  return tally.consumed + spentOver(lastRatio, window.objective, window.periodMs, end - tally.countedTo);
}
