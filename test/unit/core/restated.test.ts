import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import { fold } from '../../../src/core/incident';
import { LastSaid, restatedBy } from '../../../src/core/restated';
import { markedFirst } from '../../../src/session/incidentMarks';
import { chainOf, OPENED } from './chainOf';

const FIRED: NewEvent = { kind: 'trigger.fired', actor: 'cockpit', data: { trigger: 'fast-burn', slo: 'availability', burnRate: 20, threshold: 14.4 } };
const CLEARED: NewEvent = { kind: 'trigger.cleared', actor: 'cockpit', data: { trigger: 'fast-burn', slo: 'availability' } };
const deploy = (status: string, current: boolean): NewEvent => ({ kind: 'deploy.observed', actor: 'cockpit', data: { id: 'd-2', revision: '2', status, current } });
const flag = (to: string): NewEvent => ({ kind: 'flag.changed', actor: 'cockpit', data: { key: 'checkout_v2', to, state: 'ENABLED' } });

/** What `candidate` is restated by, after `recorded` (the incident opened first). */
function restating(recorded: readonly NewEvent[], candidate: NewEvent) {
  const events = chainOf([OPENED, ...recorded]);
  const folded = fold(events);
  if (!folded.ok) throw new Error(folded.reason);
  const said = new LastSaid();
  said.take(events);
  return restatedBy(candidate, folded.state, said);
}

describe('what a teammate recorded first (restatedBy)', () => {
  it('a trigger firing, or cleared, as the log has it: the event that said so', () => {
    expect(restating([FIRED], FIRED)?.seq).toBe(2);
    expect(restating([FIRED, CLEARED], CLEARED)?.seq).toBe(3);
    // Cleared in between: a new firing; never fired: nothing to restate a clear with.
    expect(restating([FIRED, CLEARED], FIRED)).toBeUndefined();
    expect(restating([], FIRED)).toBeUndefined();
  });

  it('a deploy seen in the status the log has, or a flag serving what it says: restated; anything else is news', () => {
    expect(restating([deploy('in-progress', true), deploy('successful', true)], deploy('successful', true))?.seq).toBe(3);
    expect(restating([deploy('in-progress', true)], deploy('successful', true))).toBeUndefined();
    expect(restating([deploy('successful', true)], deploy('successful', false))).toBeUndefined();
    expect(restating([flag('off')], flag('off'))?.seq).toBe(2);
    expect(restating([flag('off')], flag('on'))).toBeUndefined();
  });

  it("a mark: resolved once until a reopen; a mitigation restated by a resolve that marked it so", () => {
    const resolved: NewEvent = { kind: 'incident.resolved', actor: 'alice', data: {} };
    const mitigated: NewEvent = { kind: 'incident.mitigated', actor: 'bob', data: {} };
    expect(restating([resolved], resolved)?.actor).toBe('alice');
    expect(restating([resolved], mitigated)?.kind).toBe('incident.resolved');
    expect(restating([mitigated, resolved], mitigated)?.kind).toBe('incident.resolved');
    expect(restating([resolved, { kind: 'incident.reopened', data: { reason: 'back' } }], resolved)).toBeUndefined();
  });

  it('what no teammate states at the same moment (notes, steps, actions) is always news', () => {
    const note: NewEvent = { kind: 'note', data: { text: 'same words' } };
    expect(restating([note], note)).toBeUndefined();
  });
});

describe("a responder's mark answered with a teammate's (markedFirst)", () => {
  const [, resolve] = chainOf([OPENED, { kind: 'incident.resolved', at: '2026-11-22T02:55:03.000Z', actor: 'alice', data: {} }]);
  it("says whose stands, and that theirs was not recorded; their own is fine", () => {
    expect(markedFirst(resolve, 'bob')).toEqual({ ok: false, reason: 'alice resolved it at 02:55:03Z, first: yours is not recorded' });
    expect(markedFirst(resolve, 'alice')).toEqual({ ok: true });
    expect(markedFirst(undefined, 'bob')).toEqual({ ok: true });
  });
});
