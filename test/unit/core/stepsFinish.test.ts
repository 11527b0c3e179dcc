import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../../src/core/describeEvent';
import { scoreDrill } from '../../../src/core/drillScore';
import type { DrillExpectations } from '../../../src/core/drillTypes';
import type { NewEvent } from '../../../src/core/events';
import { fold, incidentStatus, type IncidentState } from '../../../src/core/incident';
import { stillBurning } from '../../../src/core/stillBurning';
import { evaluateVerify, type BurnSample } from '../../../src/core/verifyCondition';
import { chainOf, OPENED } from './chainOf';

/** Issue #14, "Steps finish" and "Guards on what cannot be undone": the pure parts. */

const MIN = 60_000;
const stateOf = (...events: NewEvent[]): IncidentState => {
  const folded = fold(chainOf([OPENED, ...events]));
  if (!folded.ok) throw new Error(folded.reason);
  return folded.state;
};

describe('incident.reopened', () => {
  it('a mistaken resolve is not final: reopening puts the incident back where it was', () => {
    const explicit = stateOf({ kind: 'incident.mitigated', data: {} }, { kind: 'incident.resolved', data: {} }, { kind: 'incident.reopened', data: { reason: 'burn is back' } });
    expect(explicit.resolvedAt).toBeUndefined();
    expect(explicit.mitigatedAt).toBeDefined();
    expect(incidentStatus(explicit)).toBe('mitigated');
    // Resolving without a mitigation first implied one: reopening takes both back.
    const implied = stateOf({ kind: 'incident.resolved', data: {} }, { kind: 'incident.reopened', data: { reason: 'too early' } });
    expect(incidentStatus(implied)).toBe('open');
    expect(implied.mitigatedAt).toBeUndefined();
    // Resolved again later: the new time counts.
    const again = stateOf({ kind: 'incident.resolved', data: {} }, { kind: 'incident.reopened', data: { reason: 'x' } }, { kind: 'incident.resolved', data: {} });
    expect(incidentStatus(again)).toBe('resolved');
    expect(again.resolvedAt).toBe(again.lastAt);
  });

  it('reopening a mitigated incident makes it open again; an open one is an anomaly', () => {
    expect(incidentStatus(stateOf({ kind: 'incident.mitigated', data: {} }, { kind: 'incident.reopened', data: { reason: 'not holding' } }))).toBe('open');
    expect(stateOf({ kind: 'incident.reopened', data: { reason: 'x' } }).anomalies).toHaveLength(1);
  });

  it('the timeline says what happened in words', () => {
    const [, reopened, overridden, mitigated] = chainOf([
      OPENED,
      { kind: 'incident.reopened', data: { reason: 'burn is back' } },
      { kind: 'step.completed', data: { step: 'burn-normal', override: true, reason: 'dashboards agree' } },
      { kind: 'incident.mitigated', data: { reason: 'rollback done, waiting', burning: 'availability is burning 14.2x on 5m' } },
    ]);
    expect(describeEvent(reopened!)).toBe('Reopened: burn is back');
    expect(describeEvent(overridden!)).toBe('Step burn-normal marked done by hand, its check overridden: dashboards agree');
    expect(describeEvent(mitigated!)).toBe('Mitigated while availability is burning 14.2x on 5m: rollback done, waiting');
  });
});

describe('a recovery check marked done by hand', () => {
  const expectations: DrillExpectations = {
    scenario: 'bad-deploy',
    mitigations: [],
    targets: { firstActionMs: 5 * MIN, mitigateMs: 15 * MIN, recoverMs: 30 * MIN },
    recoverySteps: ['burn-normal'],
  };

  it('is an override in the score, not a passed check', () => {
    const events = chainOf([OPENED, { kind: 'step.completed', data: { step: 'burn-normal', override: true, reason: 'dashboards agree' } }]);
    const report = scoreDrill(events, expectations, { recovered: true });
    expect(report.recoveryChecksPassed).toBe(false);
    expect(report.checkOverrides).toEqual([{ step: 'burn-normal', reason: 'dashboards agree' }]);
    expect(report.findings).toContain('Recovery check 3. Burn under 1x for 10m marked done by hand (override): dashboards agree');
    const passed = chainOf([OPENED, { kind: 'verify.passed', data: { step: 'burn-normal', summary: 'held' } }, { kind: 'step.completed', data: { step: 'burn-normal' } }]);
    const clean = scoreDrill(passed, expectations, { recovered: true });
    expect(clean.recoveryChecksPassed).toBe(true);
    expect(clean.checkOverrides).toEqual([]);
    expect(report.score).toBeLessThan(clean.score);
  });
});

describe('verify progress in words', () => {
  const watch = { slo: 'availability', windowMs: 5 * MIN, burnBelow: 1, forMs: 10 * MIN, staleAfterMs: 2 * MIN, startedAt: Date.parse('2026-11-22T02:30:00Z') };
  const at = (minutes: number) => watch.startedAt + minutes * MIN;
  const samples = (burns: readonly number[]): BurnSample[] => burns.map((burn, i) => ({ at: at(i), burn }));

  it('says how long the burn has held under the threshold, with the unit', () => {
    expect(evaluateVerify(watch, samples([0.4, 0.4, 0.4, 0.4]), at(3)).message).toBe('availability 5m burn 0.40x < 1x, held 3m of 10m');
    expect(evaluateVerify(watch, samples([1.3]), at(0)).message).toBe('availability 5m burn 1.30x ≥ 1x: waiting for it to fall');
  });

  it('says when and why the streak started over', () => {
    const reset = evaluateVerify(watch, samples([0.4, 0.4, 0.4, 1.3, 0.5, 0.5]), at(5));
    expect(reset).toMatchObject({ state: 'waiting', heldMs: MIN });
    expect(reset.message).toBe('availability 5m burn 0.50x < 1x, held 1m of 10m (reset: burn went to 1.30x at 02:33)');
    expect(evaluateVerify(watch, samples([0.4, 0.4, 1.3]), at(2)).message).toBe('availability 5m burn 1.30x ≥ 1x: waiting for it to fall (reset: burn went to 1.30x at 02:32)');
    // Two answers at the same moment are no streak lost.
    const same: BurnSample[] = [{ at: at(0), burn: 0.2 }, { at: at(0), burn: 4 }];
    expect(evaluateVerify(watch, same, at(0)).message).toBe('availability 5m burn 4.00x ≥ 1x: waiting for it to fall');
  });
});

describe('still burning: why closing the incident needs a reason', () => {
  const slo = (name: string, windows: [string, number | null][], fired: string[] = []) => ({
    name,
    windows: windows.map(([window, burnRate]) => ({ window, burnRate })),
    firedTriggers: fired.map((label) => ({ label })),
  });

  it('names the current (shortest window) burn above 1x, or a trigger still firing', () => {
    expect(stillBurning([slo('availability', [['1h', 15.5], ['5m', 14.23]])])).toBe('availability is burning 14.2x on 5m');
    // The long windows drain for an hour after a fix: they alone do not hold the responder back.
    expect(stillBurning([slo('availability', [['5m', 0.4], ['1h', 3]])])).toBeUndefined();
    expect(stillBurning([slo('availability', [['5m', null], ['1h', 3]], ['14.4x on 1h+5m'])])).toBe('availability has trigger 14.4x on 1h+5m firing');
    // A slow trigger still draining beside a 5m window under 1x: the burn stopped, the screen says to press m.
    expect(stillBurning([slo('availability', [['5m', 0.3], ['6h', 7]], ['6x on 6h+30m'])])).toBeUndefined();
    expect(stillBurning([slo('availability', [['5m', 0.4], ['1h', 0.9]]), slo('latency', [['5m', null]])])).toBeUndefined();
  });
});
