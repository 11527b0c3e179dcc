import { formatDuration } from './duration';

/**
 * A `verify:` step ("burn under 1x for 10m") passes only once the condition has held for the
 * whole duration on fresh observations. A gap in the data longer than the staleness limit breaks
 * the streak, and data that is stale or missing right now fails the check: a verification that
 * cannot see is not a pass.
 */

export interface BurnSample {
  /** ms since epoch */
  readonly at: number;
  /** null: no data (no traffic) */
  readonly burn: number | null;
}

export interface VerifyWatch {
  readonly burnBelow: number;
  readonly forMs: number;
  /** Older data than this is stale. */
  readonly staleAfterMs: number;
  /** When the watch began: only samples from then on count. */
  readonly startedAt: number;
}

export type VerifyStatus =
  | { readonly state: 'waiting'; readonly heldMs: number; readonly message: string }
  | { readonly state: 'passed'; readonly heldMs: number; readonly message: string }
  | { readonly state: 'failed'; readonly message: string };

const human = (ms: number): string => formatDuration(Math.max(0, Math.floor(ms / 1000)) * 1000);

export function evaluateVerify(watch: VerifyWatch, samples: readonly BurnSample[], now: number): VerifyStatus {
  const fresh = samples.filter((s) => s.at >= watch.startedAt && s.at <= now);
  const last = fresh.at(-1);
  if (!last) {
    return now - watch.startedAt > watch.staleAfterMs
      ? { state: 'failed', message: `no SLO data for ${human(now - watch.startedAt)}: cannot verify` }
      : { state: 'waiting', heldMs: 0, message: 'waiting for the first observation' };
  }
  if (now - last.at > watch.staleAfterMs) {
    return { state: 'failed', message: `SLO data is ${human(now - last.at)} old (stale): cannot verify` };
  }
  if (last.burn === null) return { state: 'failed', message: 'no data (no traffic): cannot verify' };

  let streakStart: number | undefined;
  let previous = watch.startedAt;
  for (const sample of fresh) {
    const gap = sample.at - previous > watch.staleAfterMs;
    if (gap || sample.burn === null || sample.burn >= watch.burnBelow) streakStart = undefined;
    if (sample.burn !== null && sample.burn < watch.burnBelow) streakStart ??= sample.at;
    previous = sample.at;
  }
  const burn = `burn ${last.burn.toFixed(2)}`;
  if (streakStart === undefined) {
    return { state: 'waiting', heldMs: 0, message: `${burn} ≥ ${watch.burnBelow}: waiting for it to fall` };
  }
  const heldMs = now - streakStart;
  const held = `${burn} < ${watch.burnBelow}, held ${human(heldMs)} of ${human(watch.forMs)}`;
  return heldMs >= watch.forMs ? { state: 'passed', heldMs, message: held } : { state: 'waiting', heldMs, message: held };
}
