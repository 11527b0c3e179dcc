import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/** Random bytes taken from the system at a time: one call serves 256 event ids. */
const POOL_BYTES = 4_096;

/**
 * A ulid random source over a pool of cryptographic random bytes. ulid's own (detected) source
 * asks the system for one byte per character, 16 calls per id: most of an append's CPU. Each
 * byte / 256 is uniform over ulid's 32 characters, as ulid's own source is.
 */
export function pooledRandom(): () => number {
  const pool = Buffer.allocUnsafe(POOL_BYTES);
  let next = POOL_BYTES;
  return () => {
    if (next === POOL_BYTES) {
      randomFillSync(pool);
      next = 0;
    }
    const byte = pool[next] as number;
    next += 1;
    return byte / 256;
  };
}

/** Monotonic event ids (ulid), stamped with the event's time. */
export function eventIdFactory(): (atMs: number) => string {
  return monotonicFactory(pooledRandom());
}
