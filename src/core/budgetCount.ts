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
 * it (core/sloGaps.ts says where). Nothing is counted after the incident was resolved.
 *
 * The end of the count is no whole window: the last sample's window reaches back past where the
 * count stopped, into errors already counted. What it holds of those is taken at the rate the
 * window ending there held, and the rest is the stretch's (a drill quit two minutes after its kill
 * switch was counted at the last 5m reading, 7.3%, for three minutes that held 62 s of errors:
 * 2.3 times the truth). After the last sample, its last minute's rate goes on.
 */

/** A sample this close to a whole window after the count's end measures up to it (polls drift by a few seconds). */
export const SAMPLE_SLACK_SHARE = 0.1;

export interface BudgetTally {
  /** Budget fraction counted so far. */
  readonly consumed: number;
  /** Where the count has reached (epoch ms). */
  readonly countedTo: number;
  /** The ratio read at `countedTo` (what the window ending there held). */
  readonly countedRatio?: number | null;
  /** The first sample after `countedTo`, not counted yet: its window is the nearest measure of what lies just after it. */
  readonly firstAfter?: { readonly errorRatio: number | null };
  /** The sample before the last one, when it is not before `countedTo`: with the last, the rate of the latest stretch. */
  readonly beforeLast?: Sample;
}

interface Sample {
  readonly at: number;
  readonly errorRatio: number | null;
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
export function countSample(tally: BudgetTally | undefined, previous: Sample | undefined, sample: WindowSampleOf, resolvedAt?: number): BudgetTally {
  if (tally === undefined) return { consumed: 0, countedTo: sample.at, countedRatio: sample.errorRatio };
  const { countedTo } = tally;
  if (sample.at - countedTo < sample.windowMs * (1 - SAMPLE_SLACK_SHARE)) {
    return {
      consumed: tally.consumed,
      countedTo,
      countedRatio: tally.countedRatio ?? null,
      firstAfter: tally.firstAfter ?? { errorRatio: sample.errorRatio },
      ...(previous !== undefined && previous.at >= countedTo ? { beforeLast: { at: previous.at, errorRatio: previous.errorRatio } } : {}),
    };
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
  return { consumed: tally.consumed + unmeasured + measured, countedTo: sample.at, countedRatio: sample.errorRatio };
}

/** The tally up to `end` (the resolve, or the last event), the stretch after the count's end included. */
export function tallyTo(tally: BudgetTally, last: Sample, window: { readonly windowMs: number; readonly objective: number; readonly periodMs: number }, end: number): number {
  const { countedTo, countedRatio } = tally;
  const spent = (ratio: number | null, ms: number) => spentOver(ratio, window.objective, window.periodMs, ms);
  const span = last.at - countedTo;
  if (countedRatio === undefined || countedRatio === null || last.errorRatio === null || span <= 0) return tally.consumed + spent(last.errorRatio, end - countedTo);
  // Errors from `from` to the last sample: the window's change over it, plus what slid out of it,
  // taken at the rate the window ending at the count's end held.
  const rateSince = (from: Sample) => clamp01((window.windowMs * (last.errorRatio! - from.errorRatio!) + (last.at - from.at) * countedRatio) / (last.at - from.at));
  const stretch = rateSince({ at: countedTo, errorRatio: countedRatio });
  const before = tally.beforeLast;
  const latest = before !== undefined && before.errorRatio !== null && before.at < last.at ? rateSince(before) : stretch;
  return tally.consumed + spent(stretch, Math.min(end, last.at) - countedTo) + spent(latest, end - last.at);
}

function clamp01(ratio: number): number {
  return Math.min(1, Math.max(0, ratio));
}
