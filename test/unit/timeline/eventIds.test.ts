import { describe, expect, it } from 'vitest';
import { eventIdFactory, pooledRandom } from '../../../src/timeline/eventIds';

describe('event ids', () => {
  it('the pooled random source gives fractions in [0, 1) over every ulid character, past a refill', () => {
    const random = pooledRandom();
    const chars = new Set<number>();
    for (let i = 0; i < 20_000; i += 1) {
      const r = random();
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThan(1);
      chars.add(Math.floor(r * 32));
    }
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
});
