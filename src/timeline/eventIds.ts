import { randomFillSync } from 'node:crypto';

/** Random bytes taken from the system at a time: one call serves 256 event ids. */
const POOL_BYTES = 4_096;

/** ULID's alphabet (Crockford's base 32): 10 characters of milliseconds, then 16 of randomness. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const MAX_MS = 2 ** 48 - 1;

/**
 * A random source over a pool of cryptographic random bytes. Asking the system for one byte per
 * character (as the ulid package's own source does, 16 calls per id) was most of an append's
 * CPU. Each byte / 256 is uniform over the 32 characters.
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

function encodeTime(ms: number): string {
  let text = '';
  for (let i = 0, rest = ms; i < TIME_CHARS; i += 1, rest = Math.floor(rest / 32)) text = (BASE32[rest % 32] as string) + text;
  return text;
}

/**
 * Monotonic event ids (ULIDs, as the ulid package's monotonic factory makes them), stamped with
 * the event's time: a new millisecond draws new randomness; the same or an earlier one (a clock
 * step back) keeps the last time and adds one to the randomness, so ids always increase. Kept as
 * digits and the time's text, not re-parsed from the last id: an append makes one on its durable
 * path, and the package's string arithmetic cost several microseconds there.
 */
export function eventIdFactory(random: () => number = pooledRandom()): (atMs: number) => string {
  const digits = new Uint8Array(RANDOM_CHARS);
  let lastMs = -1;
  let time = '';
  return (atMs) => {
    // As the package: no usable time means now; one past 48 bits is a bug.
    const ms = Number.isInteger(atMs) && atMs > 0 ? atMs : Date.now();
    if (ms > MAX_MS) throw new Error(`event ids: ${ms} ms does not fit a ULID`);
    if (ms > lastMs) {
      lastMs = ms;
      time = encodeTime(ms);
      // Last character first, as the package draws them.
      for (let i = RANDOM_CHARS - 1; i >= 0; i -= 1) digits[i] = Math.floor(random() * 32);
    } else {
      let i = RANDOM_CHARS - 1;
      for (; i >= 0 && digits[i] === 31; i -= 1) digits[i] = 0;
      if (i < 0) throw new Error('event ids: the randomness of one millisecond ran out');
      digits[i] = (digits[i] as number) + 1;
    }
    let id = time;
    for (let i = 0; i < RANDOM_CHARS; i += 1) id += BASE32[digits[i] as number] as string;
    return id;
  };
}
