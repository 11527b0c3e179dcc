import { fold, type IncidentState } from '../../../src/core/incident';
import { chainOf, OPENED } from '../core/chainOf';

/** An incident whose one action, act-1, is `actor`'s rollback svc:42 → svc:41: made, and being verified (no verdict). */
export function verifyingRollback(actor: string): IncidentState {
  const folded = fold(
    chainOf([
      OPENED,
      { kind: 'action.planned', data: { action: 'act-1', name: 'deploys.rollback', summary: 's', calls: [], step: 'rollback', facts: { currentRevision: 'svc:42', targetRevision: 'svc:41' } }, actor },
      { kind: 'action.started', data: { action: 'act-1' }, actor },
      { kind: 'action.succeeded', data: { action: 'act-1', summary: 'done' }, actor },
    ]),
  );
  if (!folded.ok) throw new Error(folded.reason);
  return folded.state;
}
