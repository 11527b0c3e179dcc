import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import { fold } from '../../../src/core/incident';
import { responseMetrics } from '../../../src/core/metrics';
import { chainOf, OPENED } from './chainOf';

const T0 = Date.parse('2026-11-22T02:31:07.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const PERIOD = 30 * 86_400_000;

function metricsOf(events: NewEvent[]) {
  const folded = fold(chainOf([{ ...OPENED, at: at(0) }, ...events]));
  if (!folded.ok) throw new Error(folded.reason);
  return responseMetrics(folded.state);
}

const obs = (minute: number, errorRatio: number | null, windowMs = 300_000): NewEvent => ({
  kind: 'slo.observed',
  at: at(minute),
  data: { slo: 'availability', objective: 99.5, periodMs: PERIOD, windowMs, errorRatio },
});

describe('response metrics', () => {
  it('measures acknowledge, first action, mitigate and resolve from the opening', () => {
    const m = metricsOf([
      { kind: 'role.assigned', at: at(1.5), data: { role: 'commander', person: 'alice' } },
      { kind: 'action.planned', at: at(2), data: { action: 'a', name: 'deploys.rollback', summary: 's', calls: [] } },
      { kind: 'action.started', at: at(3), data: { action: 'a' } },
      { kind: 'incident.mitigated', at: at(10), data: {} },
      { kind: 'incident.resolved', at: at(25), data: {} },
      { kind: 'note', at: at(30), data: { text: 'after' } },
    ]);
    expect(m).toMatchObject({ timeToAcknowledgeMs: 90_000, timeToFirstActionMs: 180_000, timeToMitigateMs: 600_000, timeToResolveMs: 1_500_000, durationMs: 1_500_000 });
  });

  it('leaves out what did not happen; an open incident lasts until its last event', () => {
    const m = metricsOf([{ kind: 'note', at: at(7), data: { text: 'x' } }]);
    expect(m.timeToAcknowledgeMs).toBeUndefined();
    expect(m.timeToResolveMs).toBeUndefined();
    expect(m.durationMs).toBe(7 * 60_000);
  });

  it('error budget: samples laid end to end, each measuring its window; nothing after resolving', () => {
    const m = metricsOf([obs(1, 0.08), obs(4, 0.02), obs(6, 0.04), obs(11, 0.01), { kind: 'incident.resolved', at: at(13), data: {} }, obs(20, 0.5)]);
    // From the first sample (what it measured came before: the impact estimate's): 1–6 at burn 8
    // (the sample at 6), 6–11 at burn 2, then 11–13 at the last burn read (2); nothing after resolving.
    expect(m.errorBudget).toHaveLength(1);
    expect(m.errorBudget[0]?.consumed).toBeCloseTo(((8 * 5 + 2 * 5 + 2 * 2) * 60_000) / PERIOD, 12);
    expect(m.errorBudget[0]?.observations).toBe(5);
  });

  // A real incident (moto, Prometheus): errors stopped 44 s after the opening. Each 5m sample held
  // forward for a minute counted them for five minutes more: 0.52% of the budget against 0.11%.
  it('errors that stop just after the opening are counted for as long as they lasted, not a window longer', () => {
    const bad = 0.3;
    // Errors from long before the opening (minute 0) to 44 s after it; a sample a minute.
    const errorsIn = (from: number, to: number) => Math.max(0, Math.min(to, 44 / 60) - from);
    const events = Array.from({ length: 13 }, (_, minute) => obs(minute, (bad * errorsIn(minute - 5, minute)) / 5));
    const m = metricsOf([...events, { kind: 'incident.resolved', at: at(12), data: {} }]);
    expect(m.errorBudget[0]?.consumed).toBeCloseTo(((bad / 0.005) * 44_000) / PERIOD, 12);
  });

  // A bad-flag drill quit and resumed: its samples moved from :00 to :19 of each minute, so the
  // count's first 19 s lay before the first whole window. They were counted at a sample four
  // minutes on (3.77%, after the kill switch), not at the 9% the windows just after them held.
  it('polls that drift after a resume: the stretch before the first whole window is counted at the nearest sample after it', () => {
    const ratioIn = (from: number, to: number) => {
      // 9% until minute 1.4 (the kill switch), 0.05% after; minutes from the opening.
      const bad = Math.max(0, Math.min(to, 1.4) - from);
      return (bad * 0.09 + (to - from - bad) * 0.0005) / (to - from);
    };
    const minutes = [0, 1, 2, 3, 3 + 19 / 60, 4 + 19 / 60, 5 + 19 / 60, 6 + 19 / 60, 7 + 19 / 60, 8 + 19 / 60, 9 + 19 / 60, 10 + 19 / 60];
    const events = minutes.map((m) => obs(m, ratioIn(m - 5, m)));
    const end = 10 + 19 / 60;
    const m = metricsOf([...events, { kind: 'incident.resolved', at: at(end), data: {} }]);
    const truth = ((1.4 * 0.09 + (end - 1.4) * 0.0005) / 0.005) * 60_000 / PERIOD;
    expect(m.errorBudget[0]!.consumed / truth).toBeCloseTo(1, 2);
  });

  // A bad-flag drill quit two minutes after its kill switch, three after the opening: no whole 5m
  // window after it, and the three minutes were counted at the last reading (7.3%), 2.3x the truth.
  it('an incident shorter than a window after the opening is counted from how its windows changed', () => {
    const killAt = 1 + 2 / 60;
    const ratioIn = (from: number, to: number) => {
      const bad = Math.max(0, Math.min(to, killAt) - from);
      return (bad * 0.0905 + (to - from - bad) * 0.0005) / (to - from);
    };
    const m = metricsOf([obs(0, ratioIn(-5, 0)), obs(1, ratioIn(-4, 1)), obs(2, ratioIn(-3, 2)), { kind: 'note', at: at(3), data: { text: 'quit' } }]);
    const truth = ((killAt * 0.0905 + (3 - killAt) * 0.0005) / 0.005) * 60_000 / PERIOD;
    expect(m.errorBudget[0]!.consumed / truth).toBeGreaterThan(0.9);
    expect(m.errorBudget[0]!.consumed / truth).toBeLessThan(1.1);
  });

  it('with a sample a minute, counts any error history exactly, up to the tail after the last whole window', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: 0, max: Math.fround(0.5), noNaN: true }), { minLength: 6, maxLength: 40 }), fc.integer({ min: 0, max: 4 }), (perMinute, tail) => {
        // perMinute[i]: the error ratio during minute i (minute 0 is the opening); a 5m window's average.
        const windowAvg = (end: number) => perMinute.slice(Math.max(0, end - 5), end).reduce((a, b) => a + b, 0) / 5;
        const minutes = perMinute.length - (perMinute.length % 5);
        const events = Array.from({ length: minutes + 1 }, (_, m) => obs(m, windowAvg(m)));
        const m = metricsOf([...events, { kind: 'incident.resolved', at: at(minutes), data: {} }]);
        const truth = (perMinute.slice(0, minutes).reduce((a, b) => a + b, 0) / 0.005) * 60_000 / PERIOD;
        expect(m.errorBudget[0]?.consumed).toBeCloseTo(truth, 9);
        // Resolved within the last window: off by no more than that tail at the highest burn.
        const cut = metricsOf([...events.slice(0, minutes - tail), { kind: 'incident.resolved', at: at(minutes - tail), data: {} }]);
        const upTo = (perMinute.slice(0, minutes - tail).reduce((a, b) => a + b, 0) / 0.005) * 60_000 / PERIOD;
        expect(Math.abs(cut.errorBudget[0]!.consumed - upTo)).toBeLessThanOrEqual(((0.5 / 0.005) * 5 * 60_000) / PERIOD + 1e-12);
      }),
    );
  });

  it('uses the finest observed window, so windows are not added up twice', () => {
    const m = metricsOf([obs(1, 0.05, 3_600_000), obs(1, 0.01), obs(11, 0.01), obs(11, 0.05, 3_600_000)]);
    expect(m.errorBudget[0]).toMatchObject({ windowMs: 300_000 });
    expect(m.errorBudget[0]?.consumed).toBeCloseTo((2 * 10 * 60_000) / PERIOD, 12);
  });

  it('no samples, no traffic: nothing consumed', () => {
    expect(metricsOf([]).errorBudget).toEqual([]);
    expect(metricsOf([obs(1, null), obs(5, null)]).errorBudget[0]?.consumed).toBe(0);
  });
});
