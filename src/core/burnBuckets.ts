/**
 * The last hour of an SLO's short-window burn as a sparkline's bars: `count` spans of equal time
 * ending now, each the newest burn sampled in it, or null when nothing was sampled then (before
 * the cockpit looked). Bars by time, not by sample: "last 1h ██" drew the two samples since the
 * opening as the whole hour, and 27 minutes of samples as 60. The newest of a span, read over a
 * window as long as the span, is the burn over that span: the highest, read up to a window before
 * the span ended, kept the newest bar full beside `5m 0.1x` for five minutes after the burn stopped. Pure.
 */
export function burnBuckets(samples: readonly { readonly at: number; readonly burn: number | null }[], now: number, spanMs: number, count: number): (number | null)[] {
  const width = spanMs / count;
  const start = now - spanMs;
  const buckets: (number | null)[] = Array.from({ length: count }, () => null);
  const newest: (number | undefined)[] = [];
  for (const { at, burn } of samples) {
    if (burn === null || at <= start || at > now) continue;
    const i = Math.min(count - 1, Math.floor((at - start) / width));
    const seen = newest[i];
    if (seen === undefined || at >= seen) {
      buckets[i] = burn;
      newest[i] = at;
    }
  }
  return buckets;
}
