import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import { fold } from '../../../src/core/incident';
import { firstActionsNotDone } from '../../../src/core/stepsNotDone';
import { chainOf, OPENED } from './chainOf';

const at = (s: number) => `2026-11-22T02:${String(30 + Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000Z`;
const rollback = (action: string, s: number, from: string, to: string, undoes?: string): NewEvent[] => [
  { kind: 'action.planned', at: at(s), data: { action, name: 'deploys.rollback', ...(undoes === undefined ? { step: 'rollback' } : { undoes }), summary: `Roll back ${from} → ${to}`, calls: [], facts: { currentRevision: from, targetRevision: to } } },
  { kind: 'action.started', at: at(s + 1), data: { action } },
  { kind: 'action.succeeded', at: at(s + 2), data: { action, summary: 'rolled' } },
  { kind: 'verify.passed', at: at(s + 30), actor: 'cockpit', data: { action, ...(undoes === undefined ? { step: 'rollback' } : {}), summary: `runs ${to}` } },
];

// payments-api (a responder's play-test): the rollback that worked (act-1), a second one from the same step (act-2),
// then the second undone (act-3), the first one's build running again. The runbook read `↺ undone by act-3` at 0/4 and
// the drill report `Step not done: 3. … (undone by act-3)` beside `:41 still runs: rolled back from :42 (act-1)`.
describe('the undo of a step\'s second change, its first standing again', () => {
  const steps = (events: NewEvent[]) => {
    const chain = chainOf([OPENED, ...events]);
    const folded = fold(chain);
    if (!folded.ok) throw new Error(folded.reason);
    return { step: folded.state.steps.find((s) => s.id === 'rollback'), notDone: firstActionsNotDone(chain) };
  };

  it('leaves the step done', () => {
    const { step, notDone } = steps([...rollback('act-1', 0, 'svc:42', 'svc:41'), { kind: 'step.completed', at: at(31), data: { step: 'rollback' } }, ...rollback('act-2', 120, 'svc:41', 'svc:40'), ...rollback('act-3', 240, 'svc:40', 'svc:41', 'act-2')]);
    expect(step).toMatchObject({ status: 'done' });
    expect(step).not.toHaveProperty('undoneBy');
    expect(notDone.map((s) => s.step)).not.toContain('rollback');
  });

  it('is to do again when its only change is undone', () => {
    const { step, notDone } = steps([...rollback('act-1', 0, 'svc:42', 'svc:41'), { kind: 'step.completed', at: at(31), data: { step: 'rollback' } }, ...rollback('act-2', 120, 'svc:41', 'svc:42', 'act-1')]);
    expect(step).toMatchObject({ status: 'pending', undoneBy: 'act-2' });
    expect(notDone).toContainEqual({ step: 'rollback', undoneBy: 'act-2' });
  });
});
