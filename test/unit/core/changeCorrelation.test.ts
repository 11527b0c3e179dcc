import { describe, expect, it } from 'vitest';
import { estimatedOnset } from '../../../src/core/changeCorrelation';

const MIN = 60_000;
const NOW = Date.parse('2026-12-05T14:37:00Z');

describe('estimatedOnset', () => {
  const burn = { longMs: 60 * MIN, shortMs: 5 * MIN, longBurn: 8.8, shortBurn: 16 };

  it('reads a long window whole: 0.55 of its hour at the short rate, and a short window of slack', () => {
    expect(estimatedOnset(NOW, burn)).toBe(NOW - 0.55 * 60 * MIN + 5 * MIN);
  });

  // A Prometheus started 10 minutes before: the hour's window held those minutes, and the burn was dated 28 minutes back.
  it('a window reaching back before the data holds only the data', () => {
    expect(estimatedOnset(NOW, burn, undefined, NOW - 10 * MIN)).toBe(NOW - 0.55 * 10 * MIN + 5 * MIN);
    expect(estimatedOnset(NOW, { ...burn, longBurn: 4 }, undefined, NOW - 40 * MIN)).toBe(NOW - 0.25 * 40 * MIN + 5 * MIN);
    // Data older than the window: as without it.
    expect(estimatedOnset(NOW, burn, undefined, NOW - 2 * 60 * MIN)).toBe(estimatedOnset(NOW, burn));
    // No data before now at all: nothing to date.
    expect(estimatedOnset(NOW, burn, undefined, NOW)).toBe(NOW);
  });
});
