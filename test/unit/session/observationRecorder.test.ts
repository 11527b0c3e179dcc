import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import type { Flag } from '../../../src/core/flags';
import type { IncidentState } from '../../../src/core/incident';
import type { Runbook } from '../../../src/runbook/schema';
import type { Scheduler } from '../../../src/plugins/scheduler';
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
