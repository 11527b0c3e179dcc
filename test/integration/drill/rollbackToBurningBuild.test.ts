import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

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
    await h.until(() => false, 60_000);
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
});
