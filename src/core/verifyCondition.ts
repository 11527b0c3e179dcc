import { formatDuration } from './duration';

/**
 * A `verify:` step ("burn under 1x for 10m") passes only once the condition has held for the
 * whole duration on fresh observations. The incident's own observations from before the
 * check began count too: "under 1x for 10m" is about the service, not about when the responder
 * pressed Enter (a responder who checked once the burn had long stopped waited ten minutes more,
 * and the drill scored the recovery late). A gap in the data longer than the staleness limit
 * breaks the streak, and data that is stale or missing right now fails the check: a verification
 * that cannot see is not a pass.
 */

export interface BurnSample {
  /** ms since epoch */
  readonly at: number;
  /** null: no data (no traffic) */
  readonly burn: number | null;
}

export interface VerifyWatch {
  /** The SLO and the burn window the samples are of: the progress and the verdict name both. */
  readonly slo: string;
  readonly windowMs: number;
  readonly burnBelow: number;
  readonly forMs: number;
  /** Older data than this is stale. */
  readonly staleAfterMs: number;
  /** When the watch began: samples from before it count too, the newest must be after it. */
  readonly startedAt: number;
}

export type VerifyStatus =
  | { readonly state: 'waiting'; readonly heldMs: number; readonly message: string }
  | { readonly state: 'passed'; readonly heldMs: number; readonly message: string }
  | { readonly state: 'failed'; readonly message: string };

const human = (ms: number): string => formatDuration(Math.max(0, Math.floor(ms / 1000)) * 1000);

export function evaluateVerify(watch: VerifyWatch, samples: readonly BurnSample[], now: number): VerifyStatus {
  // The whole history up to now: a streak that began long before the check is reported as long as
  // it held (a check started 30 minutes after the burn stopped said "held 10m11s").
  const seen = samples.filter((s) => s.at <= now);
  const last = seen.at(-1);
  // One observation at least since the check began: a history alone is not what the service does now.
  if (!last || last.at < watch.startedAt) {
    return now - watch.startedAt > watch.staleAfterMs
      ? { state: 'failed', message: `no SLO data for ${human(now - watch.startedAt)}: cannot verify` }
      : { state: 'waiting', heldMs: 0, message: 'waiting for the first observation' };
  }
  if (now - last.at > watch.staleAfterMs) {
    return { state: 'failed', message: `SLO data is ${human(now - last.at)} old (stale): cannot verify` };
  }
  if (last.burn === null) return { state: 'failed', message: 'no data (no traffic): cannot verify' };

  let streakStart: number | undefined;
  // Why the streak under the threshold started over: how the last one was lost (while none holds), and the last
  // sample that kept it from holding since (once one holds again: "reset: burn went to 1.31x at 02:59", the first
  // loss, stood beside "held 3m30s" begun at 03:10 after 15.8x at 03:04).
  let lost: string | undefined;
  let lastBad: string | undefined;
  let previous = seen[0]!.at;
  for (const sample of seen) {
    const gap = sample.at - previous > watch.staleAfterMs;
    const bad = gap ? `no data from ${clock(previous)} to ${clock(sample.at)}` : sample.burn === null ? `no traffic at ${clock(sample.at)}` : sample.burn >= watch.burnBelow ? `burn went to ${times(sample.burn)} at ${clock(sample.at)}` : undefined;
    // Only a streak that had held a while is worth naming as lost.
    if (bad !== undefined && streakStart !== undefined && sample.at > streakStart) lost = bad;
    if (bad !== undefined && lost !== undefined) lastBad = bad;
    if (gap || sample.burn === null || sample.burn >= watch.burnBelow) streakStart = undefined;
    if (sample.burn !== null && sample.burn < watch.burnBelow) streakStart ??= sample.at;
    previous = sample.at;
  }
  // Named in full ("availability 5m burn"): the responder sees which burn, on which window, must hold.
  const what = `${watch.slo} ${formatDuration(watch.windowMs)} burn`;
  const burn = `${what} ${times(last.burn)}`;
  const reset = streakStart === undefined ? lost : lastBad;
  const why = reset === undefined ? '' : ` (reset: ${reset})`;
  if (streakStart === undefined) {
    return { state: 'waiting', heldMs: 0, message: `${burn} ≥ ${`${watch.burnBelow}x`}: waiting for it to fall${why}` };
  }
  // Held as far as the data shows: to the newest observation, not to now (with the provider down,
  // "held" went on counting minutes no sample had seen, until the data went stale).
  const heldMs = last.at - streakStart;
  const held = `${burn} < ${`${watch.burnBelow}x`}, held ${human(heldMs)} of ${human(watch.forMs)}`;
  if (heldMs >= watch.forMs) return { state: 'passed', heldMs, message: `${what} under ${watch.burnBelow}x for ${human(watch.forMs)} (held ${human(heldMs)}, now ${times(last.burn)})` };
  return { state: 'waiting', heldMs, message: `${held}${why}` };
}

/** A measured burn rate ("0.40x"); the threshold is written as the runbook gives it ("1x"). */
function times(burn: number): string {
  return `${burn.toFixed(2)}x`;
}

/** UTC "02:41", as the drill report and the timeline write times. */
function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}
