import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { endAndRemove, Tmux } from '../support/tmux';

/**
 * The cockpit in a real terminal (tmux, private server), on a scripted session (terminalApp.tsx):
 * what the CLI's own end-to-end test (test/e2e/cockpit.test.ts, the full journey at 80x24 and
 * 200x50: panels, widths, confirmation, note, quit, terminal restored, events on disk) does not
 * cover: the typed confirmation phrase in raw mode (a wrong phrase refused, then matched), the
 * progress line, and the exact intents the keys produced.
 */
const sessions: Tmux[] = [];
afterEach(async () => {
  for (const tmux of sessions.splice(0)) {
    await endAndRemove(tmux, tmux.dir);
  }
});

describe('the cockpit in a real terminal', () => {
  test('80x24: a typed confirmation phrase, refused until it matches; progress; the intents the keys made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-tty-'));
    const tmux = new Tmux(dir);
    sessions.push(tmux);
    const intents = join(dir, 'intents.jsonl');
    const app = join(import.meta.dirname, 'terminalApp.tsx');
    const command = `printf 'BEFORE THE COCKPIT\\n'; env -u CI INTENTS_FILE='${intents}' '${process.execPath}' --import tsx '${app}'; echo EXIT=$?`;
    tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '80', '-y', '24', '-c', process.cwd(), command);
    tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');

    // tsx compiles the app at start: slow on a loaded machine.
    const first = await tmux.waitFor((s) => s.includes('TIMELINE') && s.includes('Enter run'), 'the cockpit', 60_000);
    expect(first).not.toContain('BEFORE THE COCKPIT');
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
    // Quitting while the rollback runs asks first; a second q (a double press) does not answer it, Enter does.
    tmux.keys('q');
    await tmux.waitFor((s) => s.includes('QUIT WHILE ACTIONS RUN?') && s.includes('⟳ deploys.rollback') && s.includes('Enter or Ctrl-C quit'), 'the question before quitting');
    tmux.keys('q');
    tmux.keys('Enter');
    const after = await tmux.waitFor((s) => s.includes('EXIT='), 'the process exiting', 20_000);

    expect(after).toContain('EXIT=0');
    expect(after).toContain('COCKPIT CLOSED');
    const recorded = readFileSync(intents, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(recorded).toEqual([
      { type: 'step.run', step: 'rollback' },
      { type: 'confirm', action: 'act-1', typed: 'checkout-api' },
      { type: 'quit' },
    ]);
  }, 120_000);
});
