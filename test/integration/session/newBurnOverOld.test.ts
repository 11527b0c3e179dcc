import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shortBurnsOf } from '../../../src/core/afterTheStop';
import { fold } from '../../../src/core/incident';
import { ManualClock } from '../../../src/plugins/clock';
import { createExec } from '../../../src/plugins/exec';
import { takeSnapshot } from '../../../src/session/statusSnapshot';
import { deploy, TestWorld } from '../../support/testWorld';
import { CHECKOUT_RUNBOOK, loadCheckout, openHarness, quietLog, START, type Harness } from '../../support/sessionHarness';

const MIN = 60_000;

/**
 * helper-139's real rig: an incident opened 4 minutes after one resolved while its window drained, on a new bad deploy
 * made 87 s before. Its 6h/30m trigger fired at the first look on the first incident's errors (the data 40 minutes old,
 * 30m 24.7x, the 5m 7.3x), then the 5m rose with the new burn. The windows dated the burn 38 minutes back, into the first
 * one: the new deploy was "after the burn had begun", and the advice read "no deploy or flag change in the 12h before".
 */
describe('a new burn seen through windows that still hold an older one', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.cleanup();
    harness = undefined;
  });

  it('is dated from its own rise: the deploy just before it is the likely cause', async () => {
    const world = new TestWorld();
    world.deploys = [{ ...deploy('d-43', 'checkout-api:43', 'successful', true), startedAt: new Date(START - 87_000).toISOString() }, deploy('d-42', 'checkout-api:42', 'successful', false)];
    world.dataSince = () => START - 40 * MIN;
    // The older burn fills every window over the data; the 5m one holds the new burn, rising 4% a minute from 3.6%.
    world.ratio = (_slo, windowMs, at) => (windowMs === 5 * MIN ? Math.min(0.2, 0.036 + (0.041 * (at.getTime() - START)) / MIN) : windowMs === 30 * MIN ? 0.123 : 0.129);
    harness = await openHarness({ world });
    await harness.advance(2 * MIN);
    const [advice] = harness.session.view().recommendations;
    expect(advice).toMatchObject({ kind: 'rollback', text: expect.stringMatching(/^Rollback recommended: checkout-api:43 deployed/) });
    // `cockpit status` reads the open incident's timeline as its cockpit does: the same advice.
    const events = await harness.events();
    const folded = fold(events);
    if (!folded.ok) throw new Error(folded.reason);
    const snapshot = await takeSnapshot({ runbook: await loadCheckout(), baseDir: dirname(CHECKOUT_RUNBOOK), plugins: world.plugins(), environment: 'production', defaultEnvironment: true, clock: new ManualClock(harness.clock.now().getTime()), log: quietLog, exec: createExec(), signal: AbortSignal.timeout(30_000), openIncident: folded.state, openBurns: shortBurnsOf(events) });
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.value.recommendations[0]).toMatchObject({ kind: 'rollback', text: expect.stringMatching(/^Rollback recommended: checkout-api:43 deployed/) });
  });
});
