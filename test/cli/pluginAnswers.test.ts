import { copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cockpit } from '../support/cli';
import { endAndRemove, Tmux } from '../support/tmux';

const FIXTURES = new URL('../fixtures/plugins/misbehaving/', import.meta.url).pathname;
const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;

const dirs: string[] = [];
const sessions: { tmux: Tmux; dir: string }[] = [];
afterEach(async () => {
  for (const { tmux, dir } of sessions.splice(0)) await endAndRemove(tmux, dir);
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The answers plugin's runbook, in `mode`, in a directory of its own. */
async function runbookIn(mode: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'cockpit-plugin-answers-'));
  dirs.push(dir);
  await copyFile(join(FIXTURES, 'answers.mjs'), join(dir, 'answers.mjs'));
  // The plugin imports zod, as a plugin installed beside its runbook would.
  await symlink(new URL('../../node_modules', import.meta.url).pathname, join(dir, 'node_modules'));
  const file = join(dir, 'runbook.yaml');
  await writeFile(file, (await readFile(join(FIXTURES, 'garbage.yaml'), 'utf8')).replace('mode: garbage', `mode: ${mode}`));
  return { dir, file };
}

// A responder's own plugin, written from the README: `status` exited 70 on `[null]` from flags.list, and exited 0
// with nothing printed when its promise never settled; `open` exited 70 and left the new incident open, locked.
describe("a third-party plugin's bad answers fail its section, not the command", () => {
  it('status prints the plugin failure and exits 3, for a value it cannot read and for no answer at all', { timeout: 60_000 }, async () => {
    const garbage = await runbookIn('garbage');
    const read = await cockpit(['status', garbage.file], { env: { COCKPIT_DATA_DIR: join(garbage.dir, 'data') } });
    expect(read.exitCode).toBe(3);
    expect(read.stdout).toContain('FLAGS  flags (answers)\n  FAILED: answers flags.list answered a value the cockpit cannot read: 0.key: Invalid input: expected string, received number');
    const never = await runbookIn('never');
    const silent = await cockpit(['status', never.file, '--json'], { env: { COCKPIT_DATA_DIR: join(never.dir, 'data') } });
    expect(silent.exitCode).toBe(3);
    expect(JSON.parse(silent.stdout)).toMatchObject({ flags: { status: 'failed', kind: 'timeout', error: 'no answer within 10s' } });
  });

  it('open shows the failure on the flags panel and goes on; q quits with the incident saved', { timeout: 60_000 }, async () => {
    const { dir, file } = await runbookIn('garbage');
    const tmux = new Tmux(dir);
    sessions.push({ tmux, dir });
    tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '120', '-y', '40', `env -u CI COCKPIT_DATA_DIR='${join(dir, 'data')}' '${process.execPath}' '${BIN}' open '${file}' --new; echo EXIT=$?`);
    tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
    const screen = await tmux.waitFor((s) => s.includes('✖ answers flags.list') && s.includes('answered a value the'), 'the flags panel failed', 20_000);
    expect(screen).toContain('FLAGS');
    expect(screen).toContain('RUNBOOK');
    await tmux.waitForRawMode();
    tmux.keys('q');
    const after = await tmux.waitFor((s) => /EXIT=\d+/.test(s), 'the cockpit quit', 20_000);
    expect(after).toContain('EXIT=0');
    expect(after).not.toContain('internal error');
  });
});
