/**
 * The sandbox's per-minute noise: a fixed factor for each (seed, SLO, clock minute), and the sums
 * of it over a range of minutes that a window's integral needs. A 30-day window spans 43,200
 * minutes, which a drill's first answers hash during its start (issue #17): each minute once.
 */

/** A value in [-1, 1] fixed by (seed, SLO, minute): a hash, not a stream, so any window can be asked in any order. */
export function jitter(seed: number, slo: string, minute: number): number {
  accumulate(seed, codeUnits(slo), minute, 1, one, 0);
  return one[1]!;
}
/** jitter's sum of one minute: a clamped window asks for each of its minutes, up to 43,200 of them. */
const one = new Float64Array(2);

/** The SLO's name as the hash reads it, made once per name (a runbook has a few). */
function codeUnits(slo: string): Int32Array {
  let units = namesRead.get(slo);
  if (units === undefined) {
    units = Int32Array.from({ length: slo.length }, (_, i) => slo.charCodeAt(i));
    namesRead.set(slo, units);
  }
  return units;
}
const namesRead = new Map<string, Int32Array>();

/**
 * `sums[at + i + 1] = sums[at + i] + jitter(seed, slo, from + i)` for i in [0, count): the one place
 * the hash is written, inline in the loop, for the prefix sums' sake. A drill's first answers hash
 * a 30-day window's 43,200 minutes per SLO before the optimiser has seen the code: ~3 ms this way,
 * 10-20 ms calling a function per minute that read the name's characters (issue #17).
 */
function accumulate(seed: number, name: Int32Array, from: number, count: number, sums: Float64Array, at: number): void {
  const seeded = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b);
  for (let i = 0; i < count; i++) {
    let h = seeded ^ (from + i);
    for (let c = 0; c < name.length; c++) h = Math.imul(h ^ name[c]!, 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    sums[at + i + 1] = sums[at + i]! + (((h >>> 0) / 0xffffffff) * 2 - 1);
  }
}

/**
 * Σ jitter(seed, slo, m) for m in [from, to), from prefix sums over the minutes asked so far. Each
 * minute is hashed once: a range asked past the known ones hashes only the minutes it adds (into
 * room kept at the end, doubled when full), so a drill's windows moving forward minute by minute
 * cost O(1) each, and a longer window asked after a shorter one hashes only what it reaches back to.
 */
export class JitterSums {
  private first = 0;
  /** How many minutes are known: `prefix[i]` = Σ jitter over minutes [first, first + i), for i ≤ count. */
  private count = 0;
  private prefix = new Float64Array(1);
  private readonly name: Int32Array;

  constructor(
    private readonly seed: number,
    slo: string,
  ) {
    this.name = codeUnits(slo);
  }

  sum(from: number, to: number): number {
    if (to <= from) return 0;
    if (this.count === 0) this.first = from;
    if (from < this.first) this.reachBack(from);
    if (to > this.first + this.count) this.reachForward(to);
    return this.prefix[to - this.first]! - this.prefix[from - this.first]!;
  }

  private reachForward(to: number): void {
    const count = to - this.first;
    if (count + 1 > this.prefix.length) {
      const grown = new Float64Array(Math.max(count + 1, 2 * this.prefix.length));
      grown.set(this.prefix.subarray(0, this.count + 1));
      this.prefix = grown;
    }
    accumulate(this.seed, this.name, this.first + this.count, count - this.count, this.prefix, this.count);
    this.count = count;
  }

  /** The minutes [from, first) go before the known ones, whose sums then start from theirs. */
  private reachBack(from: number): void {
    const added = this.first - from;
    const prefix = new Float64Array(this.prefix.length + added);
    accumulate(this.seed, this.name, from, added, prefix, 0);
    const before = prefix[added]!;
    for (let i = 1; i <= this.count; i++) prefix[added + i] = before + this.prefix[i]!;
    this.first = from;
    this.count += added;
    this.prefix = prefix;
  }
}
