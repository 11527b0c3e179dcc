import type { Deploy } from '../../../src/core/deploys';
import { attributeRollbackDeploys } from '../../../src/core/deployAttribution';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import { fold } from '../../../src/core/incident';
import { previousIncident } from '../../../src/core/priorIncident';
import { planContextAfter, planContextOf, revisionsRanHere, rolledBackTo } from '../../../src/core/ranHere';
import { summarize } from '../../../src/core/summary';
import { chainOf, OPENED } from './chainOf';

const stateOf = (extra: NewEvent[], opened: NewEvent = OPENED) => {
  const folded = fold(chainOf([opened, ...extra]));
  if (!folded.ok) throw new Error(folded.reason);
  return folded.state;
};

const rollback = (id: string, from: string, to: string, at: string, verified?: 'passed' | 'failed'): NewEvent[] => [
  { kind: 'action.planned', at, data: { action: id, name: 'deploys.rollback', summary: 's', calls: [], facts: { currentRevision: from, targetRevision: to } } },
  { kind: 'action.started', at, data: { action: id } },
  { kind: 'action.succeeded', at, data: { action: id, summary: 'done' } },
  ...(verified === undefined ? [] : [{ kind: verified === 'passed' ? 'verify.passed' : 'verify.failed', at, data: { action: id, summary: 'checked' } } as NewEvent]),
];

describe('what the incident knows ran here', () => {
  it('a deploy the timeline saw complete, and a rollback of its own that was verified; not one that failed or was never checked', () => {
    const state = stateOf([
      { kind: 'deploy.observed', at: '2026-11-22T01:00:00.000Z', data: { id: 'd40', revision: 'svc:40', status: 'successful', startedAt: '2026-11-22T00:10:00.000Z', actor: 'bob' } },
      { kind: 'deploy.observed', at: '2026-11-22T01:00:00.000Z', data: { id: 'd43', revision: 'svc:43', status: 'failed', startedAt: '2026-11-22T00:20:00.000Z' } },
      ...rollback('act-1', 'svc:42', 'svc:41', '2026-11-22T01:07:00.000Z', 'passed'),
      ...rollback('act-2', 'svc:41', 'svc:39', '2026-11-22T01:09:00.000Z'),
    ]);
    expect(revisionsRanHere(state)).toEqual([
      { revision: 'svc:41', why: 'rolled back to by alice (act-1) at 01:07Z, and verified' },
      { revision: 'svc:40', why: 'this incident saw its deploy complete (started 00:10Z by bob)' },
    ]);
    // Known bad still wins in the plan: :41 was rolled back from by act-2.
    expect(planContextOf(state, new Map()).avoid.map((k) => k.revision)).toContain('svc:41');
  });

  // Incident B (moto): ECS no longer listed A's fix :41 once :43 replaced it, and the plan back to
  // :41 asked to type it, "never seen deployed successfully". A ran on it to a resolve with its burn over.
  it("the previous incident's rollback targets, carried by the store's summary into the next incident's opening", () => {
    const a = stateOf([...rollback('act-1', 'svc:42', 'svc:41', '2026-11-22T01:07:00.000Z', 'passed'), { kind: 'incident.resolved', at: '2026-11-22T01:39:00.000Z', data: {} } as NewEvent]);
    expect(rolledBackTo(a)).toEqual(['svc:41']);
    const summary = summarize(a);
    expect(summary).toMatchObject({ rolledBackFrom: ['svc:42'], rolledBackTo: ['svc:41'] });
    const previous = previousIncident([summary], { service: summary.service, environment: summary.environment }, Date.parse('2026-11-22T03:00:00.000Z'));
    expect(previous).toEqual({ id: summary.id, resolvedAt: '2026-11-22T01:39:00.000Z', rolledBackFrom: ['svc:42'], rolledBackTo: ['svc:41'], rollbacks: summary.rollbacks });
    // The deployment it made is named after who made it, not the build's author, once it is resolved.
    expect(summary.rollbacks).toEqual([expect.objectContaining({ revision: 'svc:41', startedAt: '2026-11-22T01:07:00.000Z' })]);
    const redeploy = { id: 'd-41', revision: 'svc:41', status: 'successful', current: true, startedAt: '2026-11-22T01:07:05.000Z', actor: 'carol', artifacts: [], labels: {} } satisfies Deploy;
    const firstDeploy = { ...redeploy, id: 'd-41-first', startedAt: '2026-11-21T09:00:00.000Z' };
    const [after, before] = attributeRollbackDeploys([redeploy, firstDeploy], [], undefined, previous);
    expect(after!.actor).toBe(summary.rollbacks![0]!.by);
    expect(after!.actor).not.toBe('carol');
    expect(before!.actor).toBe('carol');
    const ranBefore = [{ revision: 'svc:41', why: `${summary.id} rolled back to it, and was resolved at 01:39Z with its burn over` }];
    expect(planContextAfter(previous).ranHere).toEqual(ranBefore);
    const b = stateOf([], { ...OPENED, data: { ...OPENED.data, previousIncident: previous } } as NewEvent);
    expect(revisionsRanHere(b)).toEqual(ranBefore);
  });

  it('a revision a later rollback left again is no rollback target the next incident can count on', () => {
    const state = stateOf([...rollback('act-1', 'svc:42', 'svc:41', '2026-11-22T01:07:00.000Z', 'passed'), ...rollback('act-2', 'svc:41', 'svc:40', '2026-11-22T01:12:00.000Z', 'passed')]);
    expect(rolledBackTo(state)).toEqual(['svc:40']);
    // A rollback that failed moved nothing.
    const failed = stateOf(rollback('act-1', 'svc:42', 'svc:41', '2026-11-22T01:07:00.000Z', 'failed'));
    expect(rolledBackTo(failed)).toEqual([]);
    expect(summarize(failed).rolledBackTo).toBeUndefined();
    // Nor one never checked (resolved while it rolled out): the next incident said ":41 ran here: inc-… rolled back to it".
    expect(rolledBackTo(stateOf(rollback('act-1', 'svc:42', 'svc:41', '2026-11-22T01:07:00.000Z')))).toEqual([]);
  });
});
