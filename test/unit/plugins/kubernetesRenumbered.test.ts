import { describe, expect, it } from 'vitest';
import type { History } from '../../../plugins/kubernetes/history';
import { renumberedBad } from '../../../plugins/kubernetes/rollbackPlan';

// payments-api-rollout (a responder's play-test): an undo to :42's ReplicaSet renumbered it :44; with :42 known bad, a
// later plan offered :44 (`c42d4c3`, the outage's build) as `✓ Its safety checks pass`.
describe('a revision that runs a known-bad build under a new number', () => {
  const revisions = [
    { revision: 'payments-api:46', formerRevisions: ['payments-api:41', 'payments-api:43'] },
    { revision: 'payments-api:45', formerRevisions: ['payments-api:40'] },
    { revision: 'payments-api:44', formerRevisions: ['payments-api:42'] },
    { revision: 'payments-api:39' },
  ] as unknown as History['revisions'];

  it('is known bad too, saying whose build it runs', () => {
    const bad = [{ revision: 'payments-api:42', why: 'rolled back to payments-api:41 by root (act-1) at 02:31Z', rolledBack: true }];
    expect(renumberedBad({ revisions }, bad)).toEqual([{ revision: 'payments-api:44', why: 'runs the build of payments-api:42, rolled back to payments-api:41 by root (act-1) at 02:31Z', rolledBack: true }]);
    expect(renumberedBad({ revisions }, [{ revision: 'payments-api:40', why: 'running when the first trigger fired (02:30Z)' }])).toEqual([{ revision: 'payments-api:45', why: 'runs the build of payments-api:40, known bad: running when the first trigger fired (02:30Z)' }]);
  });

  it('adds nothing already known, nor for a build nobody called bad', () => {
    expect(renumberedBad({ revisions }, [{ revision: 'payments-api:44', why: 'x' }, { revision: 'payments-api:42', why: 'y' }])).toEqual([]);
    expect(renumberedBad({ revisions }, [])).toEqual([]);
  });
});
