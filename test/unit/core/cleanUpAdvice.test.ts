import { describe, expect, it } from 'vitest';
import { withCleanUp } from '../../../src/core/cleanUpAdvice';
import type { ActionState } from '../../../src/core/incidentState';
import type { Recommendation } from '../../../src/core/recommendationTypes';

const waiting: Recommendation = { kind: 'waiting-for-recovery', slo: 'availability', text: 'checkout_v2 set to off 6m ago: the burn has stopped (5m 0.1x) · m mitigated', evidence: [] };
const rollback = { id: 'act-1', name: 'deploys.rollback', status: 'succeeded', plannedAt: '2026-11-22T03:00:00.000Z', facts: { currentRevision: 'checkout-api:42', targetRevision: 'checkout-api:41' } } as unknown as ActionState;

describe('withCleanUp: the needless rollback named while the burn falls', () => {
  it('asks the waiting advice for its undo, saying why and that it can wait', () => {
    expect(withCleanUp([waiting], rollback)).toEqual([
      { ...waiting, text: `${waiting.text} · the rollback to :41 was likely needless (:42 not the cause): undo it, or leave it as a follow-up`, undoes: ['act-1'] },
    ]);
  });

  it('leaves the advice as it is with no needless rollback, or no waiting advice to add it to', () => {
    expect(withCleanUp([waiting], undefined)).toEqual([waiting]);
    const rollbackAdvice: Recommendation = { kind: 'rollback', slo: 'availability', text: 'Rollback recommended', evidence: [] };
    expect(withCleanUp([rollbackAdvice], rollback)).toEqual([rollbackAdvice]);
    // An advice asking for another undo already keeps it.
    const asking: Recommendation = { ...waiting, undoes: ['act-2'] };
    expect(withCleanUp([asking], rollback)).toEqual([asking]);
  });
});
