import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import { TeamWatch } from '../../../src/session/teamWatch';
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
