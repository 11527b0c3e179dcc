import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDrillReport } from '../../../src/core/drillReportText';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf, section } from '../../support/postmortemHarness';

/**
 * Two bad builds broken at once (a responder's drill): checkout-api:43, deployed 8m before, and
 * :42, whose payment client broke at the same moment. The first rollback (:43 → :42) leaves the
 * burn going, the second (:42 → :41) stops it. After it, the deploys panel still read `↶ :43 likely
 * not the cause: the burn went on after it`: the burn that went on was :42's, which says nothing
 * either way of :43 — and "likely not the cause" of a build that broke the card form invites
 * putting it back.
 */
const FILE = 'test/fixtures/scenarios/two-bad-builds.yaml';

const row = (view: CockpitView, short: string) => view.deploys.data?.find((d) => d.shortRevision === short && d.knownBad !== undefined);

describe('a drill of two bad builds: the first rollback leaves the burn going, the second stops it', () => {
  let h: DrillHarness;
  let betweenRollbacks: CockpitView;
  let recovered: CockpitView;

  beforeAll(async () => {
    h = await openDrill(FILE, { scenarioText: readFileSync(FILE, 'utf8') });
    await h.pass(90_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.pass(8 * 60_000);
    betweenRollbacks = h.drill.session.view();
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.pass(10 * 60_000);
    recovered = h.drill.session.view();
  }, 120_000);
  afterAll(() => h.cleanup());

  it('between the rollbacks, the burn went on after :43 was rolled back from: not the cause, or :42 as bad', () => {
    expect(row(betweenRollbacks, ':43')).toMatchObject({ burnOutlivedRollback: true });
    // Either :43 was not the cause, or :42 breaks as it did: it said "look for another cause" alone.
    expect(betweenRollbacks.recommendations[0]?.text).toMatch(/^Rolled back to :42 \d+m ago, but the burn goes on \(5m [\d.]+x .\): look for another cause, or :42 is as bad \(roll back further\?\)$/);
  });

  it('once the second rollback stopped the burn, :43 is not shown either way, and :42 is bad', () => {
    expect(recovered.slos.data?.[0]?.windows.find((w) => w.window === '5m')?.burnRate).toBeLessThan(1);
    const left = row(recovered, ':43')!;
    expect(left.burnOutlivedRollback).toBeUndefined();
    expect(left.burnWentOnUnder).toBe('under checkout-api:42, bad too');
    expect(left.knownBad).toMatch(/^rolled back to checkout-api:42 by tester/);
    expect(row(recovered, ':42')).toMatchObject({ knownBad: expect.stringMatching(/^rolled back to checkout-api:41 by tester/) });
    expect(row(recovered, ':42')?.burnWentOnUnder).toBeUndefined();
    expect(recovered.incident.openEnds?.changes.join('\n') ?? '').not.toMatch(/likely not the cause|roll forward/);
    // What is left changed names :43 too, neither cleared nor blamed: it read ":42 is the likely cause" alone (helper-141's B2).
    expect(recovered.incident.openEnds?.changes).toContainEqual(
      expect.stringMatching(/^checkout-api:43 was rolled back from too \(deploys\.rollback act-1 by tester at \d\d:\d\d UTC\): whether it was a cause is not known, as the burn went on under checkout-api:42, bad too: check it before it is deployed again$/),
    );
    // No page fired: the advice still says what stopped the burn, and to mark it (the line went blank).
    expect(recovered.recommendations[0]?.text).toMatch(/^Rolled back to :41 \d+m ago: the burn has stopped \(5m 0\.\dx\) · m mitigated; the 1h window still holds the outage/);
  });

  // Marked mitigated, nothing burning, no advice: the kill switch read "✓ SAFE" with no word (run, it brought the burn back).
  it('a change confirmed once the incident is mitigated says nothing calls for it', async () => {
    const { session } = h.drill;
    expect(await session.dispatch({ type: 'incident.mitigated' })).toEqual({ ok: true });
    void session.dispatch({ type: 'step.run', step: 'disable-flag' });
    await h.until((v) => v.confirmation !== undefined, 60_000);
    const confirmation = session.view().confirmation!;
    expect(confirmation.recommendedInstead).toBe('the incident is marked mitigated, and nothing burns: no change is called for');
    await session.dispatch({ type: 'cancel', action: confirmation.action });
  });

  it('the drill report and the postmortem never call :43 likely not the cause, nor say to roll forward', async () => {
    const scored = await h.drill.score();
    expect(formatDrillReport(scored, 160)).not.toMatch(/likely not the cause|roll forward/);
    // No recovery check ran: the rollback credited is the one the burn stopped after, not the first (it read "2m56s … met").
    expect(scored.findings).toContainEqual(expect.stringMatching(/the mitigation is act-2's, the newest \(no recovery check passed\)\.$/));
    const { md } = await exportsOf(h);
    const actions = section(md, 'Actions');
    expect(actions).toMatch(/from checkout-api:43 to checkout-api:42.* — `deploys\.rollback` \(succeeded; the burn went on after it, under checkout-api:42, bad too\)/);
    expect(actions).toContain('- Whether checkout-api:43 was a cause is not known: the burn went on under checkout-api:42, bad too, and fell after act-2');
    expect(actions).toMatch(/from checkout-api:42 to checkout-api:41.* — `deploys\.rollback` \(succeeded; the burn stopped after it\)/);
    expect(md).toMatch(/^\| Left changed \(as last seen\) \| .*checkout-api:42 is the likely cause.*; checkout-api:43 was rolled back from too /m);
    expect(md).not.toMatch(/likely not the cause|roll forward/);
  });
});
