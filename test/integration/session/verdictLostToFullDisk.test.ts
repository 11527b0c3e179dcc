import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../support/sessionHarness';
import { canMountTmpfs, mountSmallDisk, type SmallDisk } from '../../support/tmpfs';
import { TestWorld } from '../../support/testWorld';

let harness: Harness | undefined;
let disk: SmallDisk | undefined;
afterEach(async () => {
  await disk?.freeSpace().catch(() => undefined);
  await harness?.cleanup();
  await disk?.unmount();
  harness = undefined;
  disk = undefined;
});

// A hostile play-test: the disk filled while the rollback was verified; its pass could not be recorded, and once space
// was back the step stayed `○ to do … not started`, Enter answering `act-2 is being verified in root's cockpit` of a
// change nobody verified any more.
describe.skipIf(!canMountTmpfs('verdictLostToFullDisk.test.ts'))("a rollback whose check's verdict a full disk took (real tmpfs)", () => {
  it('is checked again by Enter once space is back, not refused as another cockpit\'s', { timeout: 60_000 }, async () => {
    disk = await mountSmallDisk('512k');
    const world = new TestWorld();
    world.rollbackVerifyMs = 2 * 60_000;
    harness = await openHarness({ world, dataDir: disk.path, autopilot: true });
    const { session } = harness;
    // Its verdict cannot be written: the run ends in that error.
    const run = session.runStep('rollback').catch(() => 'not recorded');
    await session.until((v) => v.running.some((a) => a.phase === 'verifying'), { timeoutMs: 60_000 });
    await disk.fillLeaving(0);
    // The log's last page has room left: notes take it, until one is refused.
    for (let i = 0; i < 20; i += 1) {
      const noted = await session.dispatch({ type: 'note', text: `filling ${i} ${'x'.repeat(900)}` }).catch(() => ({ ok: false }));
      if (!noted.ok) break;
    }
    await harness.clock.advance(3 * 60_000);
    await run;
    await session.until((v) => v.running.length === 0, { timeoutMs: 60_000 });
    expect((await harness.events()).some((e) => e.kind === 'verify.passed')).toBe(false);
    await disk.freeSpace();
    expect(await session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    await harness.advance(3 * 60_000);
    await session.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done', { timeoutMs: 60_000 });
    const kinds = (await harness.events()).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'action.planned')).toHaveLength(1);
    expect(kinds).toContain('verify.passed');
  });
});
