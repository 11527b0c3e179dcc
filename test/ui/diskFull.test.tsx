import { afterEach, describe, expect, it } from 'vitest';
import { canMountTmpfs, mountSmallDisk, type SmallDisk } from '../support/tmpfs';
import { openHarness, type Harness } from '../support/sessionHarness';
import { renderCockpit } from './harness';

let harness: Harness | undefined;
let disk: SmallDisk | undefined;
afterEach(async () => {
  await harness?.session.close().catch(() => undefined);
  await disk?.unmount();
  harness = undefined;
  disk = undefined;
});

describe.skipIf(!canMountTmpfs('test/ui/diskFull.test.tsx'))('a full disk, as the responder sees it (real tmpfs, real session)', () => {
  it('says at once that the timeline is NOT recording, shows nothing after the failure as recorded, and clears once space is back', async () => {
    disk = await mountSmallDisk();
    harness = await openHarness({ dataDir: disk.path });
    const ui = renderCockpit(harness.session, { columns: 120, rows: 40 });
    await ui.waitForFrame((f) => f.includes(':42') && f.includes('RUNBOOK'));

    await disk.fillLeaving(0);
    ui.press('n');
    await ui.waitForFrame('ADD A NOTE');
    // Longer than a page: the log's last page has slack a short line could still fit in.
    ui.press(`lost to the full disk ${'x'.repeat(5000)}`);
    ui.press('enter');
    // The note is not recorded: its dialog comes back with its words, saying why (they were lost with it); Esc drops them.
    // The banner may already be up from a failed observation.
    const kept = await ui.waitForFrame((f) => f.includes('TIMELINE NOT RECORDING since') && f.includes('note failed: writing the timeline'));
    expect(kept).toContain('> lost to the full disk');
    ui.press('escape');
    const frame = await ui.waitForFrame((f) => f.includes('TIMELINE NOT RECORDING since') && !f.includes('ADD A NOTE'));
    expect(frame).toContain('nothing since is recorded');
    // Why and where (the data dir) come first: a narrow line cuts only the closing words.
    expect(frame).toMatch(new RegExp(`TIMELINE NOT RECORDING since \\d\\d:\\d\\d:\\d\\d: disk full \\(ENOSPC\\) at ${disk.path} · nothing since is recorded`));
    expect(frame).not.toContain('lost to the full disk');
    // Polls go on, and the runbook's status-update reminder falls due: recording them fails too,
    // which must not end the cockpit (an unhandled rejection fails this test).
    await harness.advance(11 * 60_000);
    expect(harness.session.view().incident.notRecording?.reason).toBe('disk full (ENOSPC)');

    // Enter on a step whose start cannot be recorded says so on the step (it did nothing visible),
    // as not started: nothing ran, so no `✖ FAILED` (which stayed after the disk had room again).
    expect(await harness.session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    const stopped = await harness.session.until((v) => v.steps.find((step) => step.id === 'rollback')?.detail?.startsWith('not started: ') === true, { timeoutMs: 60_000 });
    expect(stopped.steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'pending', detail: expect.stringMatching(/^not started: .*disk full \(ENOSPC\)/) });
    expect(harness.world.calls).toEqual([]);

    await disk.freeSpace();
    // Recording resumes with the next append, whatever makes it: here the responder's next note.
    expect(await harness.session.dispatch({ type: 'note', text: 'space is back' })).toEqual({ ok: true });
    const after = await ui.waitForFrame((f) => f.includes('Note: space is back'));
    expect(after).not.toContain('TIMELINE NOT RECORDING');
    await harness.session.settled();
    const notes = (await harness.events()).filter((e) => e.kind === 'note').map((e) => (e.data as { text: string }).text);
    expect(notes).toContain('space is back');
    expect(notes.some((text) => text.startsWith('lost to the full disk'))).toBe(false);
    // What the full disk kept off the log is said on it, once it writes again (no trace of it was left).
    const lost = (await harness.events()).filter((e) => e.kind === 'note' && e.data.tag === 'not-recorded');
    // Once per spell of failures: a small event the full disk still took ends one.
    const texts = lost.map((e) => (e.data as { text: string }).text);
    expect(texts.length).toBeGreaterThanOrEqual(1);
    for (const text of texts) expect(text).toMatch(/^\d+ event\(s\) could not be recorded from \d\d:\d\d:\d\d to \d\d:\d\d:\d\d UTC \(disk full \(ENOSPC\)\): \S/);
    expect(texts.join('\n')).toMatch(/\bnote\b/);
    expect(texts.join('\n')).toContain('step.started');
  });
});
