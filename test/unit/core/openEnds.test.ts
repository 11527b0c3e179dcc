import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import { fold } from '../../../src/core/incident';
import { lateRollback, needlessRollback, openEnds } from '../../../src/core/openEnds';
import { knownBadRevisions } from '../../../src/core/knownBad';
import { NO_JUDGEMENT } from '../../../src/core/burnWentOn';
import { chainOf, OPENED } from './chainOf';

const at = (minute: number) => `2026-11-22T03:${String(minute).padStart(2, '0')}:00.000Z`;

const killSwitch = (id: string, minute: number, before: string, after: string, outcome: 'action.succeeded' | 'action.failed' = 'action.succeeded'): NewEvent[] => [
  { kind: 'action.planned', at: at(minute), data: { action: id, name: 'flags.set', summary: `Set checkout_v2 to ${after}`, calls: [], facts: { flag: 'checkout_v2', field: 'defaultVariant', before, after, file: 'f', hash: 'h' } } },
  { kind: 'action.started', at: at(minute), actor: 'alice', data: { action: id } },
  outcome === 'action.succeeded'
    ? { kind: 'action.succeeded', at: at(minute), data: { action: id, summary: 'set' } }
    : { kind: 'action.failed', at: at(minute), data: { action: id, error: { kind: 'failed', message: 'no' } } },
];
const flagNow = (minute: number, from: string, to: string): NewEvent => ({ kind: 'flag.changed', at: at(minute), data: { key: 'checkout_v2', from, to, state: 'ENABLED' } });

function endsOf(...events: NewEvent[]) {
  const folded = fold(chainOf([{ ...OPENED, at: at(0) }, ...events]));
  if (!folded.ok) throw new Error(folded.reason);
  return openEnds(folded.state);
}

describe('openEnds: what resolving leaves behind', () => {
  it('names the runbook steps neither done nor skipped, numbered as the runbook panel numbers them', () => {
    const ends = endsOf({ kind: 'step.completed', at: at(1), data: { step: 'confirm-impact' } }, { kind: 'step.started', at: at(2), data: { step: 'rollback' } });
    expect(ends.steps).toEqual(['2. Roll back', '3. Burn under 1x for 10m (recovery check: never run, so nothing confirmed the recovery)']);
    const all = endsOf(
      { kind: 'step.completed', at: at(1), data: { step: 'confirm-impact' } },
      { kind: 'step.skipped', at: at(2), data: { step: 'rollback', reason: 'flag did it' } },
      { kind: 'step.completed', at: at(3), data: { step: 'burn-normal' } },
    );
    expect(all.steps).toEqual([]);
  });

  // payments-api-rollout irreversible-migration: the rollback forced through its block, aborted by Argo, read only
  // `(passed over: not needed unless the burn goes on)`, as if never tried.
  it('a step whose last run failed says when it ran, that it was forced, and why it failed', () => {
    const ends = endsOf(
      { kind: 'action.planned', at: at(10), data: { action: 'act-1', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'api:42', targetRevision: 'api:41' }, safety: { level: 'blocked', reasons: ['migration'], phrase: 'override migration api:42' } } },
      { kind: 'action.started', at: at(11), actor: 'alice', data: { action: 'act-1' } },
      { kind: 'action.succeeded', at: at(11), data: { action: 'act-1', summary: 'patched' } },
      { kind: 'verify.failed', at: at(14), data: { action: 'act-1', summary: 'AnalysisRun api-43 Failed' } },
    );
    expect(ends.steps).toContain('2. Roll back (run at 03:11 UTC, forced through its safety block, failed its check: AnalysisRun api-43 Failed)');
  });

  // helper-135: resolved while the rollback's watch was stopped, the postmortem listed `3. Roll back …` as not done, bare,
  // beside a Summary crediting it with the stop.
  it('a step whose change was made and not watched to its end says so', () => {
    const ends = endsOf(
      { kind: 'action.planned', at: at(10), data: { action: 'act-1', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'api:42', targetRevision: 'api:41' } } },
      { kind: 'action.started', at: at(11), actor: 'alice', data: { action: 'act-1' } },
      { kind: 'action.succeeded', at: at(11), data: { action: 'act-1', summary: 'patched' } },
      { kind: 'action.unwatched', at: at(11), data: { action: 'act-1', reason: 'the responder stopped watching; the change goes on in the provider' } },
    );
    expect(ends.steps).toContain('2. Roll back (run at 03:11 UTC, its change made, not watched to its end)');
  });

  // payments-api irreversible-migration: the recovery check marked done by hand ("dashboard shows zero errors"); the drill
  // report said RECOVERY NOT CONFIRMED, the summary and the resolve dialog nothing.
  it('a recovery check marked done by hand is said so, with why; so is a step whose action never ran', () => {
    const ends = endsOf(
      { kind: 'step.completed', at: at(1), data: { step: 'confirm-impact' } },
      { kind: 'step.completed', at: at(2), data: { step: 'rollback', manual: true, reason: 'done in the console' } },
      { kind: 'step.completed', at: at(3), data: { step: 'burn-normal', override: true, reason: 'dashboard shows zero errors' } },
    );
    expect(ends.steps).toEqual([
      '2. Roll back (marked done by hand, its action never ran: done in the console)',
      '3. Burn under 1x for 10m (recovery check marked done by hand, never passed: dashboard shows zero errors)',
    ]);
  });

  it('a recovery check says where it left off: never run, still watched, or failed (a drill resolved over one never run scored "never run", nothing on screen having pointed at it)', () => {
    const done: NewEvent = { kind: 'step.completed', at: at(1), data: { step: 'confirm-impact' } };
    const skipped: NewEvent = { kind: 'step.skipped', at: at(2), data: { step: 'rollback', reason: 'flag did it' } };
    const started: NewEvent = { kind: 'step.started', at: at(3), data: { step: 'burn-normal' } };
    expect(endsOf(done, skipped).steps).toEqual(['3. Burn under 1x for 10m (recovery check: never run, so nothing confirmed the recovery)']);
    expect(endsOf(done, skipped, started).steps).toEqual(['3. Burn under 1x for 10m (recovery check: still watched, not passed)']);
    const failed: NewEvent = { kind: 'verify.failed', at: at(5), data: { step: 'burn-normal', summary: 'availability 5m 3.1x' } };
    expect(endsOf(done, skipped, started, failed).steps).toEqual(['3. Burn under 1x for 10m (recovery check: failed at 03:05 UTC)']);
    // A first action keeps its plain line.
    expect(endsOf(skipped).steps[0]).toBe('1. Confirm customer impact');
  });

  it('a step the runbook passes over says why (the resolve dialog listed it as not done, which read as forgotten)', () => {
    const folded = fold(chainOf([{ ...OPENED, at: at(0) }, { kind: 'step.completed', at: at(1), data: { step: 'confirm-impact' } }]));
    if (!folded.ok) throw new Error(folded.reason);
    expect(openEnds(folded.state, NO_JUDGEMENT, { indexes: [1], why: 'not needed unless the burn goes on' }).steps).toEqual(['2. Roll back (passed over: not needed unless the burn goes on)', '3. Burn under 1x for 10m (recovery check: never run, so nothing confirmed the recovery)']);
  });

  it('a resolved incident says why as its resolve recorded it (the postmortem listed the steps as simply not done); a reopen forgets it', () => {
    const resolved: NewEvent = { kind: 'incident.resolved', at: at(9), data: { passedOver: { steps: ['rollback'], why: 'not needed unless the burn goes on' } } };
    const done: NewEvent = { kind: 'step.completed', at: at(1), data: { step: 'confirm-impact' } };
    expect(endsOf(done, resolved).steps).toEqual(['2. Roll back (passed over: not needed unless the burn goes on)', '3. Burn under 1x for 10m (recovery check: never run, so nothing confirmed the recovery)']);
    expect(endsOf(done, resolved, { kind: 'incident.reopened', at: at(10), data: { reason: 'back' } }).steps).toEqual(['2. Roll back', '3. Burn under 1x for 10m (recovery check: never run, so nothing confirmed the recovery)']);
  });

  it('a kill switch still engaged is named with when, what it was and who; one turned back, or one that failed, is not', () => {
    expect(endsOf(...killSwitch('act-1', 5, 'on', 'off'), flagNow(5, 'on', 'off')).changes).toEqual(['checkout_v2 serves off since 03:05 UTC (was on; flags.set act-1 by alice)']);
    expect(endsOf(...killSwitch('act-1', 5, 'on', 'off'), flagNow(5, 'on', 'off'), flagNow(20, 'off', 'on')).changes).toEqual([]);
    expect(endsOf(...killSwitch('act-1', 5, 'on', 'off'), flagNow(5, 'on', 'off'), ...killSwitch('act-2', 20, 'off', 'on'), flagNow(20, 'off', 'on')).changes).toEqual([]);
    expect(endsOf(...killSwitch('act-1', 5, 'on', 'off', 'action.failed')).changes).toEqual([]);
  });
});

describe('openEnds: a rollback that did not end as planned', () => {
  const rollback = (checkFailed: boolean): NewEvent[] => [
    { kind: 'action.planned', at: at(10), data: { action: 'act-1', name: 'deploys.rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'api:42', targetRevision: 'api:41' } } },
    { kind: 'action.started', at: at(10), actor: 'alice', data: { action: 'act-1' } },
    { kind: 'action.succeeded', at: at(10), data: { action: 'act-1', summary: 'patched' } },
    ...(checkFailed ? [{ kind: 'verify.failed', at: at(14), data: { action: 'act-1', summary: 'AnalysisRun api-43 Failed' } } as NewEvent] : []),
  ];
  // payments-api-rollout irreversible-migration: Argo aborted the forced rollback; the advice said "the rollback to :41 (as
  // :43) was likely needless: undo it", and U refused ("has no change to undo").
  it('one whose check failed is no needless rollback to undo', () => {
    const folded = fold(chainOf([{ ...OPENED, at: at(0) }, ...rollback(true)]));
    if (!folded.ok) throw new Error(folded.reason);
    const cleared = { ...NO_JUDGEMENT, cleared: new Map([['act-1', folded.state.actions[0]!]]) };
    expect(needlessRollback(folded.state, cleared)).toBeUndefined();
    const took = fold(chainOf([{ ...OPENED, at: at(0) }, ...rollback(false)]));
    if (!took.ok) throw new Error(took.reason);
    expect(needlessRollback(took.state, { ...NO_JUDGEMENT, cleared: new Map([['act-1', took.state.actions[0]!]]) })?.id).toBe('act-1');
  });
  it('one whose check failed (an aborted Argo Rollout keeps its template) may still be what the workload is set to', () => {
    expect(endsOf(...rollback(true)).changes).toEqual([
      'the rollback from api:42 to api:41 at 03:10 UTC (deploys.rollback act-1 by alice) failed its check (AnalysisRun api-43 Failed): see what runs now; api:41 may still be what the workload is set to, and a retry rolls it out again',
    ]);
  });
  it('one still checked is under way, not yet left changed', () => {
    expect(endsOf(...rollback(false)).changes).toEqual([]);
  });
  // search-api bad-deploy at --speed 60: quit a minute after the rollback was verified, the drill report and the
  // postmortem left out that :41 ran (`Left changed` empty), until a resume read the burn stop.
  it('one checked, the burn not judging it yet, still runs and says when the burn tells; with no burn at all, it still runs', () => {
    const fired: NewEvent = { kind: 'trigger.fired', at: at(5), data: { trigger: 't', slo: 'a', burnRate: 15 } };
    const verified: NewEvent = { kind: 'verify.passed', at: at(11), data: { action: 'act-1', summary: 'api runs api:41' } };
    expect(endsOf(fired, ...rollback(false), verified).changes).toEqual([
      'api:41 still runs: rolled back from api:42 at 03:10 UTC (deploys.rollback act-1 by alice); whether the burn stopped after it is not known (the 5m burn tells a window after its rollout, from 03:17 UTC)',
    ]);
    expect(endsOf(...rollback(false), verified).changes).toEqual(['api:41 still runs: rolled back from api:42 at 03:10 UTC (deploys.rollback act-1 by alice)']);
    // Two causes stacked: the burn fell after it and went on.
    const folded = fold(chainOf([{ ...OPENED, at: at(0) }, fired, ...rollback(false), verified]));
    if (!folded.ok) throw new Error(folded.reason);
    expect(openEnds(folded.state, { ...NO_JUDGEMENT, helped: new Map([['act-1', folded.state.actions[0]!]]) }).changes).toEqual([
      'api:41 still runs: rolled back from api:42 at 03:10 UTC (deploys.rollback act-1 by alice), and the burn fell after it but went on: api:42 is likely a cause, not the only one',
    ]);
  });
  // Two responders' drills: the postmortem's "Left changed" listed a kill switch left off, never the service left rolled back.
  it('one the burn stopped after, alone, still standing: the older build runs, the newer one to be fixed', () => {
    const folded = fold(chainOf([{ ...OPENED, at: at(0) }, ...rollback(false)]));
    if (!folded.ok) throw new Error(folded.reason);
    expect(openEnds(folded.state, { ...NO_JUDGEMENT, stopped: new Map([['act-1', []]]) }).changes).toEqual([
      'api:41 still runs: rolled back from api:42 at 03:10 UTC (deploys.rollback act-1 by alice), and the burn stopped after it: api:42 is the likely cause, to be fixed before it is deployed again',
    ]);
  });
  // An Argo Rollout runs :41's build as :43: the line said `api:41 still runs` beside a deploys panel with no :41 running.
  it('names what still runs as the deploys do, where the target runs as a newer revision', () => {
    const asNewer: NewEvent = { kind: 'deploy.observed', at: at(12), data: { id: 'rs-41', revision: 'api:43', formerRevisions: ['api:41'], status: 'successful', current: true } };
    const folded = fold(chainOf([{ ...OPENED, at: at(0) }, ...rollback(false), asNewer]));
    if (!folded.ok) throw new Error(folded.reason);
    expect(openEnds(folded.state, { ...NO_JUDGEMENT, stopped: new Map([['act-1', []]]) }).changes).toEqual([
      'api:41 (as api:43) still runs: rolled back from api:42 at 03:10 UTC (deploys.rollback act-1 by alice), and the burn stopped after it: api:42 is the likely cause, to be fixed before it is deployed again',
    ]);
  });
  it('one the burn outlived says to roll forward, unless it was the undo of a rollback (forward is what it undid)', () => {
    const folded = fold(chainOf([{ ...OPENED, at: at(0) }, ...rollback(false)]));
    if (!folded.ok) throw new Error(folded.reason);
    const outlived = (action: string) => ({ ...NO_JUDGEMENT, outlived: new Map([[action, folded.state.actions.find((a) => a.id === action)!]]) });
    expect(openEnds(folded.state, outlived('act-1')).changes).toEqual(['api:41 still runs: rolled back from api:42 at 03:10 UTC (deploys.rollback act-1 by alice), and the burn went on after it: either api:42 is not the cause (roll forward?) or api:41 is as bad (roll back further?)']);
    const undo: NewEvent[] = [
      { kind: 'action.planned', at: at(20), data: { action: 'act-2', name: 'deploys.rollback', undoes: 'act-1', summary: 'Undo act-1', calls: [], facts: { currentRevision: 'api:41', targetRevision: 'api:42' } } },
      { kind: 'action.started', at: at(20), actor: 'alice', data: { action: 'act-2' } },
      { kind: 'action.succeeded', at: at(20), data: { action: 'act-2', summary: 'patched' } },
    ];
    const undone = fold(chainOf([{ ...OPENED, at: at(0) }, ...rollback(false), ...undo]));
    if (!undone.ok) throw new Error(undone.reason);
    expect(openEnds(undone.state, { ...NO_JUDGEMENT, outlived: new Map([['act-2', undone.state.actions[1]!]]) }).changes).toEqual([]);
  });
  // payments-api-rollout at 80x24: Argo aborted the undo of the rollback that worked; the resolve dialog and the postmortem
  // said it was undone, nothing of act-1 still standing, nor of the Rollout left set to :42's template.
  it('an undo whose check failed took nothing back: the rollback still stands, and the undo may be rolled out again', () => {
    const undo: NewEvent[] = [
      { kind: 'action.planned', at: at(20), data: { action: 'act-2', name: 'deploys.rollback', undoes: 'act-1', summary: 'Undo act-1', calls: [], facts: { currentRevision: 'api:41', targetRevision: 'api:42' } } },
      { kind: 'action.started', at: at(20), actor: 'alice', data: { action: 'act-2' } },
      { kind: 'action.succeeded', at: at(20), data: { action: 'act-2', summary: 'patched' } },
      { kind: 'verify.failed', at: at(21), data: { action: 'act-2', summary: 'AnalysisRun api-44 Failed (RolloutAborted)' } },
    ];
    const folded = fold(chainOf([{ ...OPENED, at: at(0) }, ...rollback(false), ...undo]));
    if (!folded.ok) throw new Error(folded.reason);
    expect(openEnds(folded.state, { ...NO_JUDGEMENT, stopped: new Map([['act-1', []]]) }).changes).toEqual([
      'api:41 still runs: rolled back from api:42 at 03:10 UTC (deploys.rollback act-1 by alice), and the burn stopped after it: api:42 is the likely cause, to be fixed before it is deployed again',
      'the undo of act-1 (api:41 back to api:42) at 03:20 UTC (deploys.rollback act-2 by alice) failed its check (AnalysisRun api-44 Failed (RolloutAborted)): see what runs now; api:42 may still be what the workload is set to, and a retry rolls it out again',
    ]);
  });

  // payments-api-rollout at 80x24: quit while the rollback rolled out; the open incident's postmortem and the drill report
  // said nothing of it ("openEnds": {"changes": [], "inFlight": []}), a reader would think no rollback was made.
  it('one nobody watched to its end is said so: what runs is not known here', () => {
    const unwatched: NewEvent = { kind: 'action.unwatched', at: at(11), data: { action: 'act-1', reason: 'the responder quit while act-1 (Roll back) was running' } };
    expect(endsOf(...rollback(false), unwatched).changes).toEqual([
      'the rollback from api:42 to api:41 at 03:10 UTC (deploys.rollback act-1 by alice) was not watched to its end (the responder quit while act-1 (Roll back) was running): see what runs now',
    ]);
    // order-worker (a responder's play-test): the deploys panel saw :41 run since; the resolve dialog, the drill report
    // and the postmortem said only "see what runs now".
    const seen: NewEvent = { kind: 'deploy.observed', at: at(13), data: { id: 'd41b', revision: 'api:41', status: 'successful', current: true } };
    expect(endsOf(...rollback(false), unwatched, seen).changes).toEqual([
      'the rollback from api:42 to api:41 at 03:10 UTC (deploys.rollback act-1 by alice) was not watched to its end (the responder quit while act-1 (Roll back) was running): the cockpit then saw api:41 running (successful, 03:13 UTC)',
    ]);
  });

  it('one made after the burn had stopped: an older build runs, the one it left had run clean', () => {
    const folded = fold(chainOf([{ ...OPENED, at: at(0) }, ...rollback(false)]));
    if (!folded.ok) throw new Error(folded.reason);
    expect(openEnds(folded.state, { ...NO_JUDGEMENT, afterTheStop: new Set(['act-1']) }).changes).toEqual([
      'api:41 still runs: rolled back from api:42 at 03:10 UTC (deploys.rollback act-1 by alice), made after the burn had stopped: api:42 had run clean (roll forward?)',
    ]);
    expect(knownBadRevisions(folded.state, new Set(), undefined, undefined, new Set(['act-1']))).toEqual([]);
    // Named by the advice while the burn falls, not only at resolve (core/cleanUpAdvice.ts).
    expect(lateRollback(folded.state, { ...NO_JUDGEMENT, afterTheStop: new Set(['act-1']) })?.id).toBe('act-1');
    expect(lateRollback(folded.state, NO_JUDGEMENT)).toBeUndefined();
  });

  // A team drill (bad-flag): :42 → :41 (act-1), :41 → :40 (act-2), act-2 undone (act-3): :41 ran again, the burn had gone
  // on after act-1, yet the resolve dialog, the drill report and the postmortem named only the kill switch as left changed.
  it('the rollback still standing under the undo of a later one is what runs, and is named', () => {
    const second: NewEvent[] = [
      { kind: 'action.planned', at: at(15), data: { action: 'act-2', name: 'deploys.rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'api:41', targetRevision: 'api:40' } } },
      { kind: 'action.started', at: at(15), actor: 'alice', data: { action: 'act-2' } },
      { kind: 'action.succeeded', at: at(15), data: { action: 'act-2', summary: 'patched' } },
      { kind: 'action.planned', at: at(20), data: { action: 'act-3', name: 'deploys.rollback', undoes: 'act-2', summary: 'Undo act-2', calls: [], facts: { currentRevision: 'api:40', targetRevision: 'api:41' } } },
      { kind: 'action.started', at: at(20), actor: 'alice', data: { action: 'act-3' } },
      { kind: 'action.succeeded', at: at(20), data: { action: 'act-3', summary: 'patched' } },
    ];
    const folded = fold(chainOf([{ ...OPENED, at: at(0) }, ...rollback(false), ...second]));
    if (!folded.ok) throw new Error(folded.reason);
    const judged = { ...NO_JUDGEMENT, outlived: new Map([['act-1', folded.state.actions[0]!]]) };
    expect(openEnds(folded.state, judged).changes).toEqual(['api:41 still runs: rolled back from api:42 at 03:10 UTC (deploys.rollback act-1 by alice), and the burn went on after it: either api:42 is not the cause (roll forward?) or api:41 is as bad (roll back further?)']);
  });
});
