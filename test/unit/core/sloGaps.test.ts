import { describe, expect, it } from 'vitest';
import { SLO_GAP_MS, SloGaps } from '../../../src/core/sloGaps';

const MIN = 60_000;

describe('SloGaps', () => {
  it('finds each stretch longer than SLO_GAP_MS between two samples of one window, with the burn held through it', () => {
    const gaps = new SloGaps();
    for (const m of [0, 1, 2, 6, 7]) gaps.add('availability', 5 * MIN, 99.5, m * MIN, m < 3 ? 0.05 : 0);
    gaps.add('availability', 60 * MIN, 99.5, 0, 0.05);
    expect(gaps.of('availability', 5 * MIN, 7 * MIN)).toEqual([{ slo: 'availability', windowMs: 5 * MIN, from: 2 * MIN, to: 6 * MIN, heldBurn: expect.closeTo(10, 6) }]);
    // Another window's samples are its own: the 1h window's one sample is followed by nothing up to the end.
    expect(gaps.of('availability', 60 * MIN, 7 * MIN)).toEqual([{ slo: 'availability', windowMs: 60 * MIN, from: 0, to: 7 * MIN, heldBurn: expect.closeTo(10, 6) }]);
  });

  it('a late poll is no gap; the stretch after the last sample is one only when long enough; gaps end at the end of the count', () => {
    const gaps = new SloGaps();
    gaps.add('latency', 5 * MIN, 99, 0, null);
    gaps.add('latency', 5 * MIN, 99, SLO_GAP_MS, 0.02);
    expect(gaps.of('latency', 5 * MIN, SLO_GAP_MS + SLO_GAP_MS)).toEqual([]);
    expect(gaps.of('latency', 5 * MIN, SLO_GAP_MS + SLO_GAP_MS + 1)).toEqual([{ slo: 'latency', windowMs: 5 * MIN, from: SLO_GAP_MS, to: 2 * SLO_GAP_MS + 1, heldBurn: expect.closeTo(2, 6) }]);
    gaps.add('latency', 5 * MIN, 99, 20 * MIN, 0.02);
    expect(gaps.of('latency', 5 * MIN, 10 * MIN)).toEqual([{ slo: 'latency', windowMs: 5 * MIN, from: SLO_GAP_MS, to: 10 * MIN, heldBurn: expect.closeTo(2, 6) }]);
    expect(gaps.of('unknown', 5 * MIN, 10 * MIN)).toEqual([]);
  });
});
