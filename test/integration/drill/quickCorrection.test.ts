import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/** bad-flag: the wrong rollback, the kill switch `gapMs` of drill time after its rollout, then 6 minutes (a 5m window and a poll); the view then. */
async function correctedAfter(gapMs: number): Promise<{ h: DrillHarness; view: CockpitView }> {
  const h = await openDrill('bad-flag');
  await h.pass(60_000);
  await confirmed(h, { type: 'step.run', step: 'rollback' });
  if (gapMs > 0) await h.pass(gapMs);
  await confirmed(h, { type: 'step.run', step: 'disable-flag' });
  await h.pass(6 * 60_000);
  return { h, view: h.drill.session.view() };
}

/**
 * bad-flag, the wrong rollback corrected quickly (a responder's play-test on payments-api): the kill
 * switch three minutes after the rollback, the 5m burn at 18x between them. The two were "made
 * together, the SLO cannot tell which": the deploys panel said `⊗ :42 bad`, and neither the resolve
 * dialog nor the postmortem said that :41 still ran. Corrected eight minutes later, the same drill
 * read it right (wrongRollbackUndo.test.ts).
 */
describe('a wrong rollback the kill switch followed before a 5m window could judge it', () => {
  let h: DrillHarness;
  let view: CockpitView;

  beforeAll(async () => {
    ({ h, view } = await correctedAfter(2.5 * 60_000));
  }, 120_000);
  afterAll(() => h.cleanup());

  it('clears :42 of the burn, naming the kill switch it stopped after, rather than calling it bad', () => {
    expect(view.slos.data?.[0]?.windows.find((w) => w.window === '5m')?.burnRate).toBeLessThan(1);
    expect(view.deploys.data?.find((row) => row.shortRevision === ':42' && row.knownBad !== undefined)).toMatchObject({ burnOutlivedRollback: true, burnStoppedAfter: 'flags.set act-2' });
  });

  it('says :41 still runs, as an open end, and the advice names the needless rollback', () => {
    expect(view.incident.openEnds?.changes.join('\n')).toMatch(/checkout-api:41 still runs: .*until flags\.set act-2 by tester stopped it: checkout-api:42 is likely not the cause/);
    expect(view.recommendations.map((r) => r.text).join('\n')).toMatch(/the rollback to :41 was likely needless/);
    // Not also "made together: the SLO cannot tell which" beside it (the advice timed it alone, at 6 minutes).
    expect(view.recommendations.map((r) => r.text).join('\n')).not.toMatch(/made together/);
  });
});

/**
 * The same, the kill switch right after the rollback's rollout (a responder's play-test, 1.3 drill
 * minutes apart): too soon for the burn to tell the two apart. The panel said `⊗ :42 bad` beside
 * advice that said "made together: the SLO cannot tell which", and nothing said :41 still ran.
 */
describe('a wrong rollback the kill switch followed at once', () => {
  let h: DrillHarness;
  let view: CockpitView;

  beforeAll(async () => {
    ({ h, view } = await correctedAfter(0));
  }, 120_000);
  afterAll(() => h.cleanup());

  it('does not call :42 bad: the burn stopped after both, and which is not known', () => {
    expect(view.slos.data?.[0]?.windows.find((w) => w.window === '5m')?.burnRate).toBeLessThan(1);
    const row = view.deploys.data?.find((d) => d.shortRevision === ':42' && d.knownBad !== undefined);
    expect(row).toMatchObject({ stoppedTogetherWith: 'flags.set act-2' });
    expect(row?.burnOutlivedRollback).toBeUndefined();
  });

  it('says :41 still runs, as an open end, and that whether :42 was a cause is not known', () => {
    expect(view.incident.openEnds?.changes.join('\n')).toMatch(/checkout-api:41 still runs: .*made together \(the SLO cannot tell which\): whether checkout-api:42 was a cause is not known/);
    expect(view.recommendations.map((r) => r.text).join('\n')).toMatch(/with the rollback to :41 .* ago \(made together: the SLO cannot tell which\)/);
  });

  // A responder's play: the rollback undone, :42 running again and the burn at 0.1x for 14 minutes, and the panel, the
  // resolve dialog and the postmortem still said "made together (the SLO cannot tell which)".
  it('once the rollback is undone and the burn stays stopped, the kill switch stopped it alone', async () => {
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    await h.pass(8 * 60_000);
    const after = h.drill.session.view();
    expect(after.slos.data?.[0]?.windows.find((w) => w.window === '5m')?.burnRate).toBeLessThan(1);
    const changes = after.incident.openEnds?.changes.join('\n') ?? '';
    expect(changes).toMatch(/checkout_v2 serves off .*, and the burn stopped after it/);
    expect(changes).not.toMatch(/made together/);
    expect(after.deploys.data?.find((row) => row.stoppedTogetherWith !== undefined)).toBeUndefined();
  });
});

/**
 * The kill switch and the rollback in the same drill instant, as the autopilot makes them (a new
 * team's CI drill): the report said of each "the burn stopped after it", the rollback's line
 * adding ":42 is the likely cause" beside the scenario's own "Wrong action taken: … fixes nothing".
 */
describe('a kill switch and a rollback made at the same instant', () => {
  let h: DrillHarness;
  let view: CockpitView;

  beforeAll(async () => {
    h = await openDrill('bad-flag');
    await h.pass(60_000);
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.pass(6 * 60_000);
    view = h.drill.session.view();
  }, 120_000);
  afterAll(() => h.cleanup());

  it('says of both that they were made together, and of :42 that whether it was a cause is not known', async () => {
    const started = (await h.events()).filter((e) => e.kind === 'action.started').map((e) => e.at);
    expect(new Set(started).size).toBe(1);
    const changes = view.incident.openEnds?.changes.join('\n') ?? '';
    expect(changes).toMatch(/checkout_v2 serves off .*, and the burn stopped after it and deploys\.rollback act-\d by tester, made together \(the SLO cannot tell which\)/);
    expect(changes).toMatch(/checkout-api:41 still runs: .*made together \(the SLO cannot tell which\): whether checkout-api:42 was a cause is not known/);
    expect(changes).not.toMatch(/likely cause/);
  });
});
