import { describe, expect, it } from 'vitest';
import { SLO_GAP_MS, SloGaps } from '../../../src/core/sloGaps';

const MIN = 60_000;

describe('SloGaps', () => {
  it('a gap between two samples is measured by the one after it, save what lies over a window before it', () => {
    const gaps = new SloGaps();
    // 2 → 6: the 5m sample at 6 measured 1 to 6, the whole gap.
    for (const m of [0, 1, 2, 6, 7]) gaps.add('availability', 5 * MIN, 99.5, m * MIN, m < 3 ? 0.05 : 0);
    expect(gaps.of('availability', 5 * MIN, 7 * MIN)).toEqual([]);
    // 7 → 19: the sample at 19 measured 14 to 19; 7 to 14 was measured by none.
    gaps.add('availability', 5 * MIN, 99.5, 19 * MIN, 0);
    expect(gaps.of('availability', 5 * MIN, 19 * MIN)).toEqual([{ slo: 'availability', windowMs: 5 * MIN, from: 7 * MIN, to: 14 * MIN, nextSampleAt: 19 * MIN, heldBurn: 0 }]);
    // Another window's samples are its own: the 1h window's one sample is followed by nothing up to the end.
    gaps.add('availability', 60 * MIN, 99.5, 0, 0.05);
    expect(gaps.of('availability', 60 * MIN, 7 * MIN)).toEqual([{ slo: 'availability', windowMs: 60 * MIN, from: 0, to: 7 * MIN, heldBurn: expect.closeTo(10, 6) }]);
  });

  it("a poll's drift is no gap; the stretch after the last sample is one only when long enough; gaps end at the end of the count", () => {
    const gaps = new SloGaps();
    gaps.add('latency', 5 * MIN, 99, 0, null);
    gaps.add('latency', 5 * MIN, 99, 5 * MIN + 20_000, 0.02);
    const last = 5 * MIN + 20_000;
    expect(gaps.of('latency', 5 * MIN, last + SLO_GAP_MS)).toEqual([]);
    expect(gaps.of('latency', 5 * MIN, last + SLO_GAP_MS + 1)).toEqual([{ slo: 'latency', windowMs: 5 * MIN, from: last, to: last + SLO_GAP_MS + 1, heldBurn: expect.closeTo(2, 6) }]);
    gaps.add('latency', 5 * MIN, 99, 20 * MIN, 0.02);
    expect(gaps.of('latency', 5 * MIN, 10 * MIN)).toEqual([{ slo: 'latency', windowMs: 5 * MIN, from: last, to: 10 * MIN, nextSampleAt: undefined, heldBurn: expect.closeTo(2, 6) }]);
    expect(gaps.of('unknown', 5 * MIN, 10 * MIN)).toEqual([]);
  });
});
