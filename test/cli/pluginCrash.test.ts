import { copyFile, mkdtemp, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endAndRemove, Tmux } from '../support/tmux';

const FIXTURES = new URL('../fixtures/plugins/misbehaving/', import.meta.url).pathname;
const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const sessions: { tmux: Tmux; dir: string }[] = [];
afterEach(async () => {
  for (const { tmux, dir } of sessions.splice(0)) await endAndRemove(tmux, dir);
});

// A hostile play-test: a plugin's timer threw under the TUI. The cockpit exited 70 with the terminal left on the
// alternate screen, a frozen frame over the error line, and the line itself said `password=hunter2hunter2`.
/** `cockpit open` of the misbehaving actions' runbook in tmux, its session's first frame up. */
async function openActions(): Promise<Tmux> {
  const dir = await mkdtemp(join(tmpdir(), 'cockpit-plugin-crash-'));
  const tmux = new Tmux(dir);
  sessions.push({ tmux, dir });
  for (const file of ['actions.mjs', 'actions.yaml']) await copyFile(join(FIXTURES, file), join(dir, file));
  await symlink(new URL('../../node_modules', import.meta.url).pathname, join(dir, 'node_modules'));
  tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '160', '-y', '30', '-c', dir, `env -u CI COCKPIT_DATA_DIR='${join(dir, 'data')}' '${process.execPath}' '${BIN}' open actions.yaml --new; echo EXIT=$?`);
  tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
  // The session's first frame (its timeline), not the starting one, whose Enter is refused ("still starting").
  await tmux.waitFor((s) => s.includes('1. Run what throws later') && s.includes('incident.opened'), 'the session on screen', 20_000);
  await tmux.waitForRawMode();
  return tmux;
}

describe('a crash under the TUI', () => {
  it('leaves the terminal as it was, then says one line, its secrets redacted', { timeout: 30_000 }, async () => {
    const tmux = await openActions();
    // Pressed again while the cockpit says it is still starting (a loaded CI run refused the first).
    for (let press = 0; press < 10; press += 1) {
      tmux.keys('Enter');
      const taken = await tmux.waitForIn('cockpit', (s) => /EXIT=\d+/.test(s), 'the exit', 2_000).then(() => true, () => false);
      if (taken) break;
    }
    const screen = await tmux.waitForIn('cockpit', (s) => /EXIT=\d+/.test(s), 'the exit', 20_000);
    expect(screen).toContain('EXIT=70');
    expect(screen).toContain('cockpit: internal error: uncaught from a plugin timer password=«redacted»');
    expect(screen).not.toContain('hunter2');
    // Off the alternate screen, no frame left over the line.
    expect(tmux.run('display', '-p', '-t', 'cockpit', '#{alternate_on}').trim()).toBe('0');
    expect(screen).not.toContain('RUNBOOK');
  });
});

// A hostile play-test: a plugin's action called `process.exit` and the cockpit was gone, the action's outcome unrecorded.
describe("a plugin's action calling process.exit", () => {
  it('fails on screen, saying so, and the cockpit goes on', { timeout: 30_000 }, async () => {
    const tmux = await openActions();
    tmux.keys('Down');
    tmux.keys('Down');
    await tmux.waitFor((s) => /› \S+ 3\. Run what calls process\.exit/.test(s), 'the cursor on step 3', 10_000);
    for (let press = 0; press < 10; press += 1) {
      tmux.keys('Enter');
      const taken = await tmux.waitFor((s) => s.includes('a plugin may not end the cockpit'), 'the failure', 2_000).then(() => true, () => false);
      if (taken) break;
    }
    const screen = await tmux.waitFor((s) => s.includes('a plugin may not end the cockpit'), 'the failure', 10_000);
    expect(screen).toMatch(/called process\.exit\(3\): a plugin may not end the cockpit/);
    expect(screen).not.toMatch(/EXIT=\d+/);
    // Pressed again if it came typed ahead of the dialog's end (ignored so).
    for (let press = 0; press < 5; press += 1) {
      tmux.keys('q');
      const quit = await tmux.waitFor((s) => /EXIT=\d+/.test(s), 'the exit', 1_200).then(() => true, () => false);
      if (quit) break;
    }
    expect(await tmux.waitFor((s) => /EXIT=\d+/.test(s), 'the exit', 20_000)).toContain('EXIT=0');
  });
});

// A hostile play-test: a plugin's console.error('\x1b]2;…') retitled the responder's terminal, and its console.log printed
// `token=…` in clear over the frame, beside a timeline that redacted it; its process.stdout.write did the same after.
describe("a plugin's action writing to the console under the TUI", () => {
  it('writes nothing over the frame: no title change, no token on screen', { timeout: 30_000 }, async () => {
    const tmux = await openActions();
    for (let down = 0; down < 3; down += 1) tmux.keys('Down');
    await tmux.waitFor((s) => /› \S+ 4\. Run what writes to the console/.test(s), 'the cursor on step 4', 10_000);
    for (let press = 0; press < 10; press += 1) {
      tmux.keys('Enter');
      const ran = await tmux.waitFor((s) => s.includes('action.succeeded'), 'the action done', 2_000).then(() => true, () => false);
      if (ran) break;
    }
    const screen = await tmux.waitFor((s) => s.includes('action.succeeded'), 'the action done', 10_000);
    expect(screen).not.toContain('abcdefghijklmnop123');
    expect(screen).not.toContain('console from plugin');
    expect(screen).not.toContain('zyxwvutsrqponm987');
    expect(screen).not.toMatch(/raw std(out|err) from plugin/);
    expect(tmux.run('display', '-p', '-t', 'cockpit', '#{pane_title}').trim()).not.toContain('PWNED');
    // What the plugin's call handed the cockpit is the cockpit's to draw.
    expect(screen).toContain('output line through the cockpit');
    const log = await eventually(() => readFile(join(tmux.dir, 'data', 'cockpit.log'), 'utf8'), (text) => text.includes('raw stderr'));
    expect(log).toContain('raw stdout from plugin token=«redacted»');
    expect(log).toContain('raw stderr from plugin');
  });
});

/** What `read` gives once `done` holds of it, or after 5 s whatever it gives then. */
async function eventually(read: () => Promise<string>, done: (text: string) => boolean): Promise<string> {
  for (let tries = 0; tries < 50; tries += 1) {
    const text = await read().catch(() => '');
    if (done(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return read();
}
