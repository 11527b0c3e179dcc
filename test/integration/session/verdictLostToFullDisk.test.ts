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

// A hostile play-test: the disk filled while a command ran; its exit status could not be recorded, the step read
// `○ to do · not started: … disk full` beside its own output, and once space was back the action had no outcome for ever.
describe.skipIf(!canMountTmpfs('verdictLostToFullDisk.test.ts'))("a change whose outcome a full disk took (real tmpfs)", () => {
  it('reads as run with its outcome not recorded, then records it late, at the time it was made, once space is back', { timeout: 60_000 }, async () => {
    disk = await mountSmallDisk('512k');
    const world = new TestWorld();
    let made!: () => void;
    world.rollbackExecuteGate = new Promise((resolve) => (made = resolve));
    harness = await openHarness({ world, dataDir: disk.path, autopilot: true });
    const { session } = harness;
    expect(await session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    await session.until(() => world.calls.some((call) => call.startsWith('rollback:')), { timeoutMs: 60_000 });
    await disk.fillLeaving(0);
    for (let i = 0; i < 20; i += 1) {
      const noted = await session.dispatch({ type: 'note', text: `filling ${i} ${'x'.repeat(900)}` }).catch(() => ({ ok: false }));
      if (!noted.ok) break;
    }
    const madeAt = harness.clock.now().toISOString();
    made();
    await session.until((v) => v.running.length === 0, { timeoutMs: 60_000 });
    const step = session.view().steps.find((s) => s.id === 'rollback')!;
    expect(step.detail).not.toMatch(/not started/);
    expect(step.detail).toMatch(/^ran; its outcome could not be recorded: .*disk full.*: recorded once the timeline takes writes again$/);
    await disk.freeSpace();
    await harness.advance(60_000);
    await session.until((v) => v.steps.find((s) => s.id === 'rollback')?.detail?.includes('its outcome could not be recorded') !== true, { timeoutMs: 60_000 });
    // Its change is checked once its outcome is on the log (a command that exited 0 stayed `to do`): done, one rollback made.
    await harness.advance(60_000);
    await session.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done', { timeoutMs: 60_000 });
    expect(world.calls.filter((call) => call.startsWith('rollback:'))).toHaveLength(1);
    const events = await harness.events();
    const succeeded = events.find((e) => e.kind === 'action.succeeded');
    expect(succeeded?.at).toBe(madeAt);
    const said = events.find((e) => e.kind === 'note' && e.data.tag === 'not-recorded');
    expect((said?.data as { text: string }).text).toMatch(/recorded since, at the time each was made: action\.succeeded/);
    expect(events.indexOf(succeeded!)).toBeLessThan(events.indexOf(said!));
  });
});
