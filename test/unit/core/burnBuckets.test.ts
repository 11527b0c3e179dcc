import { describe, expect, it } from 'vitest';
import { burnBuckets } from '../../../src/core/burnBuckets';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('burnBuckets: the last hour by time, not by sample', () => {
  it('two samples just after the opening are the last bar, not the whole hour ("last 1h ██")', () => {
    const now = 10 * HOUR;
    expect(burnBuckets([{ at: now - 30_000, burn: 8 }, { at: now, burn: 8.1 }], now, HOUR, 12)).toEqual([...Array(11).fill(null), 8.1]);
  });
  it('each bar is the highest burn of its 5 minutes; a gap stays a gap; older samples fall out', () => {
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
