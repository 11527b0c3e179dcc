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

  it('error budget: each burn holds until the next sample, the last one until resolution', () => {
    const m = metricsOf([obs(1, 0.08), obs(4, 0.02), { kind: 'incident.resolved', at: at(10), data: {} }, obs(20, 0.5)]);
    // burn 16 for 3 min + burn 4 for 6 min, nothing after resolving.
    expect(m.errorBudget).toHaveLength(1);
    expect(m.errorBudget[0]?.consumed).toBeCloseTo((16 * 3 + 4 * 6) * 60_000 / PERIOD, 12);
    expect(m.errorBudget[0]?.observations).toBe(3);
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
