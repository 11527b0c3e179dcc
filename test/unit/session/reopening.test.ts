import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/core/incident';
import { reopenedNote, wroteBefore } from '../../../src/session/reopening';
import { chainOf, OPENED } from '../core/chainOf';

describe('the note an incident opened again records', () => {
  it('dates the last event from the log', () => {
    expect(reopenedNote('alice', '2026-11-22T02:30:17.000Z').data).toEqual({ text: "alice's cockpit opened the incident again (its last event was at 02:30:17 UTC)", tag: 'reopened' });
  });

  it('counts events an earlier cockpit left queued on this machine, uploaded after it (the store was down when it died)', () => {
    const queued = [{ at: '2026-11-22T02:34:02.000Z' }, { at: '2026-11-22T02:35:40.000Z' }];
    expect(reopenedNote('alice', '2026-11-22T02:30:17.000Z', queued).data).toMatchObject({ text: "alice's cockpit opened the incident again (its last event was at 02:35:40 UTC)" });
    // An event of another cockpit recorded since, later than anything queued here.
    expect(reopenedNote('alice', '2026-11-22T02:40:00.000Z', queued).data).toMatchObject({ text: expect.stringContaining('at 02:40:00 UTC') });
  });

  it("says a teammate's first look joins the incident: it read as a crash recovered", () => {
    expect(reopenedNote('carol', '2026-11-22T02:30:17.000Z', [], true).data).toMatchObject({ text: "carol's cockpit joined the incident (its last event was at 02:30:17 UTC)" });
    const folded = fold(chainOf([OPENED, { kind: 'action.planned', data: { action: 'act-1', name: 'flags.set', summary: 's', calls: [] }, actor: 'bob' }]));
    if (!folded.ok) throw new Error(folded.reason);
    expect(['alice', 'bob', 'carol'].map((who) => wroteBefore(folded.state, who))).toEqual([true, true, false]);
  });
});
