import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/core/incident';
import type { IncidentSummary } from '../../../src/core/summary';
import { reopenedNote, resumedNotice, wroteBefore } from '../../../src/session/reopening';
import { chainOf, OPENED } from '../core/chainOf';

describe('the note an incident opened again records', () => {
  it('dates the last event from the log', () => {
    expect(reopenedNote('alice', '2026-11-22T02:30:17.000Z').data).toEqual({ text: "alice's cockpit opened the incident again (the incident's last event was at 02:30:17 UTC)", tag: 'reopened' });
  });

  it('counts events an earlier cockpit left queued on this machine, uploaded after it (the store was down when it died)', () => {
    const queued = [{ at: '2026-11-22T02:34:02.000Z' }, { at: '2026-11-22T02:35:40.000Z' }];
    expect(reopenedNote('alice', '2026-11-22T02:30:17.000Z', queued).data).toMatchObject({ text: "alice's cockpit opened the incident again (the incident's last event was at 02:35:40 UTC)" });
    // An event of another cockpit recorded since, later than anything queued here.
    expect(reopenedNote('alice', '2026-11-22T02:40:00.000Z', queued).data).toMatchObject({ text: expect.stringContaining('at 02:40:00 UTC') });
  });

  it("says a teammate's first look joins the incident: it read as a crash recovered", () => {
    expect(reopenedNote('carol', '2026-11-22T02:30:17.000Z', [], true).data).toMatchObject({ text: "carol's cockpit joined the incident (the incident's last event was at 02:30:17 UTC)" });
    const folded = fold(chainOf([OPENED, { kind: 'action.planned', data: { action: 'act-1', name: 'flags.set', summary: 's', calls: [] }, actor: 'bob' }]));
    if (!folded.ok) throw new Error(folded.reason);
    expect(['alice', 'bob', 'carol'].map((who) => wroteBefore(folded.state, who))).toEqual([true, true, false]);
  });
});

describe('the notice of an incident resumed', () => {
  // "opened 16s ago" stood still beside the header's "open 1m".
  it('says when it was opened as a clock time, with the day when not today', () => {
    const summary = { id: 'inc-1', openedAt: '2026-11-22T02:31:07.000Z' } as IncidentSummary;
    expect(resumedNotice(summary, false, new Date('2026-11-22T02:45:00.000Z'))).toBe('resumed incident inc-1 opened 02:31 UTC; --new to start another');
    expect(resumedNotice(summary, true, new Date('2026-11-23T01:00:00.000Z'))).toBe('watching incident inc-1 opened 02:31 UTC on 2026-11-22');
  });
});
