import { burnRate } from './burnRate';
import { formatDuration, parseDuration } from './duration';
import { ruleWindows } from './triggers';

/**
 * When the users' pain began, which is rarely when the incident was opened. The cockpit only
 * samples the SLO once it runs, so what happened before the opening is seen only through the
 * windows it asked for at the start: a 1h window that already holds 7.9% errors while the last
 * 5m hold 8% says the errors have been there for most of that hour. This module turns that
 * evidence into the best estimate it supports, and says how it got there, because a postmortem
 * reader must be able to tell a measured time from a derived one.
 */

/** One SLO window's answer, as recorded on the timeline (`slo.observed`). */
export interface WindowSample {
  readonly at: number;
  readonly windowMs: number;
  readonly errorRatio: number | null;
  /** When the SLO's data (surely) began, where that is within the window: the ratio is over the data since. */
  readonly dataSince?: number;
}

/** A window as far as the data went: a 6h window over a Prometheus holding 10 minutes is a 10m one. */
interface Window extends WindowSample {
  /** The window asked for, when the data was shorter (`windowMs` is then the data's length). */
  readonly askedMs?: number;
}

export interface SloEvidence {
  readonly slo: string;
  readonly objective: number;
  /** The first answer of every window the cockpit asked for (the state of things at opening). */
  readonly firstByWindow: ReadonlyMap<number, WindowSample>;
  /** The first short-window sample whose burn was at or above 1x, if any. */
  readonly firstBurning?: WindowSample;
  /** The last short-window sample under 1x before `firstBurning`: the errors began late enough to leave it clean. */
  readonly lastClean?: WindowSample;
  /**
   * The highest error ratio of the short window's samples within one short window after its first:
   * what the window held once full, if the errors ran on at one rate (it dates a burn whose longer
   * windows cannot).
   */
  readonly shortSoon?: number;
  /** Triggers that fired with their first burn (for logs that lack the longer windows). */
  readonly firedAtOpen: readonly { readonly trigger: string; readonly burn: number; readonly threshold?: number; readonly at: number }[];
  /**
   * When the service's previous incident was resolved, its burn over (core/priorIncident.ts): a
   * window reaching back before it holds that incident's errors, and cannot date this one's.
   */
  readonly notBefore?: { readonly at: number; readonly incident: string };
}

export type ImpactBasis = 'windows' | 'windows-lower-bound' | 'trigger-lower-bound' | 'live' | 'none';

export interface ImpactStart {
  readonly slo?: string;
  /** Epoch ms; undefined when the SLO history shows no impact at all. */
  readonly at?: number;
  readonly basis: ImpactBasis;
  /** How the estimate was made, in words, for the postmortem. */
  readonly how: string;
  /** Error-time (error ratio × ms) before the first sample: what the samples after it cannot count. */
  readonly errorMsBeforeSamples: number;
  /**
   * How far `at` may be from the truth either way, for an estimate (a few minutes and more from the
   * windows; within the first burning sample's window): a change closer to it than this cannot be
   * said to come before or after the impact's start. Undefined for a bound.
   */
  readonly precisionMs?: number;
}

/** Data shorter than this, and than the longest window asked: too young to read a baseline from (see impactStartOf). */
const YOUNG_DATA_MS = 2 * 3_600_000;
/** A window whose excess is this close to the short window's is full of errors: impact began before it. */
const SATURATED = 0.97;
/** How much longer a wider window must say the errors lasted to date them instead of a narrower one. */
const FAR_LONGER = 1.5;
const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;
/**
 * How far off an estimate from the windows may be: a few minutes, as a rate over a window is
 * counted from scrapes at its edges (a real Prometheus put a burst 2.4 minutes early), and a share
 * of how long the errors lasted, as a rate that moved (a slow burn's noise) moves the answer with
 * it. "To the minute" put a 5h slow burn's start 3 minutes before the deploy that began it.
 */
const UNSURE_MS = 3 * MINUTE_MS;
const SHARE_UNSURE = 0.02;

const pct = (ratio: number) => `${(ratio * 100).toFixed(2)}%`;

/** The estimate from one SLO's evidence (see `impactStart` for several). */
export function impactStartOf(evidence: SloEvidence): ImpactStart {
  const samples = withinData([...evidence.firstByWindow.values()].filter((s) => s.errorRatio !== null));
  const short = samples[0];
  const none: ImpactStart = { slo: evidence.slo, basis: 'none', how: `no ${evidence.slo} sample showed a burn of 1x or more`, errorMsBeforeSamples: 0 };
  if (short === undefined) return { ...none, how: `no ${evidence.slo} samples were recorded` };
  const shortBurn = burnRate(short.errorRatio, evidence.objective) ?? 0;
  if (shortBurn < 1) {
    const live = evidence.firstBurning;
    if (live === undefined) return none;
    const clean = cleanUntil(evidence, live);
    const at = Math.max(live.at - live.windowMs, clean?.at ?? -Infinity, evidence.notBefore?.at ?? -Infinity);
    return {
      slo: evidence.slo,
      at,
      basis: 'live',
      how: `the first ${formatDuration(live.windowMs)} sample of ${evidence.slo} above 1x burn came at ${iso(live.at)}; the errors began within the ${formatDuration(live.windowMs)} before it${clean === undefined || at !== clean.at ? '' : `, after the one at ${iso(clean.sample.at)} had ${clean.burn.toFixed(2)}x`}, taken as its start`,
      errorMsBeforeSamples: 0,
      precisionMs: Math.max(0, live.at - at),
    };
  }
  const rShort = short.errorRatio as number;
  // The longest window is the baseline (the whole SLO period, normally): an hour of errors hardly moves it.
  const longest = samples[samples.length - 1]!;
  const throughout = errorsThroughoutData(evidence, short, longest);
  if (throughout !== undefined) return throughout;
  // The SLO's data is younger than the longest window, and shorter than the 2h a baseline is read
  // over: no window measured one apart from the burn, and the one holding all the data dates the
  // errors like the others (taken for the baseline, it put a burn of 3.5 minutes in 12 minutes of
  // data at "filled 0%"). Over hours of data the longest window reads the baseline, as over all of it (with 5h59m of
  // steady background errors left out, a burn begun 20s before the opening was dated 22m back, before its deploy).
  const young = longest.askedMs !== undefined && longest.windowMs < YOUNG_DATA_MS;
  const base = young ? undefined : baselineOf(samples);
  const baseline = base?.ratio ?? 0;
  const excess = rShort - baseline;
  // Between the short window and the baseline: the windows that can date the start, save those
  // reaching back into the previous incident.
  const fits = (windowMs: number) => evidence.notBefore === undefined || windowMs <= short.at - evidence.notBefore.at;
  const candidates = (young ? samples.slice(1) : samples.length >= 3 ? samples.slice(1, -1) : []).filter((w) => fits(w.windowMs));
  // Each window not yet full says how long the errors lasted at least, at the last 5m's rate. The
  // shortest dates it most finely; a longer one that says they lasted far longer (a burn at a lower
  // rate before) wins: a build that made a day-old burn worse read "began 26m before" from the 30m
  // window, beside a 6h window at 10.4x.
  const within = excess > 0 ? withinShortWindow(evidence, short, candidates, baseline, excess) : undefined;
  if (within !== undefined) return within;
  const dating = datings(excess > 0 ? candidates : [], baseline, excess);
  const best = dating.reduce<(typeof dating)[number] | undefined>((found, d) => (found === undefined || d.lastedMs > FAR_LONGER * found.lastedMs ? d : found), undefined);
  if (best !== undefined) {
    const { w, fraction, lastedMs, full } = best;
    const precisionMs = Math.round((UNSURE_MS + lastedMs * SHARE_UNSURE) / MINUTE_MS) * MINUTE_MS;
    // A shorter window full at the last 5m's rate: the longer one's errors counted at that rate ("and the rest of them at that
    // rate, so they began" did not parse).
    const began = `began about ${formatDuration(lastedMs)} before (give or take ${formatDuration(precisionMs)})`;
    const filled = full === undefined
      ? `errors above baseline filled ${Math.round(fraction * 100)}% of that window, so they ${began}`
      : `the ${windowName(full)} was full of errors at ${pct(full.errorRatio as number)} (the last ${formatDuration(short.windowMs)}: ${pct(rShort)}); counting the ${windowName(w)}'s errors at ${pct(full.errorRatio as number)}, they ${began}`;
    return {
      slo: evidence.slo,
      at: short.at - lastedMs,
      basis: 'windows',
      how:
        `at ${iso(short.at)} the ${windowName(w)} of ${evidence.slo} held ${pct(w.errorRatio as number)} errors against ${pct(rShort)} over the last ` +
        `${formatDuration(short.windowMs)} and ${young ? `no baseline (the data began ${formatDuration(longest.windowMs)} before: no window reached further back)` : `a baseline of ${pct(baseline)} (${base?.read ?? windowName(longest)})`}: ${filled}`,
      errorMsBeforeSamples: Math.max(0, (w.errorRatio as number) * w.windowMs - baseline * (w.windowMs - lastedMs)),
      precisionMs,
    };
  }
  const widest = candidates[candidates.length - 1];
  if (widest !== undefined && excess > 0) {
    return {
      slo: evidence.slo,
      at: short.at - widest.windowMs,
      basis: 'windows-lower-bound',
      how: `at ${iso(short.at)} every window up to the ${windowName(widest)} of ${evidence.slo} was already at least as full of errors as the last ${formatDuration(short.windowMs)} (${pct(rShort)}; the ${windowName(widest)}: ${pct(widest.errorRatio as number)}): the impact began at least ${formatDuration(widest.windowMs)} before; the start shown is that bound`,
      errorMsBeforeSamples: (widest.errorRatio as number) * widest.windowMs,
    };
  }
  const previous = evidence.notBefore;
  const longer = previous === undefined ? 'no longer window was recorded' : `no longer window can date it (those reaching back before ${previous.incident} was resolved at ${iso(previous.at)} hold its errors)`;
  return fromTrigger(evidence, short, shortBurn, fits, samples) ?? fromShortWindow(evidence, short, longer) ?? {
    slo: evidence.slo,
    at: short.at,
    basis: 'windows-lower-bound',
    how: `${evidence.slo} was already burning at ${shortBurn.toFixed(1)}x at the first sample (${iso(short.at)}) and ${longer}: the impact began at that time or earlier`,
    errorMsBeforeSamples: shortWindowErrorMs(evidence, short),
  };
}

/** When the SLO's data began, as its windows' first answers said it (the latest of them), if they did. */
function dataStartOf(samples: Iterable<WindowSample>): number | undefined {
  const known = [...samples].flatMap((s) => (s.dataSince === undefined ? [] : [s.dataSince]));
  return known.length === 0 ? undefined : Math.max(...known);
}

const dataStart = (evidence: SloEvidence): number | undefined => dataStartOf(evidence.firstByWindow.values());

/**
 * The windows as far as the SLO's data went, shortest first: one reaching before the data began
 * held only the data since (T's rig: a Prometheus started ten minutes before the incident had its
 * 30d window read as a baseline of 15.02%, the errors "filled 0%" of the windows, and the budget
 * spent before the opening was put at 0.04% against 0.76%). Two windows over the same data are one.
 */
function withinData(samples: readonly WindowSample[]): Window[] {
  // One start for the SLO's data, the short window's too (its answer is recorded without it): a
  // Prometheus 2 minutes old had its 5m window read whole beside the others' 2 minutes, and dated
  // nothing but the trigger's bound.
  const since = dataStartOf(samples);
  const windows = samples.map((s): Window => (since !== undefined && s.at - since < s.windowMs ? { ...s, windowMs: Math.max(SECOND_MS, roundSeconds(s.at - since)), askedMs: s.windowMs } : s));
  const sorted = windows.sort((a, b) => a.windowMs - b.windowMs || (a.askedMs ?? a.windowMs) - (b.askedMs ?? b.windowMs));
  return sorted.filter((w, i) => i === 0 || w.windowMs - sorted[i - 1]!.windowMs >= MINUTE_MS);
}

/**
 * The error ratio before the burn, and where it was read. The longest window holds the burn too (a
 * 5h30m burn at 8% put a 0.1% baseline at 0.16% over 30 days), so it is read without the next
 * longest, which holds the burn where any window does: the errors of the one less the other's,
 * over the time between their starts. The lowest of that and the other windows' ratios.
 */
function baselineOf(samples: readonly Window[]): { readonly ratio: number; readonly read: string } {
  const longest = samples[samples.length - 1]!;
  const inner = samples.length >= 3 ? samples[samples.length - 2]! : undefined;
  const lowest = samples.reduce((low, s) => ((s.errorRatio as number) < (low.errorRatio as number) ? s : low));
  const read = (s: Window) => ({ ratio: s.errorRatio as number, read: windowName(s) });
  if (inner === undefined || Math.abs(inner.at - longest.at) >= MINUTE_MS) return read(lowest);
  const outside = Math.max(0, ((longest.errorRatio as number) * longest.windowMs - (inner.errorRatio as number) * inner.windowMs) / (longest.windowMs - inner.windowMs));
  const without = { ratio: outside, read: `${windowName(longest)} without its last ${formatDuration(inner.windowMs)}` };
  return outside <= (lowest.errorRatio as number) ? without : read(lowest);
}

/** "6h window (10m of data)", or "30m window": a window as the postmortem names it. */
function windowName(w: Window): string {
  return w.askedMs === undefined ? `${formatDuration(w.windowMs)} window` : `${formatDuration(w.askedMs)} window (${formatDuration(w.windowMs)} of data)`;
}

/**
 * The SLO's data began within its longest window, and was at least as full of errors as the last
 * short window all along: nothing measured tells the baseline, or how long before the data the
 * errors began. The impact began at the data's start or before: that bound, and the errors it
 * holds (said "at least": a 30m window at 12.3% beside the 5m's 3.6% was said "as full as").
 */
function errorsThroughoutData(evidence: SloEvidence, short: Window, longest: Window): ImpactStart | undefined {
  // The short window itself holding all the data there is (a Prometheus younger than 5 minutes) counts too.
  if (longest.askedMs === undefined || (longest !== short && (longest.errorRatio as number) < SATURATED * (short.errorRatio as number))) return undefined;
  const start = longest.at - longest.windowMs;
  // The data reaches back before the previous incident's resolve: it holds that incident's errors, and dates nothing (the
  // incidents after one read "Impact began 22:37:00 UTC or earlier", the data's start, before the previous one was opened).
  if (evidence.notBefore !== undefined && evidence.notBefore.at > start) return undefined;
  return {
    slo: evidence.slo,
    at: start,
    basis: 'windows-lower-bound',
    how: `at ${iso(short.at)} the data of ${evidence.slo} went back only ${formatDuration(longest.windowMs)} (to ${iso(start)}; its provider holds no more), and every window was at least as full of errors as the last ${formatDuration(short.windowMs)} (${pct(short.errorRatio as number)}; the ${windowName(longest)}: ${pct(longest.errorRatio as number)}): the impact began then or earlier; the start shown is that bound`,
    errorMsBeforeSamples: (longest.errorRatio as number) * longest.windowMs,
  };
}

/** How long one window says the errors lasted: `full`, the shorter window full of them it counts on from. */
interface Dating {
  readonly w: WindowSample;
  readonly fraction: number;
  readonly lastedMs: number;
  readonly full?: WindowSample;
}

/**
 * What each window not yet full of errors says of how long they lasted, shortest first: at the
 * last short window's rate (`excess` over the baseline); past a shorter window full of them, that
 * window's length and the errors beyond it at its own rate, the nearer one. A build that took a
 * burn from 60x to 16x had the hour before it fuller than the last 5 minutes, and the 6h window,
 * read at the 5m's rate, put the start half an hour early ("01:01, give or take 5m"; 01:30).
 */
function datings(candidates: readonly WindowSample[], baseline: number, excess: number): Dating[] {
  let full: WindowSample | undefined;
  const out: Dating[] = [];
  for (const w of candidates) {
    const errorMs = ((w.errorRatio as number) - baseline) * w.windowMs;
    const fraction = Math.max(0, Math.min(1, errorMs / (excess * w.windowMs)));
    if (fraction >= SATURATED) {
      full = w;
      continue;
    }
    const fullMs = full === undefined ? 0 : ((full.errorRatio as number) - baseline) * full.windowMs;
    const lasted = full === undefined ? fraction * w.windowMs : Math.min(w.windowMs, full.windowMs + Math.max(0, errorMs - fullMs) / ((full.errorRatio as number) - baseline));
    // Error ratios are rates over minutes: the estimate is rounded to the minute (how far off it may be: precisionMs).
    out.push({ w, fraction, lastedMs: Math.round(lasted / MINUTE_MS) * MINUTE_MS, ...(full === undefined ? {} : { full }) });
  }
  return out;
}

/**
 * The short window alone, when no longer one can date the burn (B, after A's resolve: "Impact
 * began 11:39:30" beside "Opened 11:39:29" and budget spent before the opening): how full of
 * errors it was at the first sample against what it held once full, in the window after. Only
 * when it did fill up further: a window that read no more later may have been full already, or
 * the burn may have stopped, and the samples cannot tell which. Never before the previous resolve.
 */
function fromShortWindow(evidence: SloEvidence, short: WindowSample, longer: string): ImpactStart | undefined {
  const full = evidence.shortSoon;
  const ratio = short.errorRatio as number;
  if (full === undefined || !(ratio < SATURATED * full)) return undefined;
  const fraction = ratio / full;
  const lastedMs = roundSeconds(fraction * short.windowMs);
  const window = formatDuration(short.windowMs);
  return {
    slo: evidence.slo,
    at: Math.max(short.at - lastedMs, evidence.notBefore?.at ?? -Infinity),
    basis: 'windows',
    how:
      `at ${iso(short.at)} the ${window} window of ${evidence.slo} held ${pct(ratio)} errors, and at most ${pct(full)} in the ${window} after, once full; ${longer}: ` +
      `the errors filled ${Math.round(fraction * 100)}% of that window, so they began about ${formatDuration(lastedMs)} before (give or take a minute)`,
    errorMsBeforeSamples: shortWindowErrorMs(evidence, short),
    precisionMs: MINUTE_MS,
  };
}

/**
 * Every error of the longer windows inside the short one (none held more error-time than the short
 * window): the errors began within the short window, at a rate its average does not tell. Read at
 * that average, 64s of errors at 40% in a real Prometheus were dated "about 5m before (give or take
 * 3m)", four minutes early and before the deploy that caused them. The short window's start is the
 * bound, said as such.
 */
function withinShortWindow(evidence: SloEvidence, short: WindowSample, longer: readonly WindowSample[], baseline: number, excess: number): ImpactStart | undefined {
  const next = longer[0];
  if (next === undefined || longer.some((w) => ((w.errorRatio as number) - baseline) * w.windowMs > (excess * short.windowMs) / SATURATED)) return undefined;
  const window = formatDuration(short.windowMs);
  return {
    slo: evidence.slo,
    at: Math.max(short.at - short.windowMs, evidence.notBefore?.at ?? -Infinity),
    basis: 'live',
    how:
      `at ${iso(short.at)} the ${windowName(next)} of ${evidence.slo} held ${pct(next.errorRatio as number)} errors, no more of them than the last ${window} at ${pct(short.errorRatio as number)}: ` +
      `the errors began within the ${window} before, at a rate that window's average does not tell; taken as its start`,
    errorMsBeforeSamples: shortWindowErrorMs(evidence, short),
    precisionMs: short.windowMs,
  };
}

/**
 * What the first short-window sample measured: before the opening at least (D read "0.00% before
 * opening" beside a first 5m sample at 27x), and none of it before the previous incident's resolve.
 */
function shortWindowErrorMs(evidence: SloEvidence, short: WindowSample): number {
  return (short.errorRatio as number) * Math.min(short.windowMs, short.at - (evidence.notBefore?.at ?? -Infinity));
}

/** A multiwindow trigger firing at the first sample: its long window was at least at the threshold. */
function fromTrigger(evidence: SloEvidence, short: WindowSample, shortBurn: number, fits: (windowMs: number) => boolean, windows: readonly Window[]): ImpactStart | undefined {
  let best: ImpactStart | undefined;
  // A long window over less data than its length fired on that data. Read from when the data began, not from the windows
  // kept (withinData keeps one of those over the same data: with 5m49s of it, the 5m window alone, and a 6h window that
  // fired on 5m49s of data dated the errors 4h26m back).
  const since = dataStart(evidence);
  const dataMs = Math.min(since === undefined ? Infinity : roundSeconds(short.at - since), ...windows.map((w) => (w.askedMs === undefined ? Infinity : w.windowMs)));
  for (const fired of evidence.firedAtOpen) {
    const rule = ruleWindows(fired.trigger);
    const asked = rule ? parseDuration(rule.long) : undefined;
    const longMs = asked === undefined ? undefined : Math.min(asked, dataMs);
    if (longMs === undefined || !fits(longMs) || fired.threshold === undefined || fired.at > short.at + 60_000) continue;
    const lastedMs = Math.min(1, fired.threshold / shortBurn) * longMs;
    if (best?.at !== undefined && short.at - lastedMs >= best.at) continue;
    best = {
      slo: evidence.slo,
      at: short.at - lastedMs,
      basis: 'trigger-lower-bound',
      how: `${fired.trigger} fired at the first sample: its ${windowName(longMs === asked ? { ...short, windowMs: longMs } : { ...short, windowMs: longMs, askedMs: asked! })} burned at ${fired.threshold}x or more while the last ${formatDuration(short.windowMs)} burned at ${shortBurn.toFixed(1)}x, so errors had lasted at least ${formatDuration(roundSeconds(lastedMs))}`,
      errorMsBeforeSamples: (short.errorRatio as number) * lastedMs,
    };
  }
  return best;
}

/**
 * How early the errors can have begun, given the last clean short-window sample before the first burning one: a window
 * of W at b (under 1x) holds at most b·W of errors at the rate burning later, so they began no earlier than b·W/rate
 * before it. A cockpit opened on a clean 5m (0.17x) 6 s before the bad deploy dated the impact 4m30s before that deploy,
 * and left the deploy out of what changed before.
 */
function cleanUntil(evidence: SloEvidence, live: WindowSample): { readonly at: number; readonly sample: WindowSample; readonly burn: number } | undefined {
  const clean = evidence.lastClean;
  const burn = clean === undefined ? null : burnRate(clean.errorRatio, evidence.objective);
  // At the first burning sample's rate, the least the errors ran at once begun (a higher one would date them later).
  const rate = Math.max(1, burnRate(live.errorRatio, evidence.objective) ?? 1);
  if (clean === undefined || burn === null || clean.at >= live.at) return undefined;
  return { at: clean.at - Math.round((clean.windowMs * burn) / rate), sample: clean, burn };
}

/** The earliest impact over all SLOs (the users felt the first one). */
export function impactStart(evidence: readonly SloEvidence[]): ImpactStart {
  const estimates = evidence.map(impactStartOf);
  const dated = estimates.filter((e) => e.at !== undefined).sort((a, b) => (a.at as number) - (b.at as number));
  return dated[0] ?? estimates[0] ?? { basis: 'none', how: 'no SLO samples were recorded', errorMsBeforeSamples: 0 };
}

function roundSeconds(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}
