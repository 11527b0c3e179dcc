import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';

/**
 * The cockpit in a real terminal (tmux, private server): raw-mode keys, the alternate screen,
 * and the terminal given back on quit. The session is scripted (terminalApp.tsx); the CLI's own
 * end-to-end test drives the real one.
 */
class Tmux {
  private readonly socket: string;
  constructor(readonly dir: string) {
    this.socket = join(dir, 'tmux.sock');
  }
  run(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
  }
  screen(): string {
    return this.run('capture-pane', '-p');
  }
  keys(...keys: string[]): void {
    this.run('send-keys', '-t', 'cockpit', ...keys);
  }
  text(text: string): void {
    this.run('send-keys', '-t', 'cockpit', '-l', text);
  }
  async waitFor(predicate: (screen: string) => boolean, what: string, timeout = 10_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const screen = this.screen();
      if (predicate(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`terminal never showed ${what}; screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  /**
   * Waits until the app has put its terminal in raw mode: keys sent before that are read by the
   * terminal's line editor (echoed, Enter turned into a newline) instead of by the app.
   */
  async waitForRawMode(timeout = 10_000): Promise<void> {
    const tty = this.run('display-message', '-p', '-t', 'cockpit', '#{pane_tty}').trim();
    const deadline = Date.now() + timeout;
    while (!/(^|\s)-icanon(\s|$)/.test(execFileSync('stty', ['-F', tty, '-a'], { encoding: 'utf8' }))) {
      if (Date.now() > deadline) throw new Error(`${tty} never left canonical mode`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  kill(): void {
    try {
      this.run('kill-server');
    } catch {
      // Already gone with its last session.
    }
  }
}

const sessions: Tmux[] = [];
afterEach(() => {
  for (const tmux of sessions.splice(0)) {
    tmux.kill();
    rmSync(tmux.dir, { recursive: true, force: true });
  }
});

describe('the cockpit in a real terminal', () => {
  test.each([
    [80, 24],
    [200, 50],
  ])('%ix%i: run the rollback, confirm, see progress, add a note, quit; the terminal comes back', async (columns, rows) => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-tty-'));
    const tmux = new Tmux(dir);
    sessions.push(tmux);
    const intents = join(dir, 'intents.jsonl');
    const app = join(import.meta.dirname, 'terminalApp.tsx');
    const command = `printf 'BEFORE THE COCKPIT\\n'; env -u CI INTENTS_FILE='${intents}' '${process.execPath}' --import tsx '${app}'; echo EXIT=$?`;
    tmux.run('new-session', '-d', '-s', 'cockpit', '-x', String(columns), '-y', String(rows), '-c', process.cwd(), command);
    tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');

    const first = await tmux.waitFor((s) => s.includes('TIMELINE') && s.includes('Enter run'), 'the cockpit');
    for (const title of ['DEPLOYS', 'FLAGS', 'SLO BURN', 'RUNBOOK']) expect(first).toContain(title);
    expect(first).not.toContain('BEFORE THE COCKPIT');
    for (const line of first.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(columns);
    await tmux.waitForRawMode();

    tmux.keys('Enter');
    await tmux.waitFor((s) => s.includes('Type "checkout-api" to confirm'), 'the confirmation');
    tmux.text('checkout-ap');
    tmux.keys('Enter');
    await tmux.waitFor((s) => s.includes('Type exactly "checkout-api"'), 'the refusal of a wrong phrase');
    tmux.text('i');
    await tmux.waitFor((s) => s.includes('✓ matches'), 'the phrase matching');
    tmux.keys('Enter');
    await tmux.waitFor((s) => s.includes('RUNNING deploys.rollback') && s.includes('tasks 3/6 running'), 'the progress');

    tmux.keys('n');
    await tmux.waitFor((s) => s.includes('ADD A NOTE'), 'the note dialog');
    tmux.text('traffic recovering');
    tmux.keys('Enter');
    await tmux.waitFor((s) => !s.includes('ADD A NOTE'), 'the note dialog closing');
    tmux.keys('q');
    const after = await tmux.waitFor((s) => s.includes('EXIT='), 'the process exiting');

    expect(after).toContain('EXIT=0');
    expect(after).toContain('COCKPIT CLOSED');
    // The cockpit drew on the alternate screen and left it: none of its frame remains. (Whether
    // tmux 3.3 also shows the lines from before depends on when the pane died: not asserted.)
    for (const title of ['DEPLOYS', 'TIMELINE', 'Enter run']) expect(after).not.toContain(title);
    const recorded = readFileSync(intents, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(recorded).toEqual([
      { type: 'step.run', step: 'rollback' },
      { type: 'confirm', action: 'act-1', typed: 'checkout-api' },
      { type: 'note', text: 'traffic recovering' },
      { type: 'quit' },
    ]);
  });
});
