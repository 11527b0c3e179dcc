/**
 * Error-budget arithmetic (Google SRE workbook, "Alerting on SLOs"). Ratios are 0..1, objectives
 * are percentages as the runbook writes them (99.9), durations are milliseconds.
 *
 * A `null` error ratio means "no data" (no traffic in the window): it propagates as `null` so no
 * caller can mistake silence for a healthy zero burn.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The windows of the SRE workbook's tables, in milliseconds. */
export const WINDOW_MS = {
  '5m': 5 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '6h': 6 * HOUR,
  '1d': 24 * HOUR,
  '3d': 72 * HOUR,
} as const;

/** The windows of the workbook's multiwindow alerting tables, shortest first. */
export const STANDARD_WINDOWS_MS: readonly number[] = [
  WINDOW_MS['5m'],
  WINDOW_MS['30m'],
  WINDOW_MS['1h'],
  WINDOW_MS['6h'],
  WINDOW_MS['1d'],
  WINDOW_MS['3d'],
];

/** The windows the SLO panel and `cockpit status` show, shortest first. */
export const DISPLAY_WINDOWS_MS = [WINDOW_MS['5m'], WINDOW_MS['30m'], WINDOW_MS['1h'], WINDOW_MS['6h']] as const;

/** The shortest shown window: its burn is the one kept as history (sparkline, verify steps). */
export const SHORT_WINDOW_MS = DISPLAY_WINDOWS_MS[0];

/**
 * The windows to ask an SLO's error ratio for: the shown ones, the trigger rules' windows
 * (`windowsFor` in triggers.ts) and the whole period (for the budget left), each once.
 */
export function sloWindowsToPoll(periodMs: number, triggerWindowsMs: Iterable<number>): number[] {
  return [...new Set([...DISPLAY_WINDOWS_MS, ...triggerWindowsMs, periodMs])];
}

/** The fraction of requests allowed to fail: 99.9 → 0.001. */
export function errorBudget(objectivePercent: number): number {
  return 1 - objectivePercent / 100;
}

/** How fast the budget is being spent: 1 spends exactly the whole budget over the period. */
export function burnRate(errorRatio: number | null, objectivePercent: number): number | null {
  return errorRatio === null ? null : errorRatio / errorBudget(objectivePercent);
}

/** Fraction of the period's budget spent in a window at a burn rate. */
export function budgetConsumed(burn: number, windowMs: number, periodMs: number): number {
  return (burn * windowMs) / periodMs;
}

/**
 * Fraction of the period's budget still unspent, from the error ratio over the whole period.
 * Negative when the budget is overspent (how far over is worth showing).
 */
export function budgetRemaining(periodErrorRatio: number | null, objectivePercent: number): number | null {
  const burn = burnRate(periodErrorRatio, objectivePercent);
  return burn === null ? null : 1 - burn;
}

/**
 * The budget left by a period's error ratio read from data covering only `coveredMs` of it (a
 * Prometheus younger than the period, or keeping less): the ratio is the data's, and its errors
 * are counted against the whole period's budget, the period's traffic taken as the data's. What
 * happened before the data is not known: at most this much is left. With the period covered (or
 * `coveredMs` unknown), `budgetRemaining`.
 */
export function budgetRemainingOver(periodErrorRatio: number | null, objectivePercent: number, periodMs: number, coveredMs?: number): number | null {
  const share = coveredMs === undefined ? 1 : Math.min(1, Math.max(0, coveredMs) / periodMs);
  return budgetRemaining(periodErrorRatio === null ? null : periodErrorRatio * share, objectivePercent);
}

/**
 * How long until the remaining budget is gone at this burn: remaining × period / burn.
 * 0 when nothing is left, Infinity when nothing is burning, null without data.
 */
export function timeToExhaustionMs(remaining: number | null, burn: number | null, periodMs: number): number | null {
  if (remaining === null || burn === null) return null;
  if (remaining <= 0) return 0;
  if (burn <= 0) return Number.POSITIVE_INFINITY;
  return (remaining * periodMs) / burn;
}

/**
 * When the budget runs out at this burn, if that is within its period: beyond it, the budget is
 * not running out and there is no date to give ("gone in 246d" of a 30-day budget after a burn
 * fell to 0.1x). Null then, and without data.
 */
export function budgetRunsOutInMs(remaining: number | null, burn: number | null, periodMs: number): number | null {
  // Already spent: "gone in 0s" beside "-117% left" dated nothing.
  if (remaining !== null && remaining <= 0) return null;
  const ms = timeToExhaustionMs(remaining, burn, periodMs);
  return ms !== null && ms < periodMs ? ms : null;
}

export interface WindowBurn {
  readonly windowMs: number;
  readonly errorRatio: number | null;
  readonly burn: number | null;
  /** Fraction of the period's budget this window spent; null without data. */
  readonly budgetConsumed: number | null;
}

/** Burn per window from the error ratios observed for one SLO; a window nobody measured is no data. */
export function windowBurns(
  ratios: ReadonlyMap<number, number | null> | ((windowMs: number) => number | null),
  objectivePercent: number,
  periodMs: number,
  windowsMs: readonly number[] = STANDARD_WINDOWS_MS,
): WindowBurn[] {
  const ratioAt = typeof ratios === 'function' ? ratios : (windowMs: number) => ratios.get(windowMs) ?? null;
  return windowsMs.map((windowMs) => {
    const errorRatio = ratioAt(windowMs);
    const burn = burnRate(errorRatio, objectivePercent);
    return { windowMs, errorRatio, burn, budgetConsumed: burn === null ? null : budgetConsumed(burn, windowMs, periodMs) };
  });
}
