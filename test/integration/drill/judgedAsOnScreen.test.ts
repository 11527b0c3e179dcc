import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentExport } from '../../../src/core/exportJson';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed, declined, twoChanges } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf, section } from '../../support/postmortemHarness';

/**
 * bad-deploy, the kill switch first and the rollback 100 s after it (helper-121, helper-123): the screen polls the SLO
 * every 30 s and judged the kill switch on the reading just before the rollback ("likely did not help"); the timeline
 * records the SLO once a minute, had no reading between 90 s after the kill switch and the rollback, and the postmortem
 * and the JSON export said nothing of it. Every reading is recorded while a change is being judged.
 */
describe('a kill switch the burn went on after for 100 s, then the rollback', () => {
  let h: DrillHarness;
  let undo: NonNullable<CockpitView['confirmation']>;
  let md: string;
  let json: IncidentExport;

  beforeAll(async () => {
    h = await openDrill('bad-deploy');
    await twoChanges(h, 'disable-flag', 100_000, 'rollback', 8 * 60_000);
    undo = await declined(h, { type: 'action.undo', action: 'act-1' });
    ({ md, json } = await exportsOf(h));
  }, 120_000);
  afterAll(() => h.cleanup());

  it('the screen judges the kill switch needless', () => {
    expect(undo.cleanUp).toMatch(/^checkout_v2 set to off by flags\.set act-1 by tester: the burn went on after it until deploys\.rollback act-2 by tester stopped it, so it likely did not help$/);
  });

  it('the postmortem and the JSON export say so too', () => {
    expect(section(md, 'Summary')).toMatch(/\| Left changed \(as last seen\) \| checkout_v2 serves off since \d\d:\d\d UTC \(was on; [^)]*\), and the burn went on after it: it likely did not help \(set checkout_v2 back to on\?\)/);
    expect(json.openEnds.changes).toContainEqual(expect.stringMatching(/^checkout_v2 serves off since .*, and the burn went on after it: it likely did not help \(set checkout_v2 back to on\?\)$/));
  });

  it('the last reading before the rollback is on the log, which keeps its time order', async () => {
    const events = await h.events();
    const started = events.find((e) => e.kind === 'action.started' && e.data.action === 'act-2')!;
    const readings = events.filter((e) => e.kind === 'slo.observed' && e.data.windowMs === 300_000);
    const last = readings.filter((e) => e.seq < started.seq).at(-1)!;
    expect(Date.parse(started.at) - Date.parse(last.at)).toBeLessThanOrEqual(30_000);
    // Stamped as they were read, in order (one stamped at its reading's time after the confirmation read "recorded late").
    const times = events.map((e) => e.at);
    expect(times).toEqual([...times].sort());
  });
});

// A responder's play-test: the kill switch, then quit seconds later. A rollback so left reads "whether the burn stopped
// after it is not known (… from 02:37 UTC)"; the kill switch read as a bare change in the drill report and the postmortem.
describe('a kill switch the cockpit quit before the burn could judge it', () => {
  let h: DrillHarness;
  let md: string;
  let json: IncidentExport;

  beforeAll(async () => {
    h = await openDrill('bad-flag');
    await h.pass(60_000);
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.pass(10_000);
    ({ md, json } = await exportsOf(h));
  }, 120_000);
  afterAll(() => h.cleanup());

  it('says whether the burn stopped after it is not known yet, and from when it is', () => {
    const not = /checkout_v2 serves off since \d\d:\d\d UTC \(was on; [^)]*\); whether the burn stopped after it is not known \(the 5m burn tells a window after it, from \d\d:\d\d UTC\)/;
    expect(section(md, 'Summary')).toMatch(not);
    expect(json.openEnds.changes).toContainEqual(expect.stringMatching(not));
  });
});
