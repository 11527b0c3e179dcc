import { describe, expect, it } from 'vitest';
import type { NewEvent, StoredEvent } from '../../../src/core/events';
import { fold, type IncidentState } from '../../../src/core/incident';
import { interruptionEvent, interruptionReason, unwatchedEvent } from '../../../src/core/leaseInterruption';
import { authorOf } from '../../../src/core/cockpitActor';
import { standingAction } from '../../../src/core/undo';
import { responseMetrics } from '../../../src/core/metrics';
import { PostmortemBuilder } from '../../../src/core/postmortem';
import { chainOf, OPENED } from './chainOf';

const LEASE = { responder: 'bob', incident: 'inc-20261122-0231-test', action: 'act-1-beef', name: 'deploys.rollback', expiredAt: '2026-11-22T03:14:05.123Z' };
const RUNNING: NewEvent[] = [
  OPENED,
  { kind: 'action.planned', data: { action: 'act-1-beef', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back checkout-api to :41', calls: [] } },
  { kind: 'action.started', actor: 'bob', data: { action: 'act-1-beef' } },
];

function stateOf(events: readonly StoredEvent[]): IncidentState {
  const folded = fold(events);
  if (!folded.ok) throw new Error(folded.reason);
  return folded.state;
}

describe('an action whose cockpit stopped and whose lease expired', () => {
  it('is said with who and when: "bob\'s cockpit stopped; lease expired 03:14:05"', () => {
    expect(interruptionReason('bob', LEASE.expiredAt)).toBe("bob's cockpit stopped; lease expired 03:14:05");
  });

  it('folds to interrupted: finished, with who ran it and when the lease expired; a second record is an anomaly', () => {
    const events = chainOf([...RUNNING, { ...interruptionEvent(LEASE), actor: 'alice' }]);
    const action = stateOf(events).actions[0]!;
    expect(action).toMatchObject({ status: 'interrupted', startedBy: 'bob', outcome: "bob's cockpit stopped; lease expired 03:14:05", interrupted: { responder: 'bob', leaseExpiredAt: LEASE.expiredAt } });
    expect(action.finishedAt).toBe(events[3]!.at);
    const twice = stateOf(chainOf([...RUNNING, interruptionEvent(LEASE), interruptionEvent(LEASE)]));
    expect(twice.anomalies).toEqual([expect.stringContaining('already interrupted')]);
  });

  it("is the cockpit's finding, not the teammate's whose cockpit found it (the postmortem read `| bob | … interrupted: alice's cockpit stopped`)", () => {
    expect(interruptionEvent(LEASE).actor).toBe('cockpit');
    expect(unwatchedEvent(LEASE).actor).toBe('cockpit');
    // Older logs wrote it under the finder's name: read as the cockpit's all the same.
    const older = chainOf([...RUNNING, { ...interruptionEvent(LEASE), actor: 'alice' }]);
    expect(older[3]!.actor).toBe('alice');
    expect(authorOf(older[3]!)).toBe('cockpit');
  });

  // A responder's test: alice's drain killed at `progress 4/20`, bob's attempt on the step refused by her lease before it
  // expired: every cockpit read `○ 3. Drain the queue to do` and `h` said `last attempt not run: refused: alice is running`.
  it('stands on its step when a later attempt there changed nothing (refused by its lease)', () => {
    const refused: NewEvent[] = [
      { kind: 'action.planned', actor: 'alice', data: { action: 'act-2-cafe', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back checkout-api to :41', calls: [] } },
      { kind: 'action.cancelled', actor: 'alice', data: { action: 'act-2-cafe', reason: 'refused: bob is running deploys.rollback (1s)' } },
    ];
    const actions = stateOf(chainOf([...RUNNING, ...refused, interruptionEvent(LEASE)])).actions;
    expect(actions.map((a) => a.status)).toEqual(['interrupted', 'cancelled']);
    expect(standingAction(actions, 'rollback', actions[1])?.id).toBe('act-1-beef');
  });

  it("gives way to the action's own outcome, recorded later by its cockpit (it was alive, only out of the store's reach)", () => {
    const state = stateOf(chainOf([...RUNNING, interruptionEvent(LEASE), { kind: 'action.succeeded', actor: 'bob', data: { action: 'act-1-beef', summary: 'rolled back to :41' } }]));
    expect(state.anomalies).toEqual([]);
    expect(state.actions[0]).toMatchObject({ status: 'succeeded', outcome: 'rolled back to :41' });
    expect(state.actions[0]!.interrupted).toBeUndefined();
  });

  it('is in the postmortem as interrupted, never as done', () => {
    const events = chainOf([...RUNNING, interruptionEvent(LEASE)]);
    const builder = new PostmortemBuilder();
    for (const event of events) builder.add(event);
    const state = stateOf(events);
    const md = builder.render(state, responseMetrics(state));
    expect(md).toContain('`deploys.rollback` (interrupted)');
    expect(md).toContain("**Interrupted**: bob's cockpit stopped; its lease expired");
    expect(md).not.toContain('Provider call returned');
    expect(md).toMatch(/deploys\.rollback \(act-1-beef\) interrupted: bob's cockpit stopped; lease expired 03:14:05/);
    // Nothing printed: how long it ran is not known, only when its lease expired.
    expect(md).toContain('- Not verified; interrupted: its lease expired at 2026-11-22 03:14:05 UTC, 42m56s after it started; when it stopped is not known');
  });

  // A responder's test: a drain killed 12 s in (its output stopped at `progress 4/20`) read `Not verified; the call took
  // 44s` (until a teammate's cockpit recorded the lease's expiry), and its bar on the chart ran to then.
  it('ran at least until its last output, and is drawn to it; not said to have run until the lease was found expired', () => {
    const output: NewEvent = { kind: 'action.output', at: '2026-11-22T02:31:21.000Z', actor: 'bob', data: { action: 'act-1-beef', stream: 'stdout', chunk: 'progress 4/20\n' } };
    const events = chainOf([...RUNNING, output, { ...interruptionEvent(LEASE), at: '2026-11-22T03:14:09.000Z' }]);
    const builder = new PostmortemBuilder();
    for (const event of events) builder.add(event);
    const state = stateOf(events);
    const md = builder.render(state, responseMetrics(state));
    expect(md).toContain('- Not verified; interrupted: it ran at least 12s (its last output at 2026-11-22 02:31:21 UTC); its lease expired at 2026-11-22 03:14:05 UTC, 42m56s after it started');
    expect(md).not.toContain('the call took');
    expect(md).toMatch(/deploys\.rollback interrupted :crit, 2026-11-22 02:31:09, 2026-11-22 02:31:21/);
  });

  it("in a sandbox drill, without the store's time: the drill's timeline runs on its own clock (18:31:44 stood beside 02:34)", () => {
    expect(interruptionReason('bob', LEASE.expiredAt, 'drill')).toBe("bob's cockpit stopped; lease expired");
    const drill: NewEvent = { ...OPENED, data: { ...(OPENED.data as object), environment: 'sandbox', mode: 'drill-sandbox' } } as NewEvent;
    const events = chainOf([drill, ...RUNNING.slice(1), interruptionEvent(LEASE, 'drill')]);
    const builder = new PostmortemBuilder();
    for (const event of events) builder.add(event);
    const state = stateOf(events);
    const md = builder.render(state, responseMetrics(state));
    expect(md).toContain("**Interrupted**: bob's cockpit stopped; its lease expired. Check the provider");
    expect(md).toContain('- Not verified; interrupted: its cockpit stopped; when it stopped is not known');
    expect(md).not.toContain('03:14');
  });
});
