import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import { fold } from '../../../src/core/incident';
import { LastSaid, restatedBy } from '../../../src/core/restated';
import { markedFirst, markEvent } from '../../../src/session/incidentMarks';
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

  it('a reopen, or an SLO sample, made the same moment as the last one (within 5 s): restated; later, or a sample crossing 1x, news', () => {
    const resolved: NewEvent = { kind: 'incident.resolved', at: '2026-11-22T02:50:00.000Z', actor: 'alice', data: {} };
    const reopen = (at: string, actor: string): NewEvent => ({ kind: 'incident.reopened', at, actor, data: { reason: `${actor} reopens` } });
    expect(restating([resolved, reopen('2026-11-22T02:51:00.000Z', 'alice')], reopen('2026-11-22T02:51:02.000Z', 'bob'))?.actor).toBe('alice');
    expect(restating([resolved, reopen('2026-11-22T02:51:00.000Z', 'alice')], reopen('2026-11-22T02:51:09.000Z', 'bob'))).toBeUndefined();
    // Marked mitigated since the reopen: a reopen of that is news.
    const mitigated: NewEvent = { kind: 'incident.mitigated', at: '2026-11-22T02:51:01.000Z', actor: 'carol', data: {} };
    expect(restating([resolved, reopen('2026-11-22T02:51:00.000Z', 'alice'), mitigated], reopen('2026-11-22T02:51:02.000Z', 'bob'))).toBeUndefined();
    const sample = (at: string, errorRatio: number | null): NewEvent => ({ kind: 'slo.observed', at, actor: 'cockpit', data: { slo: 'availability', objective: 99.5, periodMs: 2_592_000_000, windowMs: 300_000, errorRatio } });
    expect(restating([sample('2026-11-22T02:52:00.000Z', 0.02)], sample('2026-11-22T02:52:00.300Z', 0.021))?.seq).toBe(2);
    expect(restating([sample('2026-11-22T02:52:00.000Z', 0.02)], sample('2026-11-22T02:52:00.300Z', 0.001))).toBeUndefined();
    expect(restating([sample('2026-11-22T02:52:00.000Z', 0.02)], sample('2026-11-22T02:52:20.000Z', 0.02))).toBeUndefined();
    expect(restating([sample('2026-11-22T02:52:00.000Z', null)], sample('2026-11-22T02:52:01.000Z', null))?.seq).toBe(2);
  });

  it('a mark made well apart from the one that stands (queued offline) is not restated: recorded, with its words', () => {
    const resolvedBy = (at: string, actor: string): NewEvent => ({ kind: 'incident.resolved', at, actor, data: { summary: `${actor}'s words` } });
    expect(restating([resolvedBy('2026-11-22T02:50:10.000Z', 'bob')], resolvedBy('2026-11-22T02:50:12.000Z', 'alice'))?.actor).toBe('bob');
    expect(restating([resolvedBy('2026-11-22T02:50:10.000Z', 'bob')], resolvedBy('2026-11-22T02:50:01.000Z', 'alice'))).toBeUndefined();
  });

  // helper-137: `d` in two cockpits at once recorded two completions; alice's `s` and bob's `d` both, the skip overridden unsaid.
  it('a step marked done or skipped the same moment as a teammate marked it: restated; later, news', () => {
    const done = (at: string, actor: string): NewEvent => ({ kind: 'step.completed', at, actor, data: { step: 'rollback', reason: `${actor} checked` } });
    const skipped: NewEvent = { kind: 'step.skipped', at: '2026-11-22T02:40:00.500Z', actor: 'alice', data: { step: 'rollback', reason: 'not needed' } };
    expect(restating([done('2026-11-22T02:40:00.000Z', 'bob')], skipped)?.actor).toBe('bob');
    expect(restating([done('2026-11-22T02:40:00.000Z', 'bob')], done('2026-11-22T02:40:01.000Z', 'alice'))?.actor).toBe('bob');
    expect(restating([done('2026-11-22T02:40:00.000Z', 'bob')], done('2026-11-22T02:45:00.000Z', 'alice'))).toBeUndefined();
  });

  it('what no teammate states at the same moment (notes, steps, actions) is always news', () => {
    const note: NewEvent = { kind: 'note', data: { text: 'same words' } };
    expect(restating([note], note)).toBeUndefined();
  });

  // helper-134: three cockpits out of reach of the store each queued the status-update reminder, and all three were uploaded.
  it('the status-update reminder, given once an incident: restated by the one recorded', () => {
    const reminder = (channel: string): NewEvent => ({ kind: 'note', actor: 'cockpit', data: { text: `Reminder: no status update recorded yet (post in ${channel}).`, tag: 'reminder', details: { after: '10m', channel } } });
    expect(restating([reminder('#incidents')], reminder('#incidents'))?.seq).toBe(2);
    expect(restating([], reminder('#incidents'))).toBeUndefined();
  });
});

describe("a responder's mark answered with a teammate's (markedFirst)", () => {
  const [, resolve] = chainOf([OPENED, { kind: 'incident.resolved', at: '2026-11-22T02:55:03.000Z', actor: 'alice', data: {} }]);
  it("says whose stands, and that theirs was not recorded; their own is fine", () => {
    expect(markedFirst(resolve, 'bob')).toEqual({ ok: false, reason: 'alice resolved it at 02:55:03Z, first: yours is not recorded' });
    expect(markedFirst(resolve, 'alice')).toEqual({ ok: true });
    const [, , reopened] = chainOf([OPENED, { kind: 'incident.resolved', data: {} }, { kind: 'incident.reopened', at: '2026-11-22T02:56:00.000Z', actor: 'alice', data: { reason: 'back' } }]);
    expect(markedFirst(reopened, 'bob')).toEqual({ ok: false, reason: 'alice reopened it at 02:56:00Z, first: yours is not recorded' });
    expect(markedFirst(undefined, 'bob')).toEqual({ ok: true });
  });
});

describe('a mark already queued (the shared store away)', () => {
  it('is not made again: the top bar still reads OPEN, and a second r queued a second resolve', () => {
    const folded = fold(chainOf([OPENED]));
    if (!folded.ok) throw new Error(folded.reason);
    expect(markEvent({ type: 'incident.resolved', summary: 'again' }, folded.state, undefined, undefined, undefined, undefined, [{ kind: 'incident.resolved' }])).toEqual({ ok: false, reason: 'resolved already: ⧗ pending, recorded once the shared store is back' });
    expect(markEvent({ type: 'incident.resolved', summary: 'first' }, folded.state, undefined, undefined, undefined, undefined, [{ kind: 'note' }])).toMatchObject({ ok: true });
  });
});
