import type { TriggerRule } from './triggers';

/**
 * One word for an SLO's state, judged by its trigger rules on the latest window burns:
 *
 * - `burning`: some rule's short window burns above its threshold: budget is going fast right
 *   now, whether or not the long window has caught up yet (a fresh burn starts that way); or the
 *   newest window is over 1x and over every longer one, or a quarter over the next longer one (the
 *   burn is rising, under the thresholds yet). Unless
 *   a shorter window shows the errors have stopped (under 1x): a 6h rule's 30m window still full
 *   of a burn that a kill switch ended is draining, and calling it burning, beside a 5m window at
 *   0.1x and no recommendation, invited a second change nobody needed.
 * - `recovering`: no window burns now, but some rule's window is still above its threshold: the
 *   burn stopped recently and the windows are draining. Also once the newest window is under 1x
 *   while a longer one is still over 1x, under every threshold: the errors have stopped and a
 *   window still holds them (`✓ ok` beside `1h 11.0x` after a rollback read as all clear).
 * - `over-budget`: under every threshold and not rising, but the newest window is over 1x: the
 *   budget goes faster than the objective allows, at a pace no rule pages for (a real rig read
 *   `✓ ok` beside `5m 7.0x  30m 7.0x`, 3.5% of requests failing on a 99.5% SLO).
 * - `ok`: every measured window of every rule is at or under its threshold, none holds a burn
 *   that has stopped, and the newest is at or under 1x.
 * - `no-data`: no rule has a measured window, so nothing can be said.
 */
export type SloStatus = 'burning' | 'recovering' | 'over-budget' | 'ok' | 'no-data';

/** The burn of a window (ms), or null when it was not measured or had no traffic. */
export type BurnAt = (windowMs: number) => number | null;

/**
 * `newestEarlier`: the newest window's burn a window's span before now, where the samples have it. A newest window over
 * 1x and rising against it is burning: a burn coming back (5m 0.1x → 2.7x → 6.8x) read `↘ recovering` for 5 minutes,
 * its longer windows still full of the first burn.
 */
export function sloStatus(rules: readonly TriggerRule[], burnAt: BurnAt, newestEarlier?: number): SloStatus {
  const above = (windowMs: number, threshold: number) => {
    const burn = burnAt(windowMs);
    return burn !== null && burn > threshold;
  };
  const newest = newestBurn(rules, burnAt);
  const stoppedBefore = (r: TriggerRule) => newest !== undefined && newest.windowMs < r.shortMs && newest.burn < 1;
  if (rules.some((r) => above(r.shortMs, r.burnRate) && !stoppedBefore(r))) return 'burning';
  if (newest !== undefined && newest.burn > 1 && rising(rules, burnAt, newest)) return 'burning';
  if (newest !== undefined && newest.burn > 1 && newestEarlier !== undefined && newest.burn >= RISING_OVER_NEXT * Math.max(newestEarlier, RISING_FROM)) return 'burning';
  if (rules.some((r) => above(r.shortMs, r.burnRate) || above(r.longMs, r.burnRate))) return 'recovering';
  if (newest !== undefined && newest.burn < 1 && rules.some((r) => above(r.shortMs, 1) || above(r.longMs, 1))) return 'recovering';
  if (newest !== undefined && newest.burn > 1) return 'over-budget';
  return newest !== undefined ? 'ok' : 'no-data';
}

/** How far over the next longer window (or over itself a window before) the newest must burn to be rising. */
const RISING_OVER_NEXT = 1.25;
/** Rising from under this counts from it: a burn back from 0.1x is rising once over 1x. */
const RISING_FROM = 0.8;

/**
 * The newest window burns faster than every longer one: errors are coming in faster now than
 * over any span before (a rollback forced through its migration block: `✓ ok` beside `5m 13.5x`,
 * under every threshold for a poll or two while the longer windows caught up). Or clearly faster
 * than the next longer one, whatever the longest hold: a burn begun within an hour of an earlier
 * one read `✓ ok` beside `5m 7.0x  30m 3.4x  1h 7.7x`, the hour holding the earlier burn.
 */
function rising(rules: readonly TriggerRule[], burnAt: BurnAt, newest: { windowMs: number; burn: number }): boolean {
  const longer = [...new Set(rules.flatMap((r) => [r.shortMs, r.longMs]))].filter((w) => w > newest.windowMs).sort((a, b) => a - b).map(burnAt).filter((b): b is number => b !== null);
  return longer.length > 0 && (longer.every((b) => newest.burn > b) || newest.burn >= RISING_OVER_NEXT * longer[0]!);
}

/** The shortest measured window of the rules, and its burn: what the errors do now. */
function newestBurn(rules: readonly TriggerRule[], burnAt: BurnAt): { windowMs: number; burn: number } | undefined {
  const windows = [...new Set(rules.flatMap((r) => [r.shortMs, r.longMs]))].sort((a, b) => a - b);
  for (const windowMs of windows) {
    const burn = burnAt(windowMs);
    if (burn !== null) return { windowMs, burn };
  }
  return undefined;
}

/**
 * The burn to project the budget's exhaustion with: the short window's, the rate now, rising or
 * falling; the long window's only without it. The long window's average while the burn rose
 * ("gone in 15h" beside a 5m window at 120x, gone in 5h at that rate) told a responder they had
 * three times the time they had.
 */
export function exhaustionBurn(longBurn: number | null, shortBurn: number | null): number | null {
  return shortBurn ?? longBurn;
}
