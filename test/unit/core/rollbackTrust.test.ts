import { describe, expect, it } from 'vitest';
import { actionGate, type GateInput } from '../../../src/core/confirmPolicy';
import type { NewEvent } from '../../../src/core/events';
import { fold } from '../../../src/core/incident';
import { knownBadRevisions } from '../../../src/core/knownBad';
import { planDrift } from '../../../src/core/planDrift';
import { rollbackSafety } from '../../../src/core/rollbackSafety';
import { summarize } from '../../../src/core/summary';
import { earlierRun, rollbackStep, stepParams } from '../../../src/core/stepAction';
import type { Runbook } from '../../../src/core/runbookModel';
import { chainOf, OPENED } from './chainOf';

const runbook = (target: string | undefined, stepTarget?: string): Runbook =>
  ({
    version: 1,
    service: 'checkout-api',
    owner: 'x',
    severity: 'SEV2',
    providers: {},
    slos: [],
    ...(target === undefined ? {} : { rollback: { target, triggers: [] } }),
    first_actions: [
      { id: 'flag', title: 'flag', run: { action: 'flags.set', flag: 'f', variant: 'off' } },
      { id: 'rollback', title: 'roll back', run: { action: 'deploys.rollback', ...(stepTarget ? { target: stepTarget } : {}) } },
    ],
    recovery: [],
  }) as unknown as Runbook;

describe('one rule for the rollback target', () => {
  it('the step\'s target wins; else the runbook\'s rollback.target; "previous" is the provider\'s default', () => {
    const rb = runbook('40');
    const step = rollbackStep(rb, 'deploys')!;
    expect(step.id).toBe('rollback');
    expect(stepParams(step, rb, 'deploys')).toEqual({ target: '40' });
    const named = runbook('40', '39');
    expect(stepParams(rollbackStep(named, 'deploys')!, named, 'deploys')).toEqual({ target: '39' });
    expect(stepParams(step, runbook('previous'), 'deploys')).toEqual({});
    expect(stepParams(rb.first_actions[0]!, rb, 'deploys')).toEqual({ flag: 'f', variant: 'off' });
    // The runbook's target belongs to the deploys provider's rollback only.
    expect(rollbackStep(rb, 'other')).toBeUndefined();
  });
});

const rollbackEvents = (id: string, from: string, to: string, at: string): NewEvent[] => [
  { kind: 'action.planned', at, data: { action: id, name: 'deploys.rollback', summary: 's', calls: [], facts: { currentRevision: from, targetRevision: to } } },
  { kind: 'action.started', at, data: { action: id } },
  { kind: 'action.succeeded', at, data: { action: id, summary: 'done' } },
];

describe('known-bad revisions', () => {
  const events = (extra: NewEvent[]) => {
    const folded = fold(chainOf([OPENED, ...extra]));
    if (!folded.ok) throw new Error(folded.reason);
    return folded.state;
  };

  it('a rollback\'s from-revision and the revision running at the burn\'s onset are known bad (only the first as rolled back: no version step)', () => {
    const state = events([
      { kind: 'deploy.observed', at: '2026-11-22T01:00:00.000Z', data: { id: 'd41', revision: 'svc:41', status: 'successful', startedAt: '2026-11-21T00:00:00.000Z' } },
      { kind: 'deploy.observed', at: '2026-11-22T01:00:00.000Z', data: { id: 'd42', revision: 'svc:42', status: 'successful', startedAt: '2026-11-22T00:50:00.000Z', current: true } },
      { kind: 'trigger.fired', at: '2026-11-22T01:05:00.000Z', data: { trigger: 't', slo: 'a', burnRate: 15 } },
    ]);
    expect(knownBadRevisions(state)).toEqual([{ revision: 'svc:42', why: 'running when the first trigger fired (01:05Z)' }]);
    const after = events([
      { kind: 'trigger.fired', at: '2026-11-22T01:05:00.000Z', data: { trigger: 't', slo: 'a', burnRate: 15 } },
      { kind: 'action.planned', at: '2026-11-22T01:06:00.000Z', data: { action: 'act-1', name: 'deploys.rollback', summary: 's', calls: [], facts: { currentRevision: 'svc:42', targetRevision: 'svc:41' } } },
      { kind: 'action.started', at: '2026-11-22T01:07:00.000Z', data: { action: 'act-1' } },
    ]);
    expect(knownBadRevisions(after)).toEqual([{ revision: 'svc:42', why: 'rolled back to svc:41 by alice (act-1) at 01:07Z', rolledBack: true }]);
  });

  // irreversible-migration (a responder's play-test): the burn began with checkout_v2's change, 2 minutes after :42 was
  // deployed; the undo the advice asked for was blocked as onto `:42 is known bad: running when the first trigger fired`,
  // beside `the burn began with the flag, not the deploy`.
  it('the revision running at the onset is not known bad when a flag changed after it was deployed, before the burn', () => {
    const deployed: NewEvent[] = [
      { kind: 'deploy.observed', at: '2026-11-22T01:00:00.000Z', data: { id: 'd42', revision: 'svc:42', status: 'successful', startedAt: '2026-11-22T00:50:00.000Z', current: true } },
    ];
    const fired: NewEvent = { kind: 'trigger.fired', at: '2026-11-22T01:05:00.000Z', data: { trigger: 't', slo: 'a', burnRate: 15 } };
    const flag = (changedAt: string): NewEvent => ({ kind: 'flag.observed', at: '2026-11-22T01:00:00.000Z', data: { key: 'checkout_v2', to: 'on', state: 'ENABLED', changedAt, baseline: true } });
    expect(knownBadRevisions(events([...deployed, flag('2026-11-22T00:52:00.000Z'), fired]))).toEqual([]);
    // Changed before the deploy: the deploy is the newest change before the burn, and known bad as before.
    expect(knownBadRevisions(events([...deployed, flag('2026-11-22T00:40:00.000Z'), fired]))).toEqual([{ revision: 'svc:42', why: 'running when the first trigger fired (01:05Z)' }]);
    // The cockpit's first sighting of a flag is no change of it.
    const seen: NewEvent = { kind: 'flag.observed', at: '2026-11-22T01:00:00.000Z', data: { key: 'checkout_v2', to: 'on', state: 'ENABLED', baseline: true } };
    expect(knownBadRevisions(events([...deployed, seen, fired]))).toEqual([{ revision: 'svc:42', why: 'running when the first trigger fired (01:05Z)' }]);
  });

  // A payments-api drill (Kubernetes): :42's ReplicaSet, reused by the undo of a rollback, became :44; ":40 bad —
  // running when the first trigger fired" stood on a build that never ran in the incident.
  it('the revision running at the onset is named as it was then, under a reused ReplicaSet now named otherwise', () => {
    const rs42 = { id: 'rs-c42', status: 'successful', startedAt: '2026-11-22T00:50:00.000Z', current: true };
    const state = events([
      { kind: 'deploy.observed', at: '2026-11-22T01:00:00.000Z', data: { id: 'rs-c40', revision: 'svc:40', status: 'successful', startedAt: '2026-11-20T00:00:00.000Z' } },
      { kind: 'deploy.observed', at: '2026-11-22T01:00:00.000Z', data: { ...rs42, revision: 'svc:42' } },
      { kind: 'trigger.fired', at: '2026-11-22T01:05:00.000Z', data: { trigger: 't', slo: 'a', burnRate: 15 } },
      { kind: 'deploy.observed', at: '2026-11-22T01:20:00.000Z', data: { ...rs42, revision: 'svc:44', startedAt: '2026-11-22T01:19:00.000Z', formerRevisions: ['svc:42'] } },
    ]);
    expect(state.deploys['rs-c42']?.formerly).toEqual([{ revision: 'svc:42', status: 'successful', startedAt: '2026-11-22T00:50:00.000Z', until: '2026-11-22T01:20:00.000Z' }]);
    expect(knownBadRevisions(state)).toEqual([{ revision: 'svc:42', why: 'running when the first trigger fired (01:05Z)' }]);
  });

  // A real incident (moto): A rolled :42 back to :41 and was resolved, its burn over; in B, ":41 bad
  // — running when the first trigger fired", and every plan went back onto :42, A's bad build.
  it("after the service's previous incident: what it rolled back from is known bad; what ran through its resolve is not", () => {
    const after = (startedAt: string) =>
      fold(
        chainOf([
          { ...OPENED, data: { ...OPENED.data, previousIncident: { id: 'inc-A', resolvedAt: '2026-11-22T00:40:00.000Z', rolledBackFrom: ['svc:42'] } } } as NewEvent,
          { kind: 'deploy.observed', at: '2026-11-22T01:00:00.000Z', data: { id: 'd41', revision: 'svc:41', status: 'successful', startedAt, current: true } },
          { kind: 'trigger.fired', at: '2026-11-22T01:05:00.000Z', data: { trigger: 't', slo: 'a', burnRate: 15 } },
        ]),
      );
    const ranClean = after('2026-11-22T00:32:00.000Z');
    if (!ranClean.ok) throw new Error(ranClean.reason);
    expect(knownBadRevisions(ranClean.state)).toEqual([{ revision: 'svc:42', why: 'rolled back by inc-A, the previous incident', rolledBack: true, earlierIncident: 'inc-A' }]);
    // Deployed after that resolve, it is this burn's revision.
    const since = after('2026-11-22T00:50:00.000Z');
    if (!since.ok) throw new Error(since.reason);
    expect(knownBadRevisions(since.state).map((k) => k.revision)).toEqual(['svc:41', 'svc:42']);
    // A's bad build deployed again and burning: why it is bad is A's rollback (it read as running when the trigger fired,
    // and its current row said nothing).
    const again = fold(
      chainOf([
        { ...OPENED, data: { ...OPENED.data, previousIncident: { id: 'inc-A', resolvedAt: '2026-11-22T00:40:00.000Z', rolledBackFrom: ['svc:42'] } } } as NewEvent,
        { kind: 'deploy.observed', at: '2026-11-22T01:00:00.000Z', data: { id: 'd42b', revision: 'svc:42', status: 'successful', startedAt: '2026-11-22T00:55:00.000Z', current: true } },
        { kind: 'trigger.fired', at: '2026-11-22T01:05:00.000Z', data: { trigger: 't', slo: 'a', burnRate: 15 } },
      ]),
    );
    if (!again.ok) throw new Error(again.reason);
    expect(knownBadRevisions(again.state)).toEqual([{ revision: 'svc:42', why: 'rolled back by inc-A, the previous incident', rolledBack: true, earlierIncident: 'inc-A' }]);
  });

  it('a rollback that failed, or whose check failed (an aborted Rollout), rolled nothing back', () => {
    const started: NewEvent[] = [
      { kind: 'trigger.fired', at: '2026-11-22T01:05:00.000Z', data: { trigger: 't', slo: 'a', burnRate: 15 } },
      { kind: 'action.planned', at: '2026-11-22T01:06:00.000Z', data: { action: 'act-1', name: 'deploys.rollback', summary: 's', calls: [], facts: { currentRevision: 'svc:42', targetRevision: 'svc:41' } } },
      { kind: 'action.started', at: '2026-11-22T01:07:00.000Z', data: { action: 'act-1' } },
      { kind: 'action.succeeded', at: '2026-11-22T01:07:01.000Z', data: { action: 'act-1', summary: 'Rolled back to the template of svc:41 (now revision 43)' } },
    ];
    const aborted = events([...started, { kind: 'verify.failed', at: '2026-11-22T01:09:00.000Z', data: { action: 'act-1', step: 'rollback', summary: 'AnalysisRun Failed (RolloutAborted)' } }]);
    expect(knownBadRevisions(aborted)).toEqual([]);
    const failed = events([...started.slice(0, 3), { kind: 'action.failed', at: '2026-11-22T01:07:01.000Z', data: { action: 'act-1', error: { kind: 'invalid-response', message: 'no' } } }]);
    expect(knownBadRevisions(failed)).toEqual([]);
    // One whose check passed did roll back.
    const passed = events([...started, { kind: 'verify.passed', at: '2026-11-22T01:09:00.000Z', data: { action: 'act-1', step: 'rollback', summary: 'healthy' } }]);
    expect(knownBadRevisions(passed)).toEqual([{ revision: 'svc:42', why: 'rolled back to svc:41 by alice (act-1) at 01:07Z', rolledBack: true }]);
  });

  // A typed-through undo of the rollback that worked read `⊗ :41 bad — rolled back to checkout-api:42 by root (act-2)`,
  // and the next rollback passed over the good build to :40.
  it("an undo's left revision is not known bad for it; the target of a rollback the burn rose after is", () => {
    const undone = events([
      ...rollbackEvents('act-1', 'svc:42', 'svc:41', '2026-11-22T01:07:00.000Z'),
      { kind: 'action.planned', at: '2026-11-22T01:20:00.000Z', data: { action: 'act-2', name: 'deploys.rollback', summary: 'Undo act-1: s', calls: [], undoes: 'act-1', facts: { currentRevision: 'svc:41', targetRevision: 'svc:42' } } },
      { kind: 'action.started', at: '2026-11-22T01:20:00.000Z', data: { action: 'act-2' } },
      { kind: 'action.succeeded', at: '2026-11-22T01:20:01.000Z', data: { action: 'act-2', summary: 'done' } },
    ]);
    expect(knownBadRevisions(undone)).toEqual([{ revision: 'svc:42', why: 'rolled back to svc:41 by alice (act-1) at 01:07Z', rolledBack: true }]);
    expect(summarize(undone)).toMatchObject({ rolledBackFrom: ['svc:42'] });
    // Neither :41 (the undo left it) nor :42 (the undo's target, the build the burn began with) ran here by the incident's choice.
    expect(summarize(undone).rolledBackTo).toBeUndefined();
    // The burn rose after act-1: :41 made it worse, and the undo moved off it.
    expect(knownBadRevisions(undone, new Set(['act-1']))).toEqual([
      { revision: 'svc:42', why: 'rolled back to svc:41 by alice (act-1) at 01:07Z', rolledBack: true },
      { revision: 'svc:41', why: 'the burn rose after alice (act-1) rolled back to it at 01:07Z', rolledBack: true },
    ]);
    // Before the undo it is the running build: known bad, not rolled back from.
    const worse = events(rollbackEvents('act-1', 'svc:42', 'svc:41', '2026-11-22T01:07:00.000Z'));
    expect(knownBadRevisions(worse, new Set(['act-1'])).at(-1)).toEqual({ revision: 'svc:41', why: 'the burn rose after alice (act-1) rolled back to it at 01:07Z' });
  });

  // A responder's re-test: after the undo of act-1 and a second rollback (act-3), the panel read `⊗ :42 bad — rolled back
  // to svc:41 by alice (act-1)`, the first of them.
  it('names the newest rollback from a revision', () => {
    const again = events([
      ...rollbackEvents('act-1', 'svc:42', 'svc:41', '2026-11-22T01:07:00.000Z'),
      { kind: 'action.planned', at: '2026-11-22T01:20:00.000Z', data: { action: 'act-2', name: 'deploys.rollback', summary: 'Undo act-1: s', calls: [], undoes: 'act-1', facts: { currentRevision: 'svc:41', targetRevision: 'svc:42' } } },
      { kind: 'action.started', at: '2026-11-22T01:20:00.000Z', data: { action: 'act-2' } },
      { kind: 'action.succeeded', at: '2026-11-22T01:20:01.000Z', data: { action: 'act-2', summary: 'done' } },
      ...rollbackEvents('act-3', 'svc:42', 'svc:41', '2026-11-22T01:31:00.000Z'),
    ]);
    expect(knownBadRevisions(again)).toEqual([{ revision: 'svc:42', why: 'rolled back to svc:41 by alice (act-3) at 01:31Z', rolledBack: true }]);
  });

  it('a planned rollback that never started teaches nothing', () => {
    const state = events([
      { kind: 'action.planned', at: '2026-11-22T01:06:00.000Z', data: { action: 'act-1', name: 'deploys.rollback', summary: 's', calls: [], facts: { currentRevision: 'svc:42', targetRevision: 'svc:41' } } },
      { kind: 'action.cancelled', at: '2026-11-22T01:07:00.000Z', data: { action: 'act-1', reason: 'declined' } },
    ]);
    expect(knownBadRevisions(state)).toEqual([]);
    expect(earlierRun(state, 'rollback')).toBeUndefined();
  });

  it('going back to a known-bad revision is blocked, with its own override phrase', () => {
    const verdict = rollbackSafety({ current: 'svc:41', target: 'svc:42', between: [{ revision: 'svc:41', labels: {} }], knownBad: [{ revision: 'svc:42', why: 'rolled back to svc:41 by alice (act-1) at 01:07Z' }] });
    expect(verdict).toMatchObject({ level: 'blocked', phrase: 'roll back to known-bad svc:42' });
    expect(verdict.reasons[0]).toBe('svc:42 is known bad: rolled back to svc:41 by alice (act-1) at 01:07Z');
  });
});

describe('a repeated step and a stale plan', () => {
  const base: GateInput = { verdict: { level: 'ok', reasons: ['one revision back'] }, mutating: true, dangerous: true, stepConfirm: true, mode: 'drill-sandbox', providerKey: 'deploys', drillTarget: true, service: 'checkout-api', runsCommand: false };

  it('running a step\'s action again asks for its phrase typed; a safety block still outranks it, and keeps its reason', () => {
    expect(actionGate(base)).toEqual({ kind: 'confirm' });
    expect(actionGate({ ...base, repeat: { phrase: 'svc:40', reason: 'already ran' } })).toEqual({ kind: 'typed', phrase: 'svc:40', reason: 'already ran; type svc:40 to make it', override: false });
    // A check that passed is no reason to type; a risky one (a jump) is.
    expect(actionGate({ ...base, verdict: { level: 'typed', reasons: ['2 revisions behind', 'tolerated migration'], because: ['2 revisions behind'] }, repeat: { phrase: 'svc:40', reason: 'already ran' } })).toMatchObject({ reason: 'already ran; type svc:40 to make it; 2 revisions behind' });
    // The undo of a rollback the burn stopped after: "known bad: rolled back to svc:41 (act-1)" alone named the change undone as its own evidence.
    const undo = { phrase: 'undo act-1', reason: 'the burn stopped after act-1: undoing it may bring the burn back' };
    expect(actionGate({ ...base, verdict: { level: 'blocked', reasons: ['svc:42 is known bad: rolled back to svc:41 by alice (act-1)'], phrase: 'p' }, repeat: undo })).toEqual({
      kind: 'typed',
      phrase: 'p',
      reason: 'blocked: svc:42 is known bad: rolled back to svc:41 by alice (act-1); the burn stopped after act-1: undoing it may bring the burn back',
      override: true,
      beyondBlock: 'the burn stopped after act-1: undoing it may bring the burn back',
    });
  });

  it('planDrift names each fact that changed; none when the plan is still true', () => {
    const plan = { summary: 'Roll back 42 → 41', observed: { 'current revision': 'svc:42', 'deployments in flight': 'none' } };
    expect(planDrift(plan, plan)).toEqual([]);
    expect(planDrift(plan, { summary: 'Roll back 40 → 39', observed: { 'current revision': 'svc:40', 'deployments in flight': 'svc:40 IN_PROGRESS' } })).toEqual([
      'current revision: svc:42 → svc:40',
      'deployments in flight: none → svc:40 IN_PROGRESS',
    ]);
    expect(planDrift({ summary: 'a' }, { summary: 'b' })).toEqual(['the plan is now "b"']);
  });
});
