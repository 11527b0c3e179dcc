import { describe, expect, it } from 'vitest';
import type { NewEvent, StoredEvent } from '../../../src/core/events';
import { EARLIER_FLAG_CHANGES, fold, incidentStatus, initialState, OUTPUT_TAIL_CHARS, reduce, type IncidentState } from '../../../src/core/incident';
import { describeEvent } from '../../../src/core/describeEvent';
import { withRolledBackFrom } from '../../../src/core/rememberedDeploys';
import { chainOf, OPENED } from './chainOf';

/** The state after OPENED and then `events`, plus the state just before the last one. */
function apply(...events: NewEvent[]): { before: IncidentState; after: IncidentState; last: StoredEvent } {
  const chain = chainOf([OPENED, ...events]);
  const folded = fold(chain.slice(0, -1));
  if (!folded.ok) throw new Error(folded.reason);
  const last = chain[chain.length - 1] as StoredEvent;
  return { before: folded.state, after: last.kind === 'incident.opened' ? folded.state : reduce(folded.state, last), last };
}

const planned = (action = 'act-1'): NewEvent => ({
  kind: 'action.planned',
  data: { action, name: 'deploys.rollback', step: 'rollback', summary: 'Roll back :42 to :41', calls: [{ kind: 'api', operation: 'ecs:UpdateService', args: { taskDefinition: 'checkout-api:41' } }], safety: { level: 'ok', reasons: [] } },
});

describe('initial state from incident.opened', () => {
  it('carries the runbook facts and every step as pending', () => {
    const [opened] = chainOf([OPENED], { drill: true });
    const state = initialState(opened as Extract<StoredEvent, { kind: 'incident.opened' }>);
    expect(state).toMatchObject({ id: 'inc-20261122-0231-test', service: 'checkout-api', severity: 'SEV2', environment: 'production', drill: true, openedBy: 'alice', lastSeq: 1 });
    expect(state.steps.map((s) => [s.id, s.status])).toEqual([
      ['confirm-impact', 'pending'],
      ['rollback', 'pending'],
      ['burn-normal', 'pending'],
    ]);
    expect(incidentStatus(state)).toBe('open');
  });

  it('refuses a log that does not start with incident.opened, and an empty one', () => {
    expect(fold(chainOf([{ kind: 'note', data: { text: 'x' } }]))).toMatchObject({ ok: false });
    expect(fold([])).toMatchObject({ ok: false });
  });
});

describe('reduce: each event kind', () => {
  it('incident.opened a second time is an anomaly, not a reset', () => {
    const folded = fold(chainOf([OPENED, { kind: 'severity.changed', data: { to: 'SEV1' } }, OPENED]));
    expect(folded.ok && folded.state.anomalies).toEqual(['seq 3 (incident.opened): the incident is already open']);
    expect(folded.ok && folded.state.severity).toBe('SEV1');
  });

  it('role.assigned sets the role; the first one acknowledges', () => {
    const { after, last } = apply({ kind: 'role.assigned', data: { role: 'commander', person: 'alice' } });
    expect(after.roles).toEqual({ commander: 'alice' });
    expect(after.acknowledgedAt).toBe(last.at);
    const second = apply({ kind: 'role.assigned', data: { role: 'commander', person: 'alice' } }, { kind: 'role.assigned', data: { role: 'commander', person: 'bob' } });
    expect(second.after.roles.commander).toBe('bob');
    expect(second.after.acknowledgedAt).toBe(second.before.acknowledgedAt);
  });

  it('severity.changed', () => {
    expect(apply({ kind: 'severity.changed', data: { to: 'SEV1' } }).after.severity).toBe('SEV1');
  });

  it('note counts', () => {
    const { before, after } = apply({ kind: 'note', data: { text: 'hello' } });
    expect(after.notes).toBe(before.notes + 1);
  });

  it('step.started / completed / skipped move the step and keep the others', () => {
    const started = apply({ kind: 'step.started', data: { step: 'rollback' } });
    expect(started.after.steps[1]).toMatchObject({ status: 'in-progress', startedAt: started.last.at });
    expect(started.after.steps[0]?.status).toBe('pending');
    const done = apply({ kind: 'step.started', data: { step: 'rollback' } }, { kind: 'step.completed', data: { step: 'rollback' } });
    expect(done.after.steps[1]).toMatchObject({ status: 'done', startedAt: started.last.at, finishedAt: done.last.at });
    const skipped = apply({ kind: 'step.skipped', data: { step: 'burn-normal', reason: 'not needed' } });
    expect(skipped.after.steps[2]).toMatchObject({ status: 'skipped', reason: 'not needed', finishedAt: skipped.last.at });
    const reopened = apply({ kind: 'step.skipped', data: { step: 'burn-normal', reason: 'later' } }, { kind: 'step.started', data: { step: 'burn-normal' } });
    expect(reopened.after.steps[2]).toEqual({ id: 'burn-normal', title: 'Burn under 1x for 10m', phase: 'recovery', status: 'in-progress', startedAt: reopened.last.at, startedBy: reopened.last.actor });
    // Skipped by two responders at once (the shared store out of reach between them): both reasons stand, each once.
    const twice = apply({ kind: 'step.skipped', data: { step: 'burn-normal', reason: 'alice: flag not the cause' } }, { kind: 'step.skipped', data: { step: 'burn-normal', reason: 'bob: rollback fixed it' } });
    expect(twice.after.steps[2]).toMatchObject({ status: 'skipped', reason: 'alice: flag not the cause; bob: rollback fixed it' });
    const same = apply({ kind: 'step.skipped', data: { step: 'burn-normal', reason: 'not needed' } }, { kind: 'step.skipped', data: { step: 'burn-normal', reason: 'not needed' } });
    expect(same.after.steps[2]).toMatchObject({ reason: 'not needed' });
  });

  it('a step the runbook does not have is an anomaly', () => {
    const { before, after } = apply({ kind: 'step.started', data: { step: 'nope' } });
    expect(after.steps).toEqual(before.steps);
    expect(after.anomalies).toEqual(['seq 2 (step.started): unknown step "nope"']);
  });

  it('action lifecycle: planned → confirmed → started → output → succeeded', () => {
    const p = apply(planned());
    expect(p.after.actions).toHaveLength(1);
    expect(p.after.actions[0]).toMatchObject({ id: 'act-1', status: 'planned', plannedAt: p.last.at, name: 'deploys.rollback', step: 'rollback' });
    const c = apply(planned(), { kind: 'action.confirmed', data: { action: 'act-1', typed: true } });
    expect(c.after.actions[0]).toMatchObject({ status: 'confirmed', confirmedAt: c.last.at, confirmedBy: 'alice' });
    const s = apply(planned(), { kind: 'action.confirmed', data: { action: 'act-1' } }, { kind: 'action.started', data: { action: 'act-1' } });
    expect(s.after.actions[0]).toMatchObject({ status: 'running', startedAt: s.last.at });
    expect(s.after.firstActionAt).toBe(s.last.at);
    const o = apply(planned(), { kind: 'action.started', data: { action: 'act-1' } }, { kind: 'action.output', data: { action: 'act-1', stream: 'stdout', chunk: 'tasks 3/6\n' } });
    expect(o.after.actions[0]).toMatchObject({ outputTail: 'tasks 3/6\n', outputChars: 10 });
    const done = apply(planned(), { kind: 'action.started', data: { action: 'act-1' } }, { kind: 'action.succeeded', data: { action: 'act-1', summary: 'on :41' } });
    expect(done.after.actions[0]).toMatchObject({ status: 'succeeded', outcome: 'on :41', finishedAt: done.last.at });
  });

  it('action.failed and action.cancelled finish the action once', () => {
    const failed = apply(planned(), { kind: 'action.failed', data: { action: 'act-1', error: { kind: 'timeout', message: 'slow' } } });
    expect(failed.after.actions[0]).toMatchObject({ status: 'failed', error: { kind: 'timeout', message: 'slow' }, finishedAt: failed.last.at });
    const cancelled = apply(planned(), { kind: 'action.cancelled', data: { action: 'act-1', reason: 'Esc' } });
    expect(cancelled.after.actions[0]).toMatchObject({ status: 'cancelled', outcome: 'Esc' });
    const twice = apply(planned(), { kind: 'action.cancelled', data: { action: 'act-1' } }, { kind: 'action.succeeded', data: { action: 'act-1', summary: 'late' } });
    expect(twice.after.actions[0]?.status).toBe('cancelled');
    expect(twice.after.anomalies).toEqual(['seq 4 (action.succeeded): action act-1 already cancelled']);
    const restarted = apply(planned(), { kind: 'action.succeeded', data: { action: 'act-1', summary: 'ok' } }, { kind: 'action.started', data: { action: 'act-1' } });
    expect(restarted.after.actions[0]?.status).toBe('succeeded');
    expect(restarted.after.firstActionAt).toBeUndefined();
    expect(restarted.after.anomalies).toEqual(['seq 4 (action.started): action act-1 already succeeded']);
  });

  it('an action planned twice, or never planned, is an anomaly', () => {
    expect(apply(planned(), planned()).after.anomalies).toEqual(['seq 3 (action.planned): action act-1 was already planned']);
    const ghost = apply({ kind: 'action.started', data: { action: 'ghost' } });
    expect(ghost.after.firstActionAt).toBeUndefined();
    expect(ghost.after.anomalies).toHaveLength(1);
  });

  it('output keeps a bounded tail and counts everything', () => {
    const chunk = 'x'.repeat(3000);
    const { after } = apply(planned(), { kind: 'action.output', data: { action: 'act-1', stream: 'stdout', chunk } }, { kind: 'action.output', data: { action: 'act-1', stream: 'stderr', chunk: `${chunk}END` } });
    expect(after.actions[0]?.outputChars).toBe(6003);
    expect(after.actions[0]?.outputTail).toHaveLength(OUTPUT_TAIL_CHARS);
    expect(after.actions[0]?.outputTail.endsWith('END')).toBe(true);
  });

  it('deploy.observed keeps the latest observation per deploy', () => {
    const { after, last } = apply(
      { kind: 'deploy.observed', data: { id: 'd42', revision: 'api:42', status: 'in-progress' } },
      { kind: 'deploy.observed', data: { id: 'd41', revision: 'api:41', status: 'successful' } },
      { kind: 'deploy.observed', data: { id: 'd42', revision: 'api:42', status: 'successful', current: true } },
    );
    expect(Object.keys(after.deploys).sort()).toEqual(['d41', 'd42']);
    expect(after.deploys.d42).toMatchObject({ status: 'successful', current: true, observedAt: last.at });
  });

  // payments-api-rollout (a responder's play-test): the revision Argo aborted read `successful`, its ⊗ gone, once a later
  // rollout moved the Rollout on (the cluster lists the aborted ReplicaSet as a past one then).
  it('keeps an abort the provider forgets once its revision is a past one', () => {
    const abort = { by: 'Argo Rollouts', reason: 'RolloutAborted: Metric "success-rate" assessed Failed' };
    const { after } = apply(
      { kind: 'deploy.observed', data: { id: 'rs43', revision: 'api:43', status: 'rolled-back', automaticRollback: abort } },
      { kind: 'deploy.observed', data: { id: 'rs43', revision: 'api:43', status: 'successful' } },
    );
    expect(after.deploys.rs43).toMatchObject({ status: 'rolled-back', automaticRollback: abort });
    const rows = withRolledBackFrom([{ id: 'rs43', revision: 'api:43', artifacts: [], status: 'successful', labels: {}, current: false }], after);
    expect(rows[0]).toMatchObject({ status: 'rolled-back', automaticRollback: abort });
    // Running again (current): as the provider says.
    const { after: again } = apply(
      { kind: 'deploy.observed', data: { id: 'rs43', revision: 'api:43', status: 'rolled-back', automaticRollback: abort } },
      { kind: 'deploy.observed', data: { id: 'rs43', revision: 'api:43', status: 'successful', current: true } },
    );
    expect(again.deploys.rs43).toMatchObject({ status: 'successful', current: true });
  });

  // helper-143 (1 run in 4): an undo Argo aborted reused :42's ReplicaSet as :44. Polled before the log recorded the
  // renumbering, the panel listed rs42 as :44 and remembered :42 (rolled back from) under the same id: two rows, one React
  // key, and the panel drew `⊗ :44 bad — … (act-1)` above its table, without the row of the build running.
  it('a deploy remembered under its old revision never shares its id with the one the provider lists now', () => {
    const { after } = apply(
      { kind: 'deploy.observed', data: { id: 'rs42', revision: 'api:42', status: 'successful', current: true } },
      { ...planned(), data: { ...(planned().data as object), facts: { currentRevision: 'api:42', targetRevision: 'api:41' } } } as unknown as NewEvent,
      { kind: 'action.started', data: { action: 'act-1' } },
      { kind: 'action.succeeded', data: { action: 'act-1', summary: 'rolled back' } },
    );
    const listed = [
      { id: 'rs42', revision: 'api:44', artifacts: [], status: 'in-progress' as const, labels: {}, current: true, formerRevisions: ['api:42'] },
      { id: 'rs41', revision: 'api:43', artifacts: [], status: 'successful' as const, labels: {}, current: false, formerRevisions: ['api:41'] },
    ];
    const rows = withRolledBackFrom(listed, after);
    expect(rows.map((row) => row.revision)).toEqual(['api:44', 'api:43', 'api:42']);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
  });

  it('a deploy observed again unchanged leaves the state as it was, bookkeeping aside', () => {
    const seen = { kind: 'deploy.observed', data: { id: 'd42', revision: 'api:42', status: 'successful', current: true } } as const;
    const { before, after, last } = apply(seen, seen);
    expect(after.deploys).toBe(before.deploys);
    expect(after).toEqual({ ...before, lastSeq: last.seq, lastAt: last.at, lastHash: last.hash });
    const changed = apply(seen, { kind: 'deploy.observed', data: { ...seen.data, current: false } });
    expect(changed.after.deploys.d42).toMatchObject({ current: false, observedAt: changed.last.at });
  });

  it('an event that changes the state leaves the state before it as it was', () => {
    const { before, after, last } = apply({ kind: 'note', data: { text: 'one' } }, { kind: 'note', data: { text: 'two' } });
    expect(before).toMatchObject({ notes: 1, lastSeq: last.seq - 1 });
    expect(after).toMatchObject({ notes: 2, lastSeq: last.seq, lastHash: last.hash });
  });

  it('flag.changed records the variant and counts changes', () => {
    const { after } = apply(
      { kind: 'flag.changed', data: { key: 'checkout_v2', from: 'off', to: 'on', changedAt: '2026-11-22T02:00:00.000Z', by: 'bob' } },
      { kind: 'flag.changed', data: { key: 'checkout_v2', from: 'on', to: 'off' } },
    );
    expect(after.flags.checkout_v2).toMatchObject({ variant: 'off', changes: 2 });
    // The toggle before the kill switch stays known: the recommendation's evidence needs it.
    expect(after.flags.checkout_v2?.earlierChangesAt).toEqual(['2026-11-22T02:00:00.000Z']);
    expect(after.flags.checkout_v2?.changeTime).toBe('observed');
  });

  it('flag.changed without a change time tells a first sighting from a change the cockpit saw', () => {
    const first = apply({ kind: 'flag.changed', data: { key: 'express_pay', to: 'off' } });
    expect(first.after.flags.express_pay).toMatchObject({ changeTime: 'first-seen', changedAt: first.last.at, earlierChangesAt: [] });
    const seen = apply({ kind: 'flag.changed', data: { key: 'express_pay', to: 'off' } }, { kind: 'flag.changed', data: { key: 'express_pay', from: 'off', to: 'on' } });
    // The sighting was no change, so it is not kept as an earlier one either.
    expect(seen.after.flags.express_pay).toMatchObject({ changeTime: 'observed', changedAt: seen.last.at, earlierChangesAt: [] });
    const reported = apply({ kind: 'flag.changed', data: { key: 'express_pay', to: 'off', changedAt: '2026-11-22T01:00:00.000Z' } });
    expect(reported.after.flags.express_pay?.changeTime).toBe('reported');
  });

  it('flag.changed keeps a bounded list of the earlier changes, newest first', () => {
    const changes = Array.from({ length: EARLIER_FLAG_CHANGES + 3 }, (_, i): NewEvent => ({ kind: 'flag.changed', data: { key: 'f', to: String(i), changedAt: `2026-11-22T02:${String(i).padStart(2, '0')}:00.000Z` } }));
    const { after } = apply(...changes);
    expect(after.flags.f?.earlierChangesAt).toHaveLength(EARLIER_FLAG_CHANGES);
    expect(after.flags.f?.earlierChangesAt[0]).toBe(`2026-11-22T02:${String(EARLIER_FLAG_CHANGES + 1).padStart(2, '0')}:00.000Z`);
  });

  it('action.planned keeps the plan\'s facts; a verify naming the action records its answer on it', () => {
    const facts = { currentRevision: 'checkout-api:42', targetRevision: 'checkout-api:41' };
    const plannedWithFacts: NewEvent = { kind: 'action.planned', data: { ...(planned().data as object), facts } as never };
    const { after } = apply(plannedWithFacts, { kind: 'verify.failed', data: { summary: 'still 3 tasks on :42', action: 'act-1' } }, { kind: 'verify.passed', data: { summary: 'steady on :41', action: 'act-1' } });
    expect(after.actions[0]).toMatchObject({ facts, verification: { outcome: 'passed', summary: 'steady on :41' } });
    // A check that saw the change late (re-run after a resume) dates it from the provider's completion.
    const late = apply(plannedWithFacts, { kind: 'verify.passed', data: { summary: 'steady on :41', action: 'act-1', doneAt: '2026-11-22T01:00:00.000Z' } });
    expect(late.after.actions[0]!.verification?.at).toBe('2026-11-22T01:00:00.000Z');
    // A verify of an action nobody planned changes nothing (and is no anomaly: steps verify too).
    const stray = apply({ kind: 'verify.passed', data: { summary: 'ok', action: 'nobody' } });
    expect(stray.after.anomalies).toEqual([]);
    expect(stray.after.actions).toEqual([]);
  });

  it('action.watched: a change nobody watched is being verified again, in the actor\'s cockpit; a verdict it had stays', () => {
    const made: NewEvent[] = [planned(), { kind: 'action.started', data: { action: 'act-1' } }, { kind: 'action.succeeded', data: { action: 'act-1', summary: 'deployment started' } }];
    const unwatched: NewEvent = { kind: 'action.unwatched', data: { action: 'act-1', reason: "carol's lease on it expired" } };
    const { after, last } = apply(...made, unwatched, { kind: 'action.watched', actor: 'bob', data: { action: 'act-1' } });
    expect(after.actions[0]).toMatchObject({ status: 'succeeded', watchedBy: 'bob' });
    expect(describeEvent(last)).toBe("Action act-1 watched again: checked in bob's cockpit");
    expect(after.actions[0]!.verification).toBeUndefined();
    const passed = apply(...made, { kind: 'verify.passed', data: { summary: 'steady on :41', action: 'act-1' } }, { kind: 'action.watched', actor: 'bob', data: { action: 'act-1' } });
    expect(passed.after.actions[0]!.verification).toMatchObject({ outcome: 'passed' });
  });

  // A shared-store play-test: the check passed while the store was away, its verdict uploaded from the queue, and a
  // teammate's cockpit then reaped the expired lease: the verified rollback read "not watched to its end".
  it('action.unwatched after a verdict leaves the verdict', () => {
    const made: NewEvent[] = [planned(), { kind: 'action.started', data: { action: 'act-1' } }, { kind: 'action.succeeded', data: { action: 'act-1', summary: 'deployment started' } }];
    const unwatched: NewEvent = { kind: 'action.unwatched', data: { action: 'act-1', reason: "alice's lease on it expired" } };
    for (const verdict of ['verify.passed', 'verify.failed'] as const) {
      const { after } = apply(...made, { kind: verdict, data: { summary: 'the check', action: 'act-1' } }, unwatched);
      expect(after.actions[0]!.verification).toMatchObject({ outcome: verdict === 'verify.passed' ? 'passed' : 'failed', summary: 'the check' });
    }
    expect(apply(...made, unwatched).after.actions[0]!.verification).toMatchObject({ outcome: 'unwatched' });
  });

  it('the first action.started keeps the SLO windows as last read: the burn before anyone changed anything', () => {
    const observed = (windowMs: number, errorRatio: number, at: string): NewEvent => ({ kind: 'slo.observed', at, data: { slo: 'availability', objective: 99.5, periodMs: 30 * 86_400_000, windowMs, errorRatio } });
    const { after } = apply(
      observed(300_000, 0.1, '2026-11-22T02:40:00.000Z'),
      observed(3_600_000, 0.03, '2026-11-22T02:40:00.000Z'),
      planned(),
      { kind: 'action.started', at: '2026-11-22T02:41:00.000Z', data: { action: 'act-1' } },
      observed(300_000, 0.01, '2026-11-22T02:47:00.000Z'),
    );
    expect(after.windowsBeforeActing).toEqual({
      availability: [
        { windowMs: 300_000, at: '2026-11-22T02:40:00.000Z', errorRatio: 0.1 },
        { windowMs: 3_600_000, at: '2026-11-22T02:40:00.000Z', errorRatio: 0.03 },
      ],
    });
  });

  it('trigger.fired / cleared track activity and the peak burn', () => {
    const { after, last } = apply(
      { kind: 'trigger.fired', data: { trigger: 't1', slo: 'availability', burnRate: 15 } },
      { kind: 'trigger.fired', data: { trigger: 't1', slo: 'availability', burnRate: 20 } },
      { kind: 'trigger.cleared', data: { trigger: 't1', slo: 'availability' } },
    );
    expect(after.triggers.t1).toMatchObject({ active: false, peakBurnRate: 20, firedCount: 2, clearedAt: last.at });
    expect(apply({ kind: 'trigger.cleared', data: { trigger: 'never', slo: 'x' } }).after.anomalies).toHaveLength(1);
  });

  it('slo.observed accumulates budget per window', () => {
    const periodMs = 30 * 86_400_000;
    const obs = (at: string, errorRatio: number | null): NewEvent => ({ kind: 'slo.observed', at, data: { slo: 'availability', objective: 99.5, periodMs, windowMs: 300_000, errorRatio } });
    const { after } = apply(obs('2026-11-22T02:32:00.000Z', 0.05), obs('2026-11-22T02:42:00.000Z', null), obs('2026-11-22T02:52:00.000Z', 0.01));
    const window = after.slos.availability?.['300000'];
    // Each sample measures the 5m before it: 02:37–02:42 no data (nothing), 02:47–02:52 burn 2. What
    // no sample measured, 02:32–02:37 and 02:42–02:47, is counted at the burn read before it: 10, then nothing.
    expect(window?.consumed).toBeCloseTo((10 * 300_000 + 2 * 300_000) / periodMs, 12);
    expect(window?.countedTo).toBe(Date.parse('2026-11-22T02:52:00.000Z'));
    expect(window).toMatchObject({ observations: 3, lastErrorRatio: 0.01 });
  });

  it('verify.* leave state alone; comms.sent counts', () => {
    const v = apply({ kind: 'verify.passed', data: { summary: 'ok' } });
    expect({ ...v.after, lastSeq: 0, lastAt: '', lastHash: '' }).toEqual({ ...v.before, lastSeq: 0, lastAt: '', lastHash: '' });
    const f = apply({ kind: 'verify.failed', data: { summary: 'no' } });
    expect(f.after.anomalies).toEqual([]);
    expect(apply({ kind: 'comms.sent', data: { channel: '#inc', message: 'hi' } }).after.commsSent).toBe(1);
  });

  it('mitigated and resolved keep their first time; resolving implies mitigated', () => {
    const m = apply({ kind: 'incident.mitigated', data: {} }, { kind: 'incident.mitigated', data: {} });
    expect(m.after.mitigatedAt).toBe(m.before.mitigatedAt);
    expect(incidentStatus(m.after)).toBe('mitigated');
    const r = apply({ kind: 'incident.resolved', data: { summary: 'done' } });
    expect(r.after.resolvedAt).toBe(r.last.at);
    expect(r.after.mitigatedAt).toBe(r.last.at);
    expect(incidentStatus(r.after)).toBe('resolved');
  });

  it('drill.scored', () => {
    expect(apply({ kind: 'drill.scored', data: { score: 7, max: 10, summary: 'slow rollback' } }).after.drillScore).toEqual({ score: 7, max: 10, summary: 'slow rollback' });
  });

  it('every event moves lastSeq, lastAt and lastHash', () => {
    const { after, last } = apply({ kind: 'note', data: { text: 'x' } });
    expect([after.lastSeq, after.lastAt, after.lastHash]).toEqual([last.seq, last.at, last.hash]);
  });
});
