import { decodeTime, monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { eventIdFactory, pooledRandom } from '../../../src/timeline/eventIds';

describe('event ids', () => {
  it('the pooled random source gives fractions in [0, 1) over every ulid character, past a refill', () => {
    const random = pooledRandom();
    const chars = new Set<number>();
    const drawn: number[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const r = random();
      drawn.push(r);
      chars.add(Math.floor(r * 32));
    }
    // Asserted once over all of them: 40,000 expect() calls were most of the test's time.
    expect(drawn.filter((r) => !(r >= 0 && r < 1))).toEqual([]);
    expect(chars.size).toBe(32);
  });

  it('ids are ulids, unique and increasing, within one millisecond and across them', () => {
    const next = eventIdFactory();
    const ids = [...Array.from({ length: 1_000 }, () => next(1_000_000)), ...Array.from({ length: 10 }, (_, i) => next(1_000_001 + i))];
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // Two factories (two cockpits) do not collide.
    expect(eventIdFactory()(5_000)).not.toBe(eventIdFactory()(5_000));
  });

  it('are what the ulid package makes from the same randomness: its time, its increments, a clock step back', () => {
    const times = [1_764_745_200_123, 1_764_745_200_123, 1_764_745_200_124, 1_764_745_200_100, 2 ** 48 - 1];
    const ours = eventIdFactory(seededRandom(7));
    const theirs = monotonicFactory(seededRandom(7));
    for (const at of times) expect(ours(at)).toBe(theirs(at));
    expect(decodeTime(eventIdFactory()(1_764_745_200_123))).toBe(1_764_745_200_123);
  });

  it('carries across every character in one millisecond, and never wraps around', () => {
    const next = eventIdFactory(() => 31 / 32);
    expect(next(1_000)).toBe('00000000Z8ZZZZZZZZZZZZZZZZ');
    expect(() => next(1_000)).toThrow(/ran out/);
    const carrying = eventIdFactory(sequence([31, 31]));
    expect(carrying(1_000).slice(10)).toBe('00000000000000ZZ');
    expect(carrying(1_000).slice(10)).toBe('0000000000000100');
  });

  it('a time that is no time is now; one past 48 bits is refused', () => {
    const before = Date.now();
    expect(decodeTime(eventIdFactory()(Number.NaN))).toBeGreaterThanOrEqual(before);
    expect(() => eventIdFactory()(2 ** 48)).toThrow(/does not fit/);
  });
});

/** The same random fractions for two factories: a fixed-seed generator (xorshift), each value once. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) % 256) / 256;
  };
}

/** Fractions that give these characters (0–31), drawn last character first, then zeros. */
function sequence(chars: readonly number[]): () => number {
  let i = 0;
  return () => (chars[i++] ?? 0) / 32;
}
