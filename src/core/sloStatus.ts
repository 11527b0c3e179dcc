import type { TriggerRule } from './triggers';

/**
 * One word for an SLO's state, judged by its trigger rules on the latest window burns:
 *
 * - `burning`: some rule's short window burns above its threshold: budget is going fast right
 *   now, whether or not the long window has caught up yet (a fresh burn starts that way).
 * - `recovering`: no short window is above its threshold, but some long window still is: the
 *   burn stopped recently and the long windows are draining.
 * - `ok`: every measured window of every rule is at or under its threshold.
 * - `no-data`: no rule has a measured window, so nothing can be said.
 */
export type SloStatus = 'burning' | 'recovering' | 'ok' | 'no-data';

/** The burn of a window (ms), or null when it was not measured or had no traffic. */
export type BurnAt = (windowMs: number) => number | null;

export function sloStatus(rules: readonly TriggerRule[], burnAt: BurnAt): SloStatus {
  const above = (windowMs: number, threshold: number) => {
    const burn = burnAt(windowMs);
    return burn !== null && burn > threshold;
  };
  if (rules.some((r) => above(r.shortMs, r.burnRate))) return 'burning';
  if (rules.some((r) => above(r.longMs, r.burnRate))) return 'recovering';
  const measured = rules.some((r) => burnAt(r.shortMs) !== null || burnAt(r.longMs) !== null);
  return measured ? 'ok' : 'no-data';
}

/**
 * The burn to project the budget's exhaustion with: the long window's, unless the short window
 * burns slower (the burn is falling), when the long window's average would overstate it.
 */
export function exhaustionBurn(longBurn: number | null, shortBurn: number | null): number | null {
  if (longBurn === null) return shortBurn;
  if (shortBurn === null) return longBurn;
  return Math.min(longBurn, shortBurn);
}
