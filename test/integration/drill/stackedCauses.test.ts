import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDrillReport } from '../../../src/core/drillReportText';
import type { CockpitView } from '../../../src/session/viewModel';
import { openDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf, section } from '../../support/postmortemHarness';

/**
 * Two causes stacked (a responder's drill found the screen contradicting itself): checkout-api:42
 * at 8% errors, and the runbook's kill switch, turned first, adding 10% (the old path is broken by
 * :42 too). The rollback takes the build's part away and the burn goes on at the flag's. The
 * screen, the drill report and the postmortem must name both: the rollback helped, and the burn
 * rose after the kill switch. They said "no deploy or flag change in the 2h before the burn was
 * seen", ":42 likely not the cause", and "roll forward?" (which puts the bad build back).
 */
const FILE = 'test/fixtures/scenarios/stacked-causes.yaml';

/** Enter on a step, and its confirmation confirmed (typed where asked), as a responder does; then until it ran. Returns the confirmation. */
async function act(h: DrillHarness, step: string): Promise<NonNullable<CockpitView['confirmation']>> {
  const { session } = h.drill;
  void session.dispatch({ type: 'step.run', step });
  await h.until((v) => v.confirmation !== undefined, 60_000);
  const confirmation = session.view().confirmation!;
  expect(await session.dispatch({ type: 'confirm', action: confirmation.action, typed: confirmation.typeToConfirm })).toEqual({ ok: true });
  await h.until((v) => v.running.length === 0, 10 * 60_000);
  return confirmation;
}

const recommendation = (view: CockpitView) => view.recommendations.find((r) => r.slo === 'availability');

describe('a drill of two stacked causes: a bad build, and a kill switch that made it worse', () => {
  let h: DrillHarness;
  /** The views every drill minute, from the rollback on, until the page fired. */
  const afterRollback: CockpitView[] = [];
  let afterFlag: CockpitView;
  let rollbackAsked: NonNullable<CockpitView['confirmation']>;

  beforeAll(async () => {
    h = await openDrill(FILE, { scenarioText: readFileSync(FILE, 'utf8') });
    await h.pass(90_000);
    await act(h, 'disable-flag');
    await h.pass(8 * 60_000);
    afterFlag = h.drill.session.view();
    rollbackAsked = await act(h, 'rollback');
    const paged = (v: CockpitView) => recommendation(v)?.evidence.some((line) => /\(trigger > [\d.]+\), fired/.test(line)) === true;
    for (let minute = 0; minute < 60 && !paged(h.drill.session.view()); minute += 1) {
      await h.pass(60_000);
      afterRollback.push(h.drill.session.view());
    }
  }, 120_000);
  afterAll(() => h.cleanup());

  // The screen said nothing, then "Not paged yet: Rollback recommended", the kill switch named only in
  // an evidence line that 100 columns did not draw.
  it('says the kill switch made it worse, in its headline, before the page', () => {
    const rec = recommendation(afterFlag);
    expect(rec?.kind).toBe('made-worse');
    // The build the burn began with stays named.
    expect(rec?.evidence).toContainEqual(expect.stringMatching(/^checkout-api:42 deployed \d+m ago, 6m before the burn was seen$/));
    // Rolling back the build the burn began with is the other half of the way out: not warned against.
    expect(rollbackAsked.recommendedInstead).toBeUndefined();
    expect(rec?.text).toMatch(/^checkout_v2 set to off \dm ago, and the burn rose \(5m 1\d\.\dx before it, 5m 3\d\.\dx now\): that change made it worse, the likely cause of the rise; undo it: set checkout_v2 back$/);
  });

  it('says the rollback took its part away, and names the kill switch as the other cause, every minute to the page', () => {
    const goneOn = afterRollback.filter((v) => recommendation(v)?.kind === 'not-recovering');
    expect(goneOn.length).toBeGreaterThan(10);
    for (const view of goneOn) {
      const rec = recommendation(view)!;
      expect(rec.text).toMatch(/^Rolled back to :41 \d+m ago: the burn fell \(5m 3\d\.\dx before it, (19|2\d)\.\dx now\) but goes on: another cause, likely checkout_v2 set to off \d+m ago, after which the burn rose \(5m 1\d\.\dx → 3\d\.\dx\)$/);
      // The build the burn began after stays named (it read "no deploy or flag change in the 2h …" some minutes).
      expect(rec.evidence).toContainEqual(expect.stringMatching(/^checkout-api:42 deployed \d+m ago, \d+m before the (burn was seen|first change made on it \(checkout_v2 set to off\))$/));
      expect(rec.evidence.join('\n')).not.toContain('no deploy or flag change');
    }
    // The page fired at last, dated after the kill switch: the build is still its cause.
    const paged = recommendation(afterRollback.at(-1)!)!;
    expect(paged.evidence).toContainEqual(expect.stringMatching(/^availability burning [\d.]+x on 1h and [\d.]+x on 5m \(trigger > 14\.4\), fired/));
    // Dated against what came first, the kill switch: "7m before the trigger fired" stood beside "FIRED 1m ago".
    expect(paged.evidence).toContainEqual(expect.stringMatching(/^checkout-api:42 deployed \d+m ago, 7m before the first change made on it \(checkout_v2 set to off\)$/));
    // The build rolled back from is bad, not "likely not the cause", and nothing says to put it back.
    const last = afterRollback.at(-1)!;
    expect(last.deploys.data?.find((d) => d.shortRevision === ':42')).toMatchObject({ knownBad: expect.stringMatching(/^rolled back to checkout-api:41 by tester/) });
    expect(last.deploys.data?.find((d) => d.shortRevision === ':42')?.burnOutlivedRollback).toBeUndefined();
    expect(last.incident.openEnds?.changes.join('\n')).not.toMatch(/likely not the cause|roll forward/);
    // No row points at a further rollback while the kill switch is named as the cause left ("↩ again :40").
    expect(last.deploys.data?.filter((d) => d.rollbackTarget)).toEqual([]);
  });

  it('the drill report and the postmortem say the same: the rollback helped, no roll forward', async () => {
    const scored = await h.drill.score();
    const report = formatDrillReport(scored, 160);
    expect(report).not.toMatch(/likely not the cause|roll forward/);
    // The kill switch left in place is named as what it is: a cause the burn rose after.
    expect(scored.findings.join('\n')).toMatch(/Left changed \(a follow-up, no penalty\): checkout_v2 serves off since 02:31 UTC \(was on; flags\.set act-1 by tester\), and the burn rose after it \(5m 1\d\.\dx → 3\d\.\dx\): undo it \(set checkout_v2 back to on\)/);
    const { md } = await exportsOf(h);
    expect(section(md, 'Actions')).toMatch(/— `deploys\.rollback` \(succeeded; the burn fell after it, and went on\)/);
    expect(section(md, 'Actions')).toMatch(/— `flags\.set` \(succeeded; the burn rose after it \(5m 1\d\.\dx → 3\d\.\dx\)\)/);
    expect(md).not.toMatch(/likely not the cause|roll forward/);
  });

  // The rollback step again offered :41 → :40 as ✓ SAFE, no word that it was not the advice.
  it('a further rollback is said not to be the recommended change while the kill switch is named as the cause left', async () => {
    const { session } = h.drill;
    void session.dispatch({ type: 'step.run', step: 'rollback' });
    await h.until((v) => v.confirmation !== undefined, 60_000);
    const confirmation = session.view().confirmation!;
    expect(confirmation.summary).toMatch(/from checkout-api:41 to checkout-api:40/);
    expect(confirmation.recommendedInstead).toMatch(/another cause, likely checkout_v2 set to off/);
    await session.dispatch({ type: 'cancel', action: confirmation.action });
  });
});
