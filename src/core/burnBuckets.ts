/**
 * The last hour of an SLO's short-window burn as a sparkline's bars: `count` spans of equal time
 * ending now, each the highest burn sampled in it, or null when nothing was sampled then (before
 * the cockpit looked). Bars by time, not by sample: "last 1h ██" drew the two samples since the
 * opening as the whole hour, and 27 minutes of samples as 60. Pure.
 */
export function burnBuckets(samples: readonly { readonly at: number; readonly burn: number | null }[], now: number, spanMs: number, count: number): (number | null)[] {
  const width = spanMs / count;
  const start = now - spanMs;
  const buckets: (number | null)[] = Array.from({ length: count }, () => null);
  for (const { at, burn } of samples) {
    if (burn === null || at <= start || at > now) continue;
    const i = Math.min(count - 1, Math.floor((at - start) / width));
    buckets[i] = Math.max(buckets[i] ?? burn, burn);
  }
  return buckets;
}
