import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

// A team's rig: the provider's clock ran 15 days behind; the postmortem read `Done: 2026-11-22 02:31:41 UTC by the
// provider's record — took 0s from start`, and a Gantt bar that ended before it began.
describe("a provider's completion time from before the change was made", () => {
  it('is not taken as when the change took effect', async () => {
    const world = new TestWorld();
    world.rollbackVerifyMs = 3 * 60_000;
    world.rollbackCompletedAt = '2026-11-07T02:31:41.000Z';
    harness = await openHarness({ world, autopilot: true });
    const run = harness.session.runStep('rollback');
    await harness.advance(4 * 60_000);
    await run;
    const passed = (await harness.events()).filter((e) => e.kind === 'verify.passed');
    expect(passed).toHaveLength(1);
    expect(passed[0]!.data).not.toHaveProperty('doneAt');
  });
});
