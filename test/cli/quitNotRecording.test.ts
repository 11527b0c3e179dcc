import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canMountTmpfs, mountSmallDisk, type SmallDisk } from '../support/tmpfs';
import { endAndRemove, Tmux } from '../support/tmux';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const RUNBOOK = new URL('../../runbooks/checkout-api.yaml', import.meta.url).pathname;

let disk: SmallDisk | undefined;
const sessions: { tmux: Tmux; dir: string }[] = [];
afterEach(async () => {
  for (const { tmux, dir } of sessions.splice(0)) await endAndRemove(tmux, dir);
  await disk?.unmount();
  disk = undefined;
});

// A hostile play-test: a drill quit while its disk was full printed its report and exited 0; nothing since the disk
// filled was recorded, its score included, and nothing said so.
describe.skipIf(!canMountTmpfs('test/cli/quitNotRecording.test.ts'))('quitting a drill whose timeline a full disk stopped (real tmpfs, tmux)', () => {
  it('says the timeline is not recording, and exits 4', { timeout: 60_000 }, async () => {
    disk = await mountSmallDisk('1m');
    const dir = await mkdtemp(join(tmpdir(), 'cockpit-quit-full-'));
    const tmux = new Tmux(dir);
    sessions.push({ tmux, dir });
    tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '160', '-y', '48', '-c', dir, `env -u CI COCKPIT_DATA_DIR='${join(disk.path, 'data')}' '${process.execPath}' '${BIN}' drill '${RUNBOOK}' --speed 30; echo EXIT=$?`);
    tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
    await tmux.waitFor((s) => s.includes('TIMELINE') && s.includes('incident.opened'), 'the drill on screen', 30_000);
    await tmux.waitForRawMode();
    await disk.fillLeaving(0);
    // Its next writes fail (the SLO is recorded every drill minute, two real seconds).
    await tmux.waitFor((s) => s.includes('TIMELINE NOT RECORDING'), 'the failed write on screen', 30_000);
    for (let press = 0; press < 5; press += 1) {
      tmux.keys('q');
      const quit = await tmux.waitFor((s) => /EXIT=\d+/.test(s), 'the exit', 3_000).then(() => true, () => false);
      if (quit) break;
    }
    const screen = await tmux.waitFor((s) => /EXIT=\d+/.test(s), 'the exit', 20_000);
    // One line, wrapped by the terminal.
    expect(screen.replace(/\n/g, '')).toMatch(/cockpit drill: the timeline is NOT RECORDING since \d\d:\d\d:\d\d UTC \(disk full \(ENOSPC\) at .*\): nothing since then is on it, the drill's score included\. Free space, then resume it to record on/);
    expect(screen).toContain('EXIT=4');
  });
});
