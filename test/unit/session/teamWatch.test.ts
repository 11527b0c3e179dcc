import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import type { StepState } from '../../../src/core/incident';
import { checkWatchedElsewhere, TeamWatch } from '../../../src/session/teamWatch';
import { verifyingRollback } from './verifyingRollback';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A rollback made and being verified, its lease found expired once: what the watch records of it. */
async function reaped(runsHere: boolean): Promise<NewEvent[]> {
  const state = verifyingRollback('bob');
  const recorded: NewEvent[] = [];
  const stop = new AbortController();
  const lease = { responder: 'bob', incident: 'inc-1', action: 'act-1', name: 'deploys.rollback', expiredAt: '2026-11-22T02:40:00.000Z' };
  const watch = new TeamWatch({
    presence: { attend: async (_who, _signal, onChange) => onChange([]), present: async () => [] },
    leases: { acquire: async () => ({ ok: false, heldBy: { ...lease, heldMs: 0 } }), reapExpired: async () => [lease] },
    who: { incident: 'inc-1', responder: 'bob', readOnly: false },
    state: () => state,
    runsHere: () => runsHere,
    record: async (event) => void recorded.push(event),
    changed: () => undefined,
    log: quiet,
    signal: stop.signal,
  });
  await watch.stopped;
  await new Promise((resolve) => setTimeout(resolve, 10));
  return recorded;
}

describe('the team watch, finding a lease expired', () => {
  it("records a teammate's change being verified as no longer watched", async () => {
    expect((await reaped(false)).map((e) => e.kind)).toEqual(['action.unwatched']);
  });

  // Bob's cockpit found its own lease expired once the store came back, and recorded his rollback as unwatched
  // ("bob's cockpit stopped") while it verified it.
  it('records nothing of a change this very cockpit verifies', async () => {
    expect(await reaped(true)).toEqual([]);
  });
});

describe('whose cockpit watches a recovery check', () => {
  const step = { id: 'burn-normal', title: 'Burn under 1x for 10m', status: 'in-progress', startedBy: 'bob' } as StepState;
  const bob = { responder: 'bob', since: '2026-11-22T02:30:00.000Z', readOnly: false, self: false };
  it("a teammate's, while their cockpit is on the incident or before the board has answered; else this cockpit's", () => {
    expect(checkWatchedElsewhere(step, 'alice', { present: [bob], presenceKnown: true })).toBe('bob');
    expect(checkWatchedElsewhere(step, 'alice', { present: [] })).toBe('bob');
    // Gone (killed, its presence expired), or only watching read-only: nobody watches it but this cockpit, if it will.
    expect(checkWatchedElsewhere(step, 'alice', { present: [], presenceKnown: true })).toBeUndefined();
    expect(checkWatchedElsewhere(step, 'alice', { present: [{ ...bob, readOnly: true }], presenceKnown: true })).toBeUndefined();
    // One's own, one its cockpit left (a check-left note), and one over are no teammate's.
    expect(checkWatchedElsewhere(step, 'bob', { present: [bob], presenceKnown: true })).toBeUndefined();
    expect(checkWatchedElsewhere({ ...step, watchLeftAt: '2026-11-22T02:40:00.000Z' }, 'alice', { present: [bob], presenceKnown: true })).toBeUndefined();
    expect(checkWatchedElsewhere({ ...step, check: { outcome: 'passed', at: '2026-11-22T02:41:00.000Z', summary: 'held' } }, 'alice', { present: [bob], presenceKnown: true })).toBeUndefined();
  });
});
