import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf, section } from '../../support/postmortemHarness';

/**
 * A responder's drill: :41 broken an hour ago by the card processor's new API, :42 deployed since
 * (and better). The screen said no change explains the burn, it began before :42; the rollback to
 * :41, the build that ran as the burn began, was offered as "✓ SAFE" with no other word.
 */
const FILE = 'test/fixtures/scenarios/rollback-worse.yaml';

describe('a rollback while no change explains the burn', () => {
  let h: DrillHarness;
  beforeAll(async () => {
    h = await openDrill(FILE, { scenarioText: readFileSync(FILE, 'utf8') });
    await h.pass(60_000);
  }, 60_000);
  afterAll(() => h.cleanup());

  it('its confirmation says it is not the recommended change, and why', async () => {
    const { session } = h.drill;
    // The build a rollback goes back to ran as the burn began: said in the headline the dialog repeats.
    expect(session.view().recommendations[0]?.text).toMatch(/^No recent change explains the burn: no deploy or flag change in the 2h before the burn began \(by \d\d:\d\dZ, from its windows\); :41, the rollback's target, ran then$/);
    void session.dispatch({ type: 'step.run', step: 'rollback' });
    await h.until((v) => v.confirmation !== undefined, 60_000);
    const confirmation = session.view().confirmation!;
    expect(confirmation.summary).toMatch(/from checkout-api:42 to checkout-api:41/);
    expect(confirmation.recommendedInstead).toMatch(/^No recent change explains the burn: no deploy or flag change in the 2h before the burn began .*; :41, the rollback's target, ran then$/);
    await session.dispatch({ type: 'cancel', action: confirmation.action });
  });

  // The postmortem put the start at 01:01 "give or take 5m" from the 6h window read at the last 5m's
  // rate; the hour before the opening was fuller than those 5 minutes (:42 had cut 60x to 16x).
  it("the postmortem dates the impact from the hour fuller than the last 5 minutes: :41's break at 01:30", async () => {
    const { md } = await exportsOf(h);
    expect(section(md, 'Summary')).toMatch(/\| Impact began \| 2026-11-22 01:(29|30|31):00 UTC, give or take \dm/);
  });
});
