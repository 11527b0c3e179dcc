import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import type { Flag } from '../../../src/core/flags';
import type { IncidentState } from '../../../src/core/incident';
import type { Runbook } from '../../../src/runbook/schema';
import type { Observation, Scheduler } from '../../../src/plugins/scheduler';
import { ObservationRecorder } from '../../../src/session/observationRecorder';

const flag = (defaultVariant: string): Flag => ({ key: 'checkout_v2', state: 'ENABLED', variants: ['on', 'off'], defaultVariant, changedAt: '2026-11-16T02:30:00.000Z', changedBy: 'erin' });

function recorder(seeded?: Partial<IncidentState>) {
  const recorded: NewEvent[] = [];
  const clock = { now: () => new Date('2026-11-22T02:31:00Z'), sleep: async () => {} };
  const r = new ObservationRecorder({ slos: [] } as unknown as Runbook, [], { deploys: 1, flags: 1, slo: 1, sloRecord: 1 }, {} as Scheduler, clock, (events) => recorded.push(...events));
  if (seeded) r.seed({ deploys: {}, flags: {}, triggers: {}, slos: {}, ...seeded } as IncidentState);
  const flags = (value: readonly Flag[]) => r.observe({ key: 'flags', value, observedAt: clock.now(), failures: 0 });
  return { recorded, flags };
}

describe('ObservationRecorder: the first look is the baseline', () => {
  it('records the flags of its first answer as baseline, and a later flip as a change', () => {
    const { recorded, flags } = recorder();
    flags([flag('on')]);
    flags([flag('on')]);
    flags([flag('off')]);
    expect(recorded.map((e) => e.data)).toEqual([
      expect.objectContaining({ key: 'checkout_v2', to: 'on', baseline: true }),
      expect.not.objectContaining({ baseline: true }),
    ]);
    expect(recorded[1]!.data).toMatchObject({ from: 'on', to: 'off' });
  });

  it('a resumed incident whose log already holds the flags records no second baseline', () => {
    const { recorded, flags } = recorder({ flags: { checkout_v2: { key: 'checkout_v2', variant: 'on', state: 'ENABLED', changedAt: 'x', changeTime: 'reported', changes: 1, earlierChangesAt: [] } } });
    flags([flag('off')]);
    expect(recorded.map((e) => e.data)).toEqual([expect.objectContaining({ from: 'on', to: 'off' })]);
    expect(recorded[0]!.data).not.toHaveProperty('baseline');
  });
});

// A shared-store play-test: three cockpits judging a rollback put 5-6 five-minute samples a minute on the timeline, each
// recording every reading of its own.
describe('ObservationRecorder: while a change is judged, every poll once', () => {
  const at = (s: number) => new Date(Date.parse('2026-11-22T02:40:00Z') + s * 1000);
  const rollback = { id: 'act-1', name: 'deploys.rollback', status: 'succeeded', startedAt: '2026-11-22T02:39:00.000Z', plannedAt: '2026-11-22T02:39:00.000Z', calls: [], summary: '', outputTail: '', outputChars: 0 };
  const runbook = { slos: [{ name: 'availability', objective: 99.5, period: '30d' }] } as unknown as Runbook;
  const scheduler = { observation: () => undefined, pollNow: () => undefined, snapshot: () => [] } as unknown as Scheduler;

  it("a reading less than a poll after the last on the timeline (a teammate's) is not recorded again; a poll after it is", () => {
    const recorded: NewEvent[] = [];
    const clock = { now: () => at(0), sleep: async () => {} };
    const r = new ObservationRecorder(runbook, [], { deploys: 15_000, flags: 5_000, slo: 30_000, sloRecord: 60_000 }, scheduler, clock, (events) => recorded.push(...events), () => ({ actions: [rollback] }) as unknown as IncidentState);
    const reading = (s: number) => r.observe({ key: 'slo:availability:300000', value: 0.02, observedAt: at(s), failures: 0 });
    reading(0);
    expect(recorded).toHaveLength(1);
    // A teammate's cockpit recorded its own reading 5 s later, taken in here.
    r.remember({ v: 1, seq: 9, id: 'x', at: at(5).toISOString(), incident: 'inc', kind: 'slo.observed', actor: 'cockpit', drill: false, data: { slo: 'availability', objective: 99.5, periodMs: 2_592_000_000, windowMs: 300_000, errorRatio: 0.02 }, prev: '', hash: '' });
    reading(20);
    expect(recorded).toHaveLength(1);
    reading(35);
    expect(recorded).toHaveLength(2);
    // Alone, each poll's reading is recorded while the change is judged.
    reading(65);
    expect(recorded).toHaveLength(3);
  });

  // helper-139: rebuilt from the log (one 5m reading a minute), a rollback 59 s after the opening had one reading before
  // it, of a window still filling, and the window's own rise read "the rollback made it worse".
  it('the reading a change is made at goes on the timeline before it, once; a failing one is not', () => {
    const recorded: NewEvent[] = [];
    const clock = { now: () => at(0), sleep: async () => {} };
    let last: Observation<number | null> = { key: 'slo:availability:300000', value: 0.02, observedAt: at(0), failures: 0 };
    const polled = { ...scheduler, observation: (key: string) => (key === last.key ? last : undefined) } as unknown as Scheduler;
    const r = new ObservationRecorder(runbook, [], { deploys: 15_000, flags: 5_000, slo: 10_000, sloRecord: 60_000 }, polled, clock, (events) => recorded.push(...events), () => ({ actions: [] }) as unknown as IncidentState);
    r.observe(last);
    last = { ...last, value: 0.05, observedAt: at(40) };
    r.observe(last);
    expect(recorded).toHaveLength(1);
    r.recordMadeAt();
    expect(recorded.map((e) => e.data)).toEqual([expect.objectContaining({ errorRatio: 0.02 }), expect.objectContaining({ windowMs: 300_000, errorRatio: 0.05 })]);
    r.recordMadeAt();
    expect(recorded).toHaveLength(2);
    last = { ...last, value: 0.09, observedAt: at(50), failures: 1 };
    r.recordMadeAt();
    expect(recorded).toHaveLength(2);
  });
});
