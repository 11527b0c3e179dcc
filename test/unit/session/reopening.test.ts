import { describe, expect, it } from 'vitest';
import { reopenedNote } from '../../../src/session/reopening';

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
});
