/**
 * The sandbox's per-minute noise: a fixed factor for each (seed, SLO, clock minute), and the sums
 * of it over a range of minutes that a window's integral needs. A 30-day window spans 43,200
 * minutes: hashed one by one, the first answers of a drill cost ~10 ms of its start (issue #17).
 */

/** A value in [-1, 1] fixed by (seed, SLO, minute): a hash, not a stream, so any window can be asked in any order. */
export function jitter(seed: number, slo: string, minute: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ minute;
  for (let i = 0; i < slo.length; i++) h = Math.imul(h ^ slo.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

/**
 * Σ jitter(seed, slo, m) for m in [from, to), from prefix sums over the minutes asked so far. The
 * range kept grows to cover each ask (at least doubling, so a drill's windows moving forward
 * minute by minute cost amortised O(1) each).
 */
export class JitterSums {
  private first = 0;
  /** `prefix[i]` = Σ jitter over minutes [first, first + i). */
  private prefix = new Float64Array(1);

  constructor(
    private readonly seed: number,
    private readonly slo: string,
  ) {}

  sum(from: number, to: number): number {
    if (to <= from) return 0;
    this.cover(from, to);
    return this.prefix[to - this.first]! - this.prefix[from - this.first]!;
  }

  private cover(from: number, to: number): void {
    const kept = this.prefix.length - 1;
    const end = this.first + kept;
    if (kept > 0 && from >= this.first && to <= end) return;
    // Grown by at least what is kept on the side that grows: windows moving forward rebuild rarely.
    const first = kept === 0 ? from : Math.min(from, from < this.first ? this.first - kept : this.first);
    const last = kept === 0 ? to : Math.max(to, to > end ? end + kept : end);
    const prefix = new Float64Array(last - first + 1);
    for (let m = first; m < last; m++) prefix[m - first + 1] = prefix[m - first]! + jitter(this.seed, this.slo, m);
    this.first = first;
    this.prefix = prefix;
  }
}
