import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('a burn at a page\'s pace before any trigger fired', () => {
  // A real rig (Q): 8% errors from dave's deploy on, the cockpit opened 2 minutes later; for the
  // 54 minutes a 1h/5m trigger takes at that pace, `▲ BURNING … 5m 14.0x` stood with no recommendation.
  it('gets the recommendation its evidence supports, said to be ahead of the page', async () => {
    const world = new TestWorld();
    world.deploys = world.deploys.map((d) => ({ ...d, startedAt: d.revision.endsWith(':42') ? '2026-11-22T01:52:00.000Z' : '2026-11-21T01:00:00.000Z' }));
    // 7 minutes of 7% errors (14x, under the 14.4x a page needs): the 5m window full, the 1h one 1.8x.
    const lasted = 7 * 60_000;
    world.ratio = (_slo, windowMs) => 0.001 + 0.069 * Math.min(1, lasted / windowMs);
    harness = await openHarness({ world });
    const { session } = harness;
    await harness.advance(30_000);
    const view = session.view();
    expect(await harness.kinds()).not.toContain('trigger.fired');
    const [advice] = view.recommendations;
    expect(advice?.text).toMatch(/^Not paged yet: Rollback recommended: checkout-api:42 deployed 8m before the burn was seen; target :41/);
    expect(advice?.evidence).toContain('availability burning 14.0x on 5m, 1.8x on 1h: no trigger has fired (it pages at 14.4x on both)');
    // Minutes later it still dates the deploy against when the cockpit first saw the burn (a drill
    // read "deployed 9m before the burn was seen", then "26m before", against the time now).
    await harness.advance(5 * 60_000);
    expect(session.view().recommendations[0]?.text).toMatch(/^Not paged yet: Rollback recommended: checkout-api:42 deployed 8m before the burn was seen;/);
  });
});
