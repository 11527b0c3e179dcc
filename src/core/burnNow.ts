import { SHORT_WINDOW_MS } from './burnRate';
import { formatDuration } from './duration';
import { roughDuration } from './roughDuration';

/**
 * A burn as the recommendation says it: the evidence of a trigger, what the errors do now, and
 * which way they go.
 */

/** One trigger of this incident: a burn the recommendation must explain. */
export interface BurnEvidence {
  readonly slo: string;
  /**
   * True while the trigger fires; false once it cleared (its short window fell under the
   * threshold) while its long window is still over: the burn is falling, not gone.
   */
  readonly fired: boolean;
  readonly threshold: number;
  readonly longMs: number;
  readonly shortMs: number;
  /** The latest burn on each of the trigger's windows; null when unmeasured. */
  readonly longBurn: number | null;
  readonly shortBurn: number | null;
  /** When the trigger first fired (ms since the epoch): the burn started at or before it. */
  readonly onsetAt: number;
  /** When the burn had begun by, from the trigger's windows as it first fired: a change after it is no cause. */
  readonly beganBy?: number;
  /** The SLO reads `▲ BURNING` now (sloStatus), its trigger fired or not: a cleared trigger's burn is then no recovery. */
  readonly sloBurning?: boolean;
  /** When the windows `beganBy` comes from were read, if not now (an unpaged burn dated from its windows before the first action). */
  readonly windowsReadAt?: number;
  /**
   * The trigger was already firing when the cockpit first read its windows (a snapshot's always
   * is): `onsetAt` is when it was seen firing, not when it fired ("deployed 5h30m before the
   * trigger fired" of a trigger that had crossed 1h22m before the cockpit opened).
   */
  readonly seenFiring?: boolean;
  /** When the trigger fired again, after it had cleared (ms since the epoch): `onsetAt` is its first firing. */
  readonly firedAgainAt?: number;
  /**
   * The SLO's shortest window (5m) and its burn, when it is shorter than the trigger's own: what
   * the errors do now. A 6h/30m trigger's 30m window still held a burn the 5m window showed
   * stopped, and "waiting for the burn to fall (30m 3.7x ↓)" stood beside a passed recovery check.
   */
  readonly newest?: { readonly windowMs: number; readonly burn: number | null };
  /**
   * No trigger of the SLO has fired, but this rule's short window burns over its threshold: a burn
   * at a page's pace that its long window has not caught up with (8% errors page after ~54 minutes
   * on a 1h/5m rule). `onsetAt` is when it was seen.
   */
  readonly unpaged?: true;
}

/** What a trigger's onset is, in words: `the trigger fired`, or `the trigger was seen firing`. */
export const firedWords = (burn: BurnEvidence) => (burn.unpaged ? 'the burn was seen' : burn.seenFiring ? 'the trigger was seen firing' : 'the trigger fired');

/**
 * `, fired 16m ago`; `, fired again 7m ago (first seen firing 51m ago)` of one that cleared and fired again: the first
 * firing alone ("seen firing 51m ago") stood beside the panel's `▲ FIRED … again 7m ago`.
 */
function firedAgo(burn: BurnEvidence, now: number): string {
  const first = now - burn.onsetAt >= 60_000 ? `${burn.seenFiring ? 'seen firing' : 'fired'} ${roughDuration(now - burn.onsetAt)} ago` : undefined;
  if (burn.firedAgainAt === undefined) return first === undefined ? '' : `, ${first}`;
  const again = now - burn.firedAgainAt >= 60_000 ? `${roughDuration(now - burn.firedAgainAt)} ago` : 'just now';
  return `, fired again ${again}${first === undefined ? '' : ` (first ${first})`}`;
}

/** `availability burning 16.0x on 1h and 16.0x on 5m (trigger > 14.4), fired 16m ago`: one trigger's evidence. */
export function burnLine(burn: BurnEvidence, now: number): string {
  const ago = firedAgo(burn, now);
  if (burn.unpaged) {
    // Stopped by a change (stoppedAfterChange): "availability burning 0.2x on 5m" read as a burn going on.
    const state = burn.shortBurn !== null && burn.shortBurn < 1 ? 'stopped burning:' : 'burning';
    return `${burn.slo} ${state} ${burnText(burn.shortBurn)} on ${formatDuration(burn.shortMs)}, ${burnText(burn.longBurn)} on ${formatDuration(burn.longMs)}: no trigger has fired (it pages at ${burn.threshold}x on both)`;
  }
  // A cleared trigger's burn going on or rising again (over 1x and over its long window) is no recovery: "availability recovering:
  // 10.1x on 1h and 16.1x on 5m" stood under "▲ BURNING" once the undo of the rollback that worked put :42 back.
  // Said as the SLO's heading says it, when known: `▲ BURNING` stood over "recovering" while the 5m window filled.
  // Not "again": after a rollback the trigger cleared while the burn went on at 11x, and "burning again" told of a stop that never was.
  const again = !burn.fired && (burn.sloBurning ?? (burn.shortBurn !== null && burn.shortBurn >= 1 && (burn.longBurn === null || burn.shortBurn > burn.longBurn)));
  // Still firing on windows the errors stopped filling (a 6h/30m rule, the 5m at 0.2x): "burning 7.5x on 6h" stood under
  // "↘ recovering" and beside "the burn has stopped".
  const newest = burn.newest !== undefined && burn.newest.windowMs < burn.shortMs && burn.newest.burn !== null && burn.newest.burn < 1 ? burn.newest : undefined;
  const state = burn.fired ? (newest === undefined ? 'burning' : 'still firing, its windows draining:') : again ? 'burning (its trigger cleared):' : 'recovering:';
  const now5m = newest === undefined ? '' : `; ${formatDuration(newest.windowMs)} ${burnText(newest.burn)}`;
  return `${burn.slo} ${state} ${burnText(burn.longBurn)} on ${formatDuration(burn.longMs)} and ${burnText(burn.shortBurn)} on ${formatDuration(burn.shortMs)} (trigger > ${burn.threshold}${now5m})${ago}`;
}

/** "16.2x"; to the hundredth next to 1x, where a tenth would round 0.95x (stopped) up to "1.0x". */
export const burnText = (burn: number | null) => (burn === null ? 'no data' : burn !== 1 && burn.toFixed(1) === '1.0' ? `${burn.toFixed(2)}x` : `${burn.toFixed(1)}x`);

/**
 * What the errors do now: the shortest measured window, the triggers' own or the SLO's newest
 * (5m), with the long window of the trigger with the shortest windows (a falling burn is under it).
 */
export function burnNow(burns: readonly BurnEvidence[]): { windowMs: number; burn: number | null; longBurn: number | null } {
  const shortest = [...burns].sort((a, b) => a.shortMs - b.shortMs)[0]!;
  const newest = burns.flatMap((b) => (b.newest !== undefined && b.newest.burn !== null && b.newest.windowMs < shortest.shortMs ? [b.newest] : [])).sort((a, b) => a.windowMs - b.windowMs)[0];
  return newest === undefined
    ? { windowMs: shortest.shortMs, burn: shortest.shortBurn, longBurn: shortest.longBurn }
    : { windowMs: newest.windowMs, burn: newest.burn, longBurn: shortest.longBurn };
}

/** How far back the 5m burn's samples are looked at for its arrow. */
const TREND_SPAN_MS = 5 * 60_000;
/**
 * Two samples this far apart at least: one sample is no trend. Not a minute: 31 s after the opening, the 5m burn risen
 * 6.3x → 9.7x read `↓` from the hour's window, which held an earlier incident's errors.
 */
const TREND_MIN_MS = 20_000;

/**
 * "(5m 3.2x ↓)": what the errors do now and which way they go; then a long window still over its
 * threshold after its short one fell under it ("6h still 7.6x"): that is what the wait is for
 * (after a slow burn, "waiting (30m 0.1x ↓)" said nothing of it).
 */
export function trendText(burns: readonly BurnEvidence[], samples: readonly { readonly at: number; readonly burn: number | null }[], nowMs: number): string {
  const now = burnNow(burns);
  const draining = burns
    .filter((b) => b.longBurn !== null && b.longBurn > b.threshold && b.shortBurn !== null && b.shortBurn <= b.threshold)
    .sort((a, b) => b.longMs - a.longMs)[0];
  return `${formatDuration(now.windowMs)} ${burnText(now.burn)}${arrow(now, samples, nowMs)}${draining ? `, ${formatDuration(draining.longMs)} still ${burnText(draining.longBurn)}` : ''}`;
}

/**
 * " ↓", " ↑" or " →": which way the 5m burn went last over five minutes, as the cockpit sampled it
 * (beside 16.2x falling from 30x, "↑" for "over the hour's average" read as rising). Without
 * such samples, the short window against the long one: under it, the errors are fewer now; within
 * a hundredth of it, as many.
 */
function arrow(now: ReturnType<typeof burnNow>, samples: readonly { readonly at: number; readonly burn: number | null }[], nowMs: number): string {
  if (now.burn === null) return '';
  const recent = now.windowMs === SHORT_WINDOW_MS ? samples.filter((s): s is { at: number; burn: number } => s.burn !== null && s.at <= nowMs && s.at >= nowMs - TREND_SPAN_MS) : [];
  const first = recent[0];
  const last = recent.at(-1);
  if (first !== undefined && last !== undefined && last.at - first.at >= TREND_MIN_MS) {
    // Which way it went last: from the newer of its peak and its trough in the span (against the
    // oldest sample, a burn falling from its peak read ↑ while the span still held the rise).
    const peak = recent.reduce((a, b) => (b.burn >= a.burn ? b : a));
    const trough = recent.reduce((a, b) => (b.burn <= a.burn ? b : a));
    // A tenth either way is no change: a flat burn reads as flat.
    const tolerance = 0.1 * Math.max(peak.burn, 0.1);
    if (peak.burn - trough.burn <= tolerance) return ' →';
    // Past the newer extreme by less than the tolerance, it has stopped going that way: a burn at 15.2x after 16.0x
    // read `↑` beside a rollback rolling out, from the rise to 16.0x.
    if (peak.at > trough.at) return last.burn < peak.burn - tolerance ? ' ↓' : last.at === peak.at ? ' ↑' : ' →';
    return last.burn > trough.burn + tolerance ? ' ↑' : last.at === trough.at ? ' ↓' : ' →';
  }
  if (now.longBurn === null) return '';
  // Within a hundredth of the long window, the errors are as many as over it (`5m 16.0x ↓` beside `1h 16.0x`).
  const tolerance = Math.max(0.05, 0.01 * Math.max(now.burn, now.longBurn));
  return now.burn < now.longBurn - tolerance ? ' ↓' : now.burn > now.longBurn + tolerance ? ' ↑' : ' →';
}

/**
 * The shortest window under 1x: errors are back within what the budget allows, and the longer
 * windows only still average the outage in. Said so ("waiting for the burn to fall (5m 0.1x ↓)"
 * after the recovery check had passed read as if nothing had worked yet).
 */
export function burnStopped(burns: readonly BurnEvidence[], unmarked: boolean): string | undefined {
  const now = burnNow(burns);
  if (now.burn === null || now.burn >= 1) return undefined;
  const holding = burns.filter((b) => b.longBurn !== null && b.longBurn >= 1).sort((a, b) => a.longMs - b.longMs);
  const windows = holding.map((b) => formatDuration(b.longMs));
  const still =
    holding.length === 0
      ? ''
      : `; the ${windows.join(' and ')} window${holding.length === 1 ? '' : 's'} still hold${holding.length === 1 ? 's' : ''} the outage (${holding.map((b) => burnText(b.longBurn)).join(', ')})`;
  // The key before the windows' detail: a narrow panel cuts the end of the line.
  return `the burn has stopped (${formatDuration(now.windowMs)} ${burnText(now.burn)})${unmarked ? MARK_KEY_HINT : ''}${still}`;
}

/** The key the advice names on screen, beside the words: not words of the advice for a dialog, a report or a postmortem. */
const MARK_KEY_HINT = ' · m mitigated';

/** Advice text as said off the live panel (a dialog, the timeline, a report): the postmortem read "… (5m 0.4x) · m mitigated; …". */
export const withoutKeyHint = (text: string): string => text.replace(MARK_KEY_HINT, '');

/** What the advice around `burnStopped(burns, unmarked)` asks of the footer: the m it names stays in view. */
export function asksToMark(unmarked: boolean): { readonly asks?: 'mitigated' } {
  return unmarked ? { asks: 'mitigated' } : {};
}
