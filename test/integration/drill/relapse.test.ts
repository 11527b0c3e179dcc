import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf, section } from '../../support/postmortemHarness';

/**
 * A responder's drill of two stacked causes: the rollback stopped the burn, the kill switch turned
 * afterwards (adding 10%) brought it back, and its undo stopped it again. The postmortem said the
 * burn stopped "after flags.set (act-2)" — the change that brought it back — the undo left out.
 */
const FILE = 'test/fixtures/scenarios/stacked-causes.yaml';

describe('a burn stopped, brought back by a later change, and stopped again by its undo', () => {
  let h: DrillHarness;
  let draining: CockpitView;
  let relapsed: CockpitView;

  beforeAll(async () => {
    h = await openDrill(FILE, { scenarioText: readFileSync(FILE, 'utf8') });
    await h.pass(90_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.pass(2 * 60_000);
    expect(await h.drill.session.dispatch({ type: 'step.run', step: 'burn-normal' })).toEqual({ ok: true });
    await h.until((v) => v.steps.find((s) => s.id === 'burn-normal')?.status === 'done', 30 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.pass(8 * 60_000);
    relapsed = h.drill.session.view();
    await confirmed(h, { type: 'action.undo', action: 'act-2' });
    await h.pass(90_000);
    draining = h.drill.session.view();
    await h.pass(10 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  // The check kept its ✓ while the burn was back at 20x, and Enter on it said "already done".
  it('the recovery check the burn came back after says so, and may be run again', () => {
    expect(relapsed.steps.find((s) => s.id === 'burn-normal')).toMatchObject({ status: 'done', detail: expect.stringMatching(/^the burn came back at \d\d:\d\dZ after it passed \(5m \d+\.\dx\): Enter checks it again$/) });
  });

  // A minute after the undo that ended the relapse it read "Rolled back to :41 33m ago, but the burn goes on … look for another cause".
  it('waits on the undo while the burn drains, not on the rollback', () => {
    const text = draining.recommendations[0]?.text ?? '';
    expect(text).toMatch(/^checkout_v2 set back to on \dm ago, waiting for the burn to fall \(5m \d+\.\dx\): it had stopped \(5m 0\.\dx\) before the change it undid$/);
    expect(text).not.toMatch(/another cause/);
  });

  // It read "RECOVERED · Recovery checks passed · Recovery: 17m33s (met)".
  it('the drill report says the burn came back after the recovery checks passed, and times no recovery by them', async () => {
    const report = await h.drill.score();
    expect(report.findings).toContainEqual(expect.stringMatching(/^Recovery checks passed, then the burn came back at \d\d:\d\d:\d\d UTC \(5m \d+\.\dx\), and they were not run again\.$/));
    expect(report.findings).toContainEqual(expect.stringMatching(/^Recovery: not confirmed, the burn came back after the checks passed/));
    expect(report.recoveryChecksPassed).toBe(false);
  });

  it('the postmortem says the burn stopped after the undo, not after the change that brought it back', async () => {
    const { md } = await exportsOf(h);
    const mitigated = section(md, 'Summary').split('\n').find((line) => line.startsWith('| Mitigated |')) ?? '';
    // The whole story: the first stop, what brought it back, and the undo that stopped it again (the Summary had credited
    // the last change alone, the stop the rollback made unsaid).
    expect(mitigated).toMatch(/the burn first stopped at [^,]*, after deploys\.rollback \(act-1\), came back at [^,]*, after flags\.set \(act-2\), and stopped again at .*, after flags\.set \(act-3, the undo of act-2\) \|$/);
    // The change that brought it back says so (it read "(succeeded)" alone).
    expect(section(md, 'Actions')).toMatch(/### 2\. Set checkout_v2 to off .* — `flags\.set` \(succeeded; the burn had stopped, and came back after it\)/);
  });

  // Its Detection table and chart had one stop, and one impact block over the minutes the burn had stopped.
  it('the postmortem times the first stop and the return, and draws the impact in two parts', async () => {
    const { md } = await exportsOf(h);
    const rows = section(md, 'Detection and response').split('\n').filter((line) => line.startsWith('| Burn')).map((line) => line.split(' | ')[0]);
    expect(rows).toEqual(['| Burn stopped (5m window under 1x), then came back', '| Burn came back (5m window over 1x)', '| Burn stopped (5m window under 1x)']);
    const chart = section(md, 'Timeline chart');
    expect(chart.match(/^ {4}Impact( again)? :crit/gm)).toEqual(['    Impact :crit', '    Impact again :crit']);
  });

  it('run again once the burn stopped, the check confirms the recovery', async () => {
    const { session } = h.drill;
    expect(await session.dispatch({ type: 'step.run', step: 'burn-normal' })).toEqual({ ok: true });
    await h.until((v) => v.steps.find((s) => s.id === 'burn-normal')?.status === 'running', 60_000);
    await h.until((v) => v.steps.find((s) => s.id === 'burn-normal')?.status === 'done', 30 * 60_000);
    expect(h.drill.session.view().steps.find((s) => s.id === 'burn-normal')?.detail).toBeUndefined();
    const passes = (await h.events()).filter((e) => e.kind === 'verify.passed' && e.data.step === 'burn-normal');
    expect(passes).toHaveLength(2);
  });
});
