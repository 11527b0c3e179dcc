import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * helper-139's real rig: the log held the 5m burn once a minute, so a rollback made 59 s after the opening had one reading
 * before it there (10.8x, of a window still filling; 17.1x on the screen by then), and everything rebuilt from the log (a
 * resumed cockpit, the resolve dialog, the postmortem) read the window's own rise as "the rollback made it worse". The
 * reading a change is made at goes on the timeline just before it.
 */
describe('the 5m reading a rollback is made at, on the log', () => {
  let h: DrillHarness;
  let events: readonly StoredEvent[];

  beforeAll(async () => {
    h = await openDrill('bad-deploy');
    await h.pass(40_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    events = await h.events();
  }, 120_000);
  afterAll(() => h.cleanup());

  it('is the last reading before its start, the screen’s latest, not the opening’s', () => {
    const started = events.find((e) => e.kind === 'action.started')!;
    const readings = events.filter((e) => e.kind === 'slo.observed' && e.data.windowMs === 300_000 && e.seq < started.seq);
    expect(readings.length).toBeGreaterThanOrEqual(2);
    expect(Date.parse(started.at) - Date.parse(readings.at(-1)!.at)).toBeLessThan(5_000);
    expect(Date.parse(readings.at(-1)!.at) - Date.parse(readings.at(-2)!.at)).toBeGreaterThanOrEqual(20_000);
  });
});
