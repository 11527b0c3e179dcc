import { describe, expect, it } from 'vitest';
import type { BurnEvidence } from '../../../src/core/burnNow';
import { trendText } from '../../../src/core/burnNow';

const burn = (shortBurn: number, longBurn: number): BurnEvidence => ({
  slo: 'availability',
  fired: true,
  threshold: 14.4,
  longMs: 3_600_000,
  shortMs: 300_000,
  longBurn,
  shortBurn,
  onsetAt: 0,
});

describe('trendText without samples: the 5m window against the long one', () => {
  // `cockpit status` of an open incident: "the burn goes on (5m 16.0x ↓)" beside "1h 16.0x".
  it('reads as flat when the two are the same to a hundredth', () => {
    expect(trendText([burn(15.98, 16.01)], [], 0)).toBe('5m 16.0x →');
    expect(trendText([burn(14.9, 16)], [], 0)).toBe('5m 14.9x ↓');
    expect(trendText([burn(16.3, 16)], [], 0)).toBe('5m 16.3x ↑');
  });
});
