import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BurnHistory } from '../../../src/core/burnHistory';
import type { BurnSample } from '../../../src/core/verifyCondition';

const WINDOW = 1_000;

/** What the session did before: push, then filter the whole history by the new sample's time. */
function naive(samples: readonly BurnSample[], windowMs: number): BurnSample[] {
  let history: BurnSample[] = [];
  for (const sample of samples) history = [...history, sample].filter((s) => s.at >= sample.at - windowMs);
  return history;
}

const sampleArb = fc.record({ at: fc.integer({ min: 0, max: 5_000 }), burn: fc.option(fc.double({ min: 0, max: 50, noNaN: true }), { nil: null }) });

describe('BurnHistory', () => {
  it('keeps the samples no older than the window before the newest', () => {
    const history = new BurnHistory(WINDOW);
    for (const at of [0, 500, 1_000, 1_400, 2_100]) history.add({ at, burn: at / 1_000 });
    expect(history.samples().map((s) => s.at)).toEqual([1_400, 2_100]);
    expect(history.since(2_000).map((s) => s.at)).toEqual([2_100]);
    expect(history.since(0).map((s) => s.at)).toEqual([1_400, 2_100]);
  });

  it('stays linear over a long in-order replay and keeps only the window', () => {
    const history = new BurnHistory(WINDOW);
    for (let at = 0; at < 200_000; at += 10) history.add({ at, burn: 1 });
    expect(history.samples()).toHaveLength(WINDOW / 10 + 1);
    expect(history.samples()[0]?.at).toBe(200_000 - 10 - WINDOW);
  });

  it('agrees with filtering the whole history on every add, in order or not', () => {
    const sorted = fc.array(sampleArb, { maxLength: 300 }).map((xs) => [...xs].sort((a, b) => a.at - b.at));
    fc.assert(
      fc.property(fc.oneof(sorted, fc.array(sampleArb, { maxLength: 300 })), fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 5_000 }), (samples, windowMs, since) => {
        const history = new BurnHistory(windowMs);
        samples.forEach((s) => history.add(s));
        const expected = naive(samples, windowMs);
        expect(history.samples()).toEqual(expected);
        expect(history.since(since)).toEqual(expected.filter((s) => s.at >= since));
      }),
    );
  });
});
