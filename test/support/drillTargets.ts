import { expect } from 'vitest';
import type { DrillReport } from '../../src/core/drillTypes';

/**
 * A scenario's targets can all be met together: a responder who makes the right change at the
 * mitigation target still recovers by the recovery target, given the time this play's recovery
 * check took after its mitigation (the windows draining, then the hold). Targets of 10m and 20m
 * could not both be met: the check passes ~15 drill-minutes after the burn stops.
 */
export function expectTargetsMeetable(report: DrillReport): void {
  expect(report.timeToMitigationMs).not.toBeNull();
  expect(report.timeToRecoveryMs).not.toBeNull();
  const checkAfterMitigation = report.timeToRecoveryMs! - report.timeToMitigationMs!;
  expect(report.targets.mitigateMs + checkAfterMitigation, `${report.scenario}: mitigated at its target, recovered ${checkAfterMitigation / 60_000}m later`).toBeLessThanOrEqual(report.targets.recoverMs);
}
