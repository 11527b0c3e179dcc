import type { BurnSample } from './verifyCondition';

/**
 * One SLO's recent burn samples: those no older than `windowMs` before the newest sample added,
 * oldest first. Adding is amortised O(1) (the samples that fall out of the window are dropped
 * from the front, and the dropped prefix is cut off only once it is half the array), so a
 * resumed incident replaying 100,000 samples stays linear where filtering the whole history on
 * every sample was quadratic. Samples normally arrive in time order; one that does not makes
 * the next add filter the history whole, with the same result as the naive filter.
 */
export class BurnHistory {
  private items: BurnSample[] = [];
  /** Index of the oldest sample still in the window. */
  private head = 0;
  private newest = Number.NEGATIVE_INFINITY;
  /** Whether `items` from `head` is sorted by time (every add so far came in order). */
  private ordered = true;
  private cached: readonly BurnSample[] | undefined;

  constructor(private readonly windowMs: number) {}

  add(sample: BurnSample): void {
    this.cached = undefined;
    if (sample.at < this.newest) this.ordered = false;
    this.newest = sample.at;
    this.items.push(sample);
    const cutoff = sample.at - this.windowMs;
    if (!this.ordered) {
      this.items = this.items.slice(this.head).filter((s) => s.at >= cutoff);
      this.head = 0;
      this.ordered = isSorted(this.items);
      return;
    }
    while (this.head < this.items.length && (this.items[this.head] as BurnSample).at < cutoff) this.head += 1;
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** The samples in the window, oldest first (the same array until the next add). */
  samples(): readonly BurnSample[] {
    this.cached ??= this.head === 0 ? this.items.slice() : this.items.slice(this.head);
    return this.cached;
  }

  /** The samples at or after `at`, oldest first. */
  since(at: number): readonly BurnSample[] {
    const all = this.samples();
    if (!this.ordered) return all.filter((s) => s.at >= at);
    let low = 0;
    let high = all.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((all[mid] as BurnSample).at < at) low = mid + 1;
      else high = mid;
    }
    return low === 0 ? all : all.slice(low);
  }
}

function isSorted(samples: readonly BurnSample[]): boolean {
  return samples.every((s, i) => i === 0 || (samples[i - 1] as BurnSample).at <= s.at);
}
