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

  // A responder's drill (payments-api-rollout slow-burn): a second rollback, to :40 after the burn had stopped; the advice
  // kept `Rolled back to :41 (as :43) 22m ago: the burn has stopped` while :40 ran (as :44).
  it('names a rollback made after the burn had stopped, the build it left having run clean', () => {
    const second = { ...rollback, id: 'act-2', facts: { currentRevision: 'payments-api:43', targetRevision: 'payments-api:40' } } as unknown as ActionState;
    const deploys = [{ id: 'd-44', revision: 'payments-api:44', artifacts: ['payments-api:c40b2e1'], status: 'successful', current: true, labels: { 'rollout-of': 'payments-api:40' } }] as never;
    const [advice] = withCleanUp([waiting], undefined, deploys, second);
    expect(advice?.text).toMatch(/ · the rollback to :40( \(as :44\))? came after the burn had stopped \(:43 had run clean\): undo it, or leave it as a follow-up$/);
    expect(advice?.undoes).toEqual(['act-2']);
  });

  it('names a kill switch the burn went on after, with what to set it back to, when no rollback is to be cleaned up', () => {
    const flagOff = { id: 'act-1', name: 'flags.set', status: 'succeeded', facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' } } as unknown as ActionState;
    const [advice] = withCleanUp([waiting], undefined, [], undefined, flagOff);
    expect(advice).toEqual({ ...waiting, text: `${waiting.text} · checkout_v2 set to off likely did not help (the burn went on after it): set it back to on, or leave it as a follow-up`, undoes: ['act-1'] });
    expect(withCleanUp([waiting], rollback, [], undefined, flagOff)[0]?.undoes).toEqual(['act-1']);
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
