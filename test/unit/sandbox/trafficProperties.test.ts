import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jitter, JitterSums } from '../../../src/sandbox/jitter';
import type { ScenarioFailure } from '../../../src/sandbox/scenarioSchema';
import { errorRatio, trafficModel, type WorldSegment } from '../../../src/sandbox/traffic';
import { flagFailure, HOUR, MINUTE, revisionFailure, scenario, START } from '../../fixtures/scenarios/build';

const SECOND = 1000;
const BASELINE = 0.001;

const segmentState = fc.record({
  serving: fc.record({ 41: fc.integer({ min: 0, max: 6 }), 42: fc.integer({ min: 0, max: 6 }), 43: fc.integer({ min: 0, max: 3 }) }),
  flags: fc.record({ f: fc.constantFrom('on', 'off', 'DISABLED') }),
});

/** 1–6 segments starting on whole seconds in the three hours before START. */
const history = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 3 * 3600 }), segmentState), { minLength: 1, maxLength: 6 })
  .map((entries) => {
    const byStart = new Map(entries.map(([offset, state]) => [START - offset * SECOND, state]));
    return [...byStart.entries()].sort(([a], [b]) => a - b).map(([from, state]): WorldSegment => ({ from, ...state }));
  });

const failures = fc.record({ bad: fc.double({ min: 0, max: 1, noNaN: true }), adds: fc.double({ min: 0, max: 0.5, noNaN: true }) });
const failuresOf = ({ bad, adds }: { bad: number; adds: number }): ScenarioFailure[] => [revisionFailure(42, bad), flagFailure('f', 'on', adds)];

/** The ratio of one instant's requests, written out independently of the model. */
function expectedInstant(segment: WorldSegment, bad: number, adds: number): number {
  const shares = Object.entries(segment.serving) as [string, number][];
  const total = shares.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return 1;
  const served = shares.reduce((sum, [revision, n]) => sum + (n / total) * (revision === '42' ? bad : BASELINE), 0);
  return Math.min(1, served + (segment.flags['f'] === 'on' ? adds : 0));
}

function segmentAtTime(segments: readonly WorldSegment[], t: number): WorldSegment {
  return [...segments].reverse().find((s) => s.from <= t) ?? segments[0]!;
}

describe('traffic model properties', () => {
  it('every ratio is within [0, 1], with noise or without', () => {
    fc.assert(
      fc.property(history, failures, fc.double({ min: 0, max: 0.5, noNaN: true }), fc.integer({ min: 1, max: 6 * 3600 }), fc.integer({ min: 0, max: 4 * 3600 }), (segments, f, noise, windowS, beforeS) => {
        const model = trafficModel(scenario({ noise }, failuresOf(f)));
        const ratio = errorRatio(model, segments, 'availability', windowS * SECOND, START - beforeS * SECOND);
        expect(ratio).not.toBeNull();
        expect(ratio!).toBeGreaterThanOrEqual(0);
        expect(ratio!).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('a window inside one constant segment gives that segment\'s ratio', () => {
    fc.assert(
      fc.property(segmentState, segmentState, failures, fc.integer({ min: 1, max: 3600 }), fc.integer({ min: 0, max: 3600 }), (first, second, f, windowS, slackS) => {
        const segments: WorldSegment[] = [
          { from: START - 10 * HOUR, ...first },
          { from: START - 5 * HOUR, ...second },
        ];
        const model = trafficModel(scenario({}, failuresOf(f)));
        const at = START - 5 * HOUR + windowS * SECOND + slackS * SECOND; // window starts at or after the second segment
        expect(errorRatio(model, segments, 'availability', windowS * SECOND, at)).toBeCloseTo(expectedInstant(segments[1]!, f.bad, f.adds), 12);
      }),
    );
  });

  it('with noise, that ratio moves by at most ±noise', () => {
    fc.assert(
      fc.property(segmentState, failures, fc.double({ min: 0.01, max: 0.5, noNaN: true }), fc.integer({ min: 1, max: 3600 }), fc.nat(1000), (state, f, noise, windowS, seed) => {
        const model = trafficModel(scenario({ noise }, failuresOf(f)), seed);
        const exact = expectedInstant({ from: 0, ...state }, f.bad, f.adds);
        const ratio = errorRatio(model, [{ from: 0, ...state }], 'availability', windowS * SECOND, START)!;
        expect(ratio).toBeGreaterThanOrEqual(exact * (1 - noise) - 1e-12);
        expect(ratio).toBeLessThanOrEqual(Math.min(1, exact * (1 + noise)) + 1e-12);
      }),
    );
  });

  it('equals a second-by-second sum of the instantaneous ratios', () => {
    fc.assert(
      fc.property(history, failures, fc.integer({ min: 1, max: 1800 }), fc.integer({ min: 0, max: 3 * 3600 }), (segments, f, windowS, beforeS) => {
        const model = trafficModel(scenario({}, failuresOf(f)));
        const at = START - beforeS * SECOND;
        let sum = 0;
        for (let s = 1; s <= windowS; s++) sum += expectedInstant(segmentAtTime(segments, at - s * SECOND), f.bad, f.adds);
        expect(errorRatio(model, segments, 'availability', windowS * SECOND, at)).toBeCloseTo(sum / windowS, 9);
      }),
      { numRuns: 60 },
    );
  });

  it('once a rollback has replaced the bad revision, every window\'s ratio only falls', () => {
    fc.assert(
      fc.property(
        fc.double({ min: BASELINE, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 6 * 3600 }),
        fc.integer({ min: 0, max: 3600 }),
        fc.array(fc.integer({ min: 0, max: 3 * 3600 }), { minLength: 2, maxLength: 8 }),
        (bad, badForS, stepS, laterS) => {
          const rollbackAt = START;
          const steps = Array.from({ length: 6 }, (_, i): WorldSegment => ({ from: rollbackAt + (i + 1) * stepS * SECOND + 1, serving: { 42: 5 - i, 41: i + 1 }, flags: { f: 'off' } }));
          const segments: WorldSegment[] = [
            { from: START - 48 * HOUR, serving: { 41: 6 }, flags: { f: 'off' } },
            { from: rollbackAt - badForS * SECOND, serving: { 42: 6 }, flags: { f: 'off' } },
            ...steps,
          ];
          const done = steps.at(-1)!.from;
          const model = trafficModel(scenario({}, [revisionFailure(42, bad)]));
          for (const windowMs of [5 * MINUTE, HOUR, 6 * HOUR]) {
            const ratios = [...laterS].sort((a, b) => a - b).map((s) => errorRatio(model, segments, 'availability', windowMs, done + s * SECOND)!);
            for (let i = 1; i < ratios.length; i++) expect(ratios[i]!).toBeLessThanOrEqual(ratios[i - 1]! + 1e-12);
          }
          // While it rolls, each step serves fewer bad requests than the one before.
          const during = steps.map((s) => errorRatio(model, segments, 'availability', 1, s.from + 1)!);
          for (let i = 1; i < during.length; i++) expect(during[i]!).toBeLessThanOrEqual(during[i - 1]! + 1e-12);
        },
      ),
    );
  });

  it('a noisy window of up to 30 days is each of its minutes\' jittered ratio, clamped, weighted by its overlap', () => {
    const DAY = 24 * HOUR;
    fc.assert(
      fc.property(segmentState, failures, fc.double({ min: 0, max: 0.5, noNaN: true }), fc.integer({ min: 1, max: 30 * 24 * 3600 }), fc.integer({ min: 0, max: 3 * 24 * 3600 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (state, f, noise, windowS, afterS, seed) => {
        const segments: WorldSegment[] = [{ from: START - 31 * DAY, ...state }];
        const model = trafficModel(scenario({ noise, seed }, failuresOf(f)));
        const at = START - 31 * DAY + windowS * SECOND + afterS * SECOND;
        const from = at - windowS * SECOND;
        const r = expectedInstant(segments[0]!, f.bad, f.adds);
        let expected = 0;
        for (let minute = Math.floor(from / MINUTE); minute * MINUTE < at; minute++) {
          const overlap = Math.min(at, (minute + 1) * MINUTE) - Math.max(from, minute * MINUTE);
          expected += Math.min(1, r * (1 + noise * jitter(seed, 'availability', minute))) * overlap;
        }
        // To 1e-10: the two sums of up to 43,200 minutes differ in order, and once fast-check found them 5.0004e-13 apart.
        expect(errorRatio(model, segments, 'availability', windowS * SECOND, at)).toBeCloseTo(expected / (windowS * SECOND), 10);
      }),
      { numRuns: 60 },
    );
  });
});

describe('JitterSums', () => {
  it('sums the jitter of any range of minutes, asked in any order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(fc.tuple(fc.integer({ min: 29_000_000, max: 29_010_000 }), fc.integer({ min: 0, max: 5000 })), { minLength: 1, maxLength: 8 }), (seed, asks) => {
        const sums = new JitterSums(seed, 'availability');
        for (const [from, length] of asks) {
          let expected = 0;
          for (let m = from; m < from + length; m++) expected += jitter(seed, 'availability', m);
          expect(sums.sum(from, from + length)).toBeCloseTo(expected, 9);
        }
      }),
    );
  });
});

