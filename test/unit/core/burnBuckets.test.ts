import { describe, expect, it } from 'vitest';
import { burnBuckets } from '../../../src/core/burnBuckets';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('burnBuckets: the last hour by time, not by sample', () => {
  it('two samples just after the opening are the last bar, not the whole hour ("last 1h ██")', () => {
    const now = 10 * HOUR;
    expect(burnBuckets([{ at: now - 30_000, burn: 8 }, { at: now, burn: 8.1 }], now, HOUR, 12)).toEqual([...Array(11).fill(null), 8.1]);
  });
  // search-api slow-burn after the rollback: `5m 0.1x … last 1h ███████████▆`, the newest bar still high.
  it('each bar is the newest burn of its 5 minutes (the 5m window then covers them), whatever order it came in', () => {
    const now = 10 * HOUR;
    expect(burnBuckets([{ at: now - 4 * MIN, burn: 16 }, { at: now - MIN, burn: 0.1 }], now, HOUR, 12).at(-1)).toBe(0.1);
    expect(burnBuckets([{ at: now - MIN, burn: 0.1 }, { at: now - 4 * MIN, burn: 16 }], now, HOUR, 12).at(-1)).toBe(0.1);
  });
  it('a gap stays a gap; older samples fall out', () => {
    const now = 10 * HOUR;
    const samples = [
      { at: now - 2 * HOUR, burn: 99 },
      { at: now - 59 * MIN, burn: 3 },
      { at: now - 58 * MIN, burn: 5 },
      { at: now - 10 * MIN, burn: null },
      { at: now - 4 * MIN, burn: 1 },
    ];
    expect(burnBuckets(samples, now, HOUR, 12)).toEqual([5, null, null, null, null, null, null, null, null, null, null, 1]);
  });
});
