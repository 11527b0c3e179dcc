/** A check that saw the change this much after the provider completed it saw it late (it was re-run after a resume). */
const SEEN_LATE_MS = 60_000;

/**
 * The provider's completion time, when the check saw it late (a minute after it, or a check begun after it, `checkFrom`: a
 * re-check 38 s after a rollout took its own time for its end, and `:42 bad` stood); not after now, nor before the change.
 */
export function doneAtIfLate(completedAt: string | undefined, now: Date, madeAt: Date, checkFrom: Date): string | undefined {
  const at = completedAt === undefined ? Number.NaN : Date.parse(completedAt);
  return Number.isFinite(at) && (at < now.getTime() - SEEN_LATE_MS || at < checkFrom.getTime()) && at >= madeAt.getTime() ? new Date(at).toISOString() : undefined;
}
