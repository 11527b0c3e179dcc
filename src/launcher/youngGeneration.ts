import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

/**
 * V8's young generation, once it has grown to this size, grows no further (issue #17). Left to
 * itself it doubles to 32 MB (two 16 MB semi-spaces) while a session replays its log, and the
 * cockpit's peak RSS with it: a resumed drill of 10,000 events at 160x48, after 150 keys, peaked
 * at 147-155 MB uncapped and 127 MB capped here, for the same CPU (1.70 s against 1.83-1.93 s).
 * Capped at its first size (1 MB semi-spaces) it peaked at 120 MB but took ~15% more CPU.
 */
export const YOUNG_GENERATION_CAP_BYTES = 16 * 1024 * 1024;

/** V8's own growth factor of the young generation (Node 20 to 24): flags as every start has them. */
const DEFAULT_GROWTH_FACTOR = 2;
let capped = false;

/**
 * Watches garbage collections and, once the young generation is `capBytes` or larger, stops its
 * growth: the growth factor is read at each growth, and the maximum size only at start-up (which
 * would need a flag on node's command line, and `cockpit` is run as `node bin/cockpit.js` too).
 * The observer runs between tasks, so a long synchronous stretch can grow it one step past the cap.
 */
export function capYoungGeneration(capBytes: number = YOUNG_GENERATION_CAP_BYTES): void {
  const observer = new PerformanceObserver(() => {
    if (youngGenerationBytes() < capBytes) return;
    observer.disconnect();
    setGrowthFactor(1);
    capped = true;
  });
  observer.observe({ entryTypes: ['gc'] });
}

/**
 * Runs `work` (reading or writing a code cache) under the flags every start has. V8 hashes its
 * flags into a code cache and rejects one made under others: a cache written while the young
 * generation is capped was rejected by every next start (a drill compiled the bundle anew each
 * time, ~0.25 s of CPU), and one read then would be rejected too.
 */
export function withStartupFlags<T>(work: () => T): T {
  if (!capped) return work();
  setGrowthFactor(DEFAULT_GROWTH_FACTOR);
  try {
    return work();
  } finally {
    setGrowthFactor(1);
  }
}

/** The startup flags for good (at exit, where Node writes its own compile cache). */
export function releaseYoungGeneration(): void {
  if (capped) setGrowthFactor(DEFAULT_GROWTH_FACTOR);
  capped = false;
}

function setGrowthFactor(factor: number): void {
  v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
}

/** Both semi-spaces of the young generation, as V8 has them now. */
export function youngGenerationBytes(): number {
  return v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}
