import { describe, expect, it } from 'vitest';
import { jitter } from '../../../src/sandbox/jitter';
import { errorRatio, requestRate, scenarioHistory, servingFromTasks, trafficModel, type WorldSegment } from '../../../src/sandbox/traffic';
import { flagFailure, HOUR, MINUTE, revisionFailure, scenario, START } from '../../fixtures/scenarios/build';

const off = { f: 'off' };
const on = { f: 'on' };

/** 41 everywhere until START−60m, a half-rolled 42 for 10 minutes, then 42 alone. */
const rollout: WorldSegment[] = [
  { from: START - 2 * HOUR, serving: { 41: 6 }, flags: off },
  { from: START - 60 * MINUTE, serving: { 41: 3, 42: 3 }, flags: off },
  { from: START - 50 * MINUTE, serving: { 42: 6 }, flags: off },
];

describe('error ratio over a window, integrated over the history', () => {
  const model = trafficModel(scenario({}, [revisionFailure(42, 0.1)]));
  const ratio = (history: WorldSegment[], windowMs: number, at: number) => errorRatio(model, history, 'availability', windowMs, at);
  const half = 0.5 * 0.001 + 0.5 * 0.1;

  it('weights each piece of the window by its length and each revision by its share of tasks', () => {
    expect(ratio(rollout, HOUR, START)).toBeCloseTo((10 * half + 50 * 0.1) / 60, 12);
    expect(ratio(rollout, 2 * HOUR, START)).toBeCloseTo((60 * 0.001 + 10 * half + 50 * 0.1) / 120, 12);
    expect(ratio(rollout, 10 * MINUTE, START - 55 * MINUTE)).toBeCloseTo((5 * 0.001 + 5 * half) / 10, 12);
  });

  it('takes the world before the first segment to be the first segment', () => {
    expect(ratio(rollout, 30 * MINUTE, START - 3 * HOUR)).toBeCloseTo(0.001, 12);
  });

  it('adds a flag failure only while its variant is set (DISABLED is not a variant)', () => {
    const flagged = trafficModel(scenario({}, [revisionFailure(42, 0.1), flagFailure('f', 'on', 0.02)]));
    const history: WorldSegment[] = [
      { from: START - HOUR, serving: { 42: 6 }, flags: on },
      { from: START - 20 * MINUTE, serving: { 42: 6 }, flags: { f: 'DISABLED' } },
      { from: START - 10 * MINUTE, serving: { 42: 6 }, flags: off },
    ];
    expect(errorRatio(flagged, history, 'availability', 30 * MINUTE, START)).toBeCloseTo((10 * 0.12 + 20 * 0.1) / 30, 12);
  });

  it('switches a failure on at its `since`', () => {
    const broken = trafficModel(scenario({}, [revisionFailure(41, 0.6, -30 * MINUTE)]));
    const always41: WorldSegment[] = [{ from: START - 24 * HOUR, serving: { 41: 6 }, flags: off }];
    expect(errorRatio(broken, always41, 'availability', HOUR, START)).toBeCloseTo((30 * 0.001 + 30 * 0.6) / 60, 12);
    expect(errorRatio(broken, always41, 'availability', HOUR, START - 30 * MINUTE)).toBeCloseTo(0.001, 12);
  });

  it('fails every request when no task runs, and never goes above 1', () => {
    const down: WorldSegment[] = [{ from: START - HOUR, serving: {}, flags: off }];
    expect(ratio(down, 5 * MINUTE, START)).toBe(1);
    const stacked = trafficModel(scenario({}, [revisionFailure(42, 0.9), flagFailure('f', 'on', 0.5)]));
    expect(errorRatio(stacked, [{ from: START - HOUR, serving: { 42: 1 }, flags: on }], 'availability', 5 * MINUTE, START)).toBe(1);
  });

  it('has no data without requests, and knows no SLO the scenario lacks', () => {
    const idle = trafficModel(scenario({ baseline: { availability: { requests_per_second: 0, error_ratio: 0.001 } } }));
    expect(errorRatio(idle, rollout, 'availability', HOUR, START)).toBeNull();
    expect(ratio(rollout, 0, START)).toBeNull();
    expect(ratio(rollout, HOUR, START)).not.toBeNull();
    expect(errorRatio(model, rollout, 'latency', HOUR, START)).toBeUndefined();
    expect(requestRate(model, 'availability')).toBe(10);
    expect(requestRate(model, 'latency')).toBeUndefined();
  });
});

describe('the world before the drill, from the scenario', () => {
  it('rolls each deploy out one task every task_start, and toggles flags at their last change', () => {
    const history = scenarioHistory(scenario());
    const rolling = [1, 2, 3, 4, 5].map((k) => ({ from: START - HOUR + k * 10_000, serving: { 41: 6 - k, 42: k }, flags: off }));
    expect(history).toEqual([
      { from: START - 24 * HOUR, serving: { 41: 6 }, flags: off },
      ...rolling,
      { from: START - HOUR + 60_000, serving: { 42: 6 }, flags: off },
      { from: START - 30 * MINUTE, serving: { 42: 6 }, flags: on },
    ]);
  });

  it('stops at the drill start: a rollout still running is left to the live world', () => {
    const late = scenario({
      flags: {},
      deploys: { ...scenario().deploys, history: [scenario().deploys.history[0]!, { revision: 42, images: { app: 'a' }, actor: 'dave', at: -25_000 }] },
    });
    expect(scenarioHistory(late).map((s) => s.serving)).toEqual([{ 41: 6 }, { 41: 5, 42: 1 }, { 41: 4, 42: 2 }]);
  });

  it('keeps a DISABLED flag disabled and a never-changed flag at its variant all along', () => {
    const flags = {
      f: { state: 'DISABLED' as const, variants: { on: true, off: false }, default_variant: 'on', changed: { at: -MINUTE, by: 'erin', from: 'on' } },
      g: { state: 'ENABLED' as const, variants: { a: 1, b: 2 }, default_variant: 'b' },
    };
    const history = scenarioHistory(scenario({ flags }));
    expect(history[0]?.flags).toEqual({ f: 'on', g: 'b' });
    expect(history.at(-1)).toEqual({ from: START - MINUTE, serving: { 42: 6 }, flags: { f: 'DISABLED', g: 'b' } });
  });
});

describe('seeded noise', () => {
  const noisy = (seed: number) => trafficModel(scenario({ noise: 0.1 }, [revisionFailure(42, 0.1)]), seed);
  const steady: WorldSegment[] = [{ from: START - 24 * HOUR, serving: { 42: 6 }, flags: off }];

  it('jitters each clock minute by a fixed amount within ±noise', () => {
    // Minute-aligned window: the ratio is the mean of its minutes' jittered ratios.
    const minutes = Array.from({ length: 10 }, (_, i) => START / MINUTE - 10 + i);
    const expected = minutes.reduce((sum, m) => sum + 0.1 * (1 + 0.1 * jitter(7, 'availability', m)), 0) / 10;
    expect(errorRatio(noisy(7), steady, 'availability', 10 * MINUTE, START)).toBeCloseTo(expected, 12);
    for (const m of minutes) expect(Math.abs(jitter(7, 'availability', m))).toBeLessThanOrEqual(1);
  });

  it('is the same for the same seed and differs for another', () => {
    const at = START + 7_654;
    const first = errorRatio(noisy(7), steady, 'availability', 5 * MINUTE, at);
    expect(errorRatio(noisy(7), steady, 'availability', 5 * MINUTE, at)).toBe(first);
    expect(errorRatio(noisy(8), steady, 'availability', 5 * MINUTE, at)).not.toBe(first);
    expect(first).not.toBe(0.1);
  });

  it('spreads over the whole range, not a corner of it', () => {
    const values = Array.from({ length: 2000 }, (_, m) => jitter(3, 'availability', 29_000_000 + m));
    expect(Math.min(...values)).toBeLessThan(-0.95);
    expect(Math.max(...values)).toBeGreaterThan(0.95);
    expect(Math.abs(values.reduce((a, b) => a + b, 0) / values.length)).toBeLessThan(0.05);
  });
});

describe('serving shares from ECS task counts', () => {
  it('keys running tasks by revision number and drops stopped ones', () => {
    expect(
      servingFromTasks([
        { taskDefinition: 'checkout-api:41', running: 2 },
        { taskDefinition: 'checkout-api:42', running: 4 },
        { taskDefinition: 'checkout-api:40', running: 0 },
      ]),
    ).toEqual({ 41: 2, 42: 4 });
  });
});
