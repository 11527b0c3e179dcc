import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder quit a drill while its recovery check was watched (held 3m of 10m): the log said
 * nothing of it, and the postmortem drew the check's bar whole, from its start to its pass after
 * the resume.
 */
describe('quitting while a recovery check is watched', () => {
  let h: DrillHarness;
  let events: StoredEvent[];

  beforeAll(async () => {
    h = await openDrill('bad-deploy');
    await h.pass(60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.pass(6 * 60_000);
    expect(await h.drill.session.dispatch({ type: 'step.run', step: 'burn-normal' })).toEqual({ ok: true });
    await h.pass(3 * 60_000);
    await h.drill.session.stopWork();
    events = await h.events();
  }, 120_000);
  afterAll(() => h.cleanup());

  it('says so on the log, by the cockpit, with how long it had held', () => {
    const notes = events.filter((e) => e.kind === 'note' && e.actor === 'cockpit').map((e) => (e.data as { text: string }).text);
    expect(notes.filter((text) => text.includes('recovery check'))).toEqual([expect.stringMatching(/^The cockpit closed while recovery check 5\. Burn under 1x for 10m was watched \(held \d+m(\d+s)? of 10m\): not passed; it is watched again when the incident is opened again$/)]);
    expect(events.some((e) => e.kind === 'verify.passed' && (e.data as { step?: string }).step === 'burn-normal')).toBe(false);
  });
});
