import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import { fold } from '../../../src/core/incident';
import { openEnds } from '../../../src/core/openEnds';
import { standingAction } from '../../../src/core/undo';
import { chainOf, OPENED } from './chainOf';

const at = (s: number) => `2026-11-22T02:${String(30 + Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000Z`;
const plan = (action: string, by: string, s: number, undoes?: string): NewEvent => ({
  kind: 'action.planned',
  at: at(s),
  actor: by,
  data: { action, name: 'deploys.rollback', ...(undoes === undefined ? { step: 'rollback' } : { undoes }), summary: 'Roll back checkout-api', calls: [], facts: { currentRevision: 'checkout-api:42', targetRevision: 'checkout-api:41' } },
});

// Two responders confirmed the same step: alice's change was made (then undone by bob), bob's stale attempt refused by
// the provider ("nothing was written, plan again"). Every cockpit, and the postmortem, read the step `✖ FAILED` of it.
describe("a teammate's stale attempt refused by the provider", () => {
  const events = chainOf([
    OPENED,
    plan('act-1-a', 'alice', 0),
    plan('act-2-b', 'bob', 2),
    { kind: 'action.started', at: at(3), actor: 'alice', data: { action: 'act-1-a' } },
    { kind: 'action.succeeded', at: at(4), actor: 'alice', data: { action: 'act-1-a', summary: 'rolled back' } },
    { kind: 'verify.passed', at: at(60), actor: 'cockpit', data: { action: 'act-1-a', step: 'rollback', summary: 'runs :41' } },
    { kind: 'step.completed', at: at(60), actor: 'cockpit', data: { step: 'rollback' } },
    { kind: 'action.started', at: at(61), actor: 'bob', data: { action: 'act-2-b' } },
    { kind: 'action.failed', at: at(62), actor: 'bob', data: { action: 'act-2-b', error: { kind: 'conflict', message: 'the service changed since the plan was made: nothing was written, plan again' } } },
    plan('act-3-b', 'bob', 120, 'act-1-a'),
    { kind: 'action.started', at: at(121), actor: 'bob', data: { action: 'act-3-b' } },
    { kind: 'action.succeeded', at: at(122), actor: 'bob', data: { action: 'act-3-b', summary: 'rolled forward' } },
  ]);
  const folded = fold(events);
  if (!folded.ok) throw new Error(folded.reason);
  const { state } = folded;

  it('is not what the step stands on once the change it lost to was undone: the step is undone, to do again', () => {
    expect(state.steps.find((s) => s.id === 'rollback')).toMatchObject({ status: 'pending', undoneBy: 'act-3-b' });
    expect(standingAction(state.actions, 'rollback', state.actions.find((a) => a.id === 'act-2-b'))).toBeUndefined();
    expect(openEnds(state).steps).toContain('2. Roll back (undone by act-3-b)');
  });

  it('still is, tried again after the undo', () => {
    const again = chainOf([
      ...events.map(({ kind, at: when, actor, data }) => ({ kind, at: when, actor, data }) as NewEvent),
      plan('act-4-b', 'bob', 180),
      { kind: 'action.started', at: at(181), actor: 'bob', data: { action: 'act-4-b' } },
      { kind: 'action.failed', at: at(182), actor: 'bob', data: { action: 'act-4-b', error: { kind: 'conflict', message: 'changed again' } } },
    ]);
    const later = fold(again);
    if (!later.ok) throw new Error(later.reason);
    expect(standingAction(later.state.actions, 'rollback', later.state.actions.at(-1))?.id).toBe('act-4-b');
  });
});
