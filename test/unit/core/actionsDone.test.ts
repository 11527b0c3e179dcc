import { describe, expect, it } from 'vitest';
import { actionsDone } from '../../../src/core/actionsDone';
import type { NewEvent } from '../../../src/core/events';
import { fold } from '../../../src/core/incident';
import { chainOf, OPENED } from './chainOf';

const stateOf = (extra: NewEvent[]) => {
  const folded = fold(chainOf([OPENED, ...extra]));
  if (!folded.ok) throw new Error(folded.reason);
  return folded.state;
};
const planned = (action: string, summary: string, at: string): NewEvent => ({ kind: 'action.planned', at, data: { action, name: 'x.y', summary, calls: [] } });

describe('actionsDone: what was done in an incident, one line an action', () => {
  it('says who, when, and how each ended: verified, declined, failed', () => {
    const state = stateOf([
      planned('act-1', 'Roll back checkout-api from :43 to :41', '2026-11-22T02:39:47.000Z'),
      { kind: 'action.cancelled', at: '2026-11-22T02:39:50.000Z', data: { action: 'act-1', reason: 'declined by the responder' } },
      planned('act-2', 'Set checkout_v2 to off', '2026-11-22T02:40:08.000Z'),
      { kind: 'action.started', at: '2026-11-22T02:40:09.000Z', actor: 'bob', data: { action: 'act-2' } },
      { kind: 'action.succeeded', at: '2026-11-22T02:40:10.000Z', data: { action: 'act-2', summary: 'set' } },
      { kind: 'verify.passed', at: '2026-11-22T02:40:40.000Z', data: { action: 'act-2', summary: 'flag reads off' } },
      planned('act-3', 'Restart the workers', '2026-11-22T02:41:00.000Z'),
      { kind: 'action.started', at: '2026-11-22T02:41:01.000Z', data: { action: 'act-3' } },
      { kind: 'action.failed', at: '2026-11-22T02:41:02.000Z', data: { action: 'act-3', error: { kind: 'failed', message: 'exit 1' } } },
      planned('act-4', 'Roll back checkout-api from :42 to :41', '2026-11-22T02:42:00.000Z'),
    ]);
    expect(actionsDone(state.actions)).toEqual([
      '02:39:47Z  alice: Roll back checkout-api from :43 to :41 — not run: declined by the responder',
      '02:40:09Z  bob: Set checkout_v2 to off — succeeded, verified',
      '02:41:01Z  alice: Restart the workers — failed: exit 1',
      // A dialog open in the responder's cockpit: not "planned", which read as a plan made and left.
      '02:42:00Z  alice: Roll back checkout-api from :42 to :41 — waiting for its confirmation',
    ]);
  });
});
