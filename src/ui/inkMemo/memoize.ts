export interface MemoizeOptions<K> {
  /** How much a generation holds, counted by `weigh` (every key weighs 1 by default). */
  readonly generationSize: number;
  readonly weigh?: (key: K) => number;
}

/** Marks a key met once: its value is not kept until it is asked for again. */
const SEEN = Symbol('seen once');

/**
 * Memoizes a pure one-argument function in bounded memory, for keys that recur. A value is kept
 * from the second time its key is asked for, so one-off keys cost only the key; kept values used
 * in the current or the previous generation stay, older ones are dropped wholesale.
 *
 * Made for a screen's lines: most repeat from frame to frame and are computed twice at most,
 * while a page of a list scrolled past is drawn once and never fills the memory with values
 * that would outlive the young generation of the garbage collector.
 *
 * `fn` must not return `undefined` (it would be recomputed each time).
 */
export function memoize<K, V>(fn: (key: K) => V, { generationSize, weigh = () => 1 }: MemoizeOptions<K>): (key: K) => V {
  if (!(generationSize >= 1)) throw new RangeError(`generationSize must be at least 1, got ${generationSize}`);
  let current = new Map<K, V | typeof SEEN>();
  let previous = new Map<K, V | typeof SEEN>();
  let weight = 0;
  const remember = (key: K, entry: V | typeof SEEN) => {
    if (weight >= generationSize) {
      previous = current;
      current = new Map();
      weight = 0;
    }
    current.set(key, entry);
    weight += weigh(key);
  };
  return (key) => {
    const recent = current.get(key);
    if (recent !== undefined && recent !== SEEN) return recent;
    const older = previous.get(key);
    if (older !== undefined && older !== SEEN) {
      remember(key, older);
      return older;
    }
    const value = fn(key);
    remember(key, recent === SEEN || older === SEEN ? value : SEEN);
    return value;
  };
}
