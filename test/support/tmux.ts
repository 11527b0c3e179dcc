import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { TmuxControl } from './tmuxControl';

/** A private tmux server for terminal tests: start a program, type, read the screen, wait. */
/** How long a matching screen must stay the same to be taken (tmux draws a large frame in pieces). */
const SETTLE_MS = 40;

export class Tmux {
  private readonly socket: string;
  /** The waits' way to read the screen, attached at the first wait (the session exists by then). */
  private control: TmuxControl | undefined;
  constructor(readonly dir: string) {
    this.socket = join(dir, 'tmux.sock');
  }
  run(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
  }
  /** The visible screen; for another window, its whole history with wrapped lines joined (plain output, not a TUI). */
  screen(target?: string): string {
    return this.run(...captureArgs(target));
  }
  /** As `screen`, through the control client: no process started per read. */
  private async read(target?: string): Promise<string> {
    if (!this.control?.alive) this.control = new TmuxControl(this.socket, 'cockpit');
    try {
      return await this.control.capture(captureArgs(target));
    } catch {
      return this.screen(target); // no client (no session yet, or it ended): what tmux itself says
    }
  }
  keys(...keys: string[]): void {
    this.run('send-keys', '-t', 'cockpit', ...keys);
  }
  text(text: string): void {
    this.run('send-keys', '-t', 'cockpit', '-l', text);
  }
  async waitFor(predicate: (screen: string) => boolean, what: string, timeout = 30_000): Promise<string> {
    return this.waitForIn(undefined, predicate, what, timeout);
  }
  /**
   * As waitFor, on another window or pane (`session:window`). A screen that matches is taken once
   * tmux holds it still (the same capture `SETTLE_MS` later): one caught while tmux was drawing a
   * frame shows only the frame's first lines (CI runs failed on such captures: a dialog's top
   * three lines, a status line cut mid-word).
   */
  async waitForIn(target: string | undefined, predicate: (screen: string) => boolean, what: string, timeout = 30_000): Promise<string> {
    const deadline = Date.now() + timeout;
    let matched: string | undefined;
    for (;;) {
      const screen = await this.read(target);
      if (predicate(screen)) {
        // A screen that never holds still still matched: past the deadline it is the answer.
        if (screen === matched || Date.now() > deadline) return screen;
        matched = screen;
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        continue;
      }
      matched = undefined;
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
    // Each look is a process (`stty`): soon at first, then every 50 ms while the cockpit loads.
    for (let wait = 10; !/(^|\s)-icanon(\s|$)/.test(execFileSync('stty', ['-F', tty, '-a'], { encoding: 'utf8' })); wait = Math.min(50, wait * 2)) {
      if (Date.now() > deadline) throw new Error(`${tty} never left canonical mode`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  kill(): void {
    this.control?.close();
    try {
      this.run('kill-server');
    } catch {
      // Already gone with its last session.
    }
  }
}

function captureArgs(target: string | undefined): string[] {
  return target === undefined ? ['capture-pane', '-p'] : ['capture-pane', '-p', '-J', '-S', '-', '-t', target];
}

/** What an open dialog shows: the lines inside its box (borders stripped), or '' when no dialog is up. */
export function dialog(screen: string): string {
  const lines = screen.split('\n');
  const top = lines.findIndex((line) => line.startsWith('╭'));
  if (top === -1) return '';
  const bottom = lines.findIndex((line, i) => i > top && line.startsWith('╰'));
  return lines
    .slice(top + 1, bottom === -1 ? undefined : bottom)
    .map((line) => line.replace(/^│ ?/, '').replace(/ *│$/, ''))
    .join('\n');
}

/**
 * The selected runbook step's number (`› ○ 3. Roll back …` → "3"). A responder moving the selection
 * watches this, not the step's line: the line changes on its own (status, "◀ next", a hint) while
 * the selection stays, and a key pressed again on that change moves one step too far.
 */
function selectedStepNumber(screen: string): string | undefined {
  return /^› \S+ (\d+)\./m.exec(screen)?.[1];
}

/** The number of the runbook's last step, from its heading's count (`RUNBOOK 1/5 done` → "5"). */
function lastStepNumber(screen: string): string | undefined {
  return /^RUNBOOK \d+\/(\d+)/m.exec(screen)?.[1];
}

/**
 * Ends a test's tmux server and removes its folder once every process it ran has exited: a cockpit
 * hung up by the kill closes its session first, and on a loaded machine that took longer than
 * retried removals waited (ENOTEMPTY in a cleanup, with a busy loop beside the suite).
 */
export async function endAndRemove(tmux: Tmux, dir: string): Promise<void> {
  let processes: number[] = [];
  try {
    const panes = tmux.run('list-panes', '-a', '-F', '#{pane_pid}').split('\n').filter(Boolean).map(Number);
    processes = panes.flatMap((pid) => [pid, ...descendants(pid)]);
  } catch {
    // No server left: nothing of it runs.
  }
  tmux.kill();
  for (let waited = 0; waited < 30_000 && processes.some(alive); waited += 50) await sleep(50);
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Every process below `root` (children, theirs, ...), read from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Exited while listed.
    }
  }
  const found: number[] = [];
  for (let queue = [root]; queue.length > 0; ) {
    const next = children.get(queue.pop()!) ?? [];
    found.push(...next);
    queue = [...queue, ...next];
  }
  return found;
}

/**
 * Moves the runbook's selection to the step whose line holds `title`, as a responder does: one key
 * at a time (`j`, then `k` when it went past), each once the screen shows the selection on another
 * step. A screen read mid-frame (no selected step on it) is read again, never taken for a move.
 * `press` sends a key (a test may record them).
 */
export async function selectStep(tmux: Tmux, title: string, press: (key: string) => void = (key) => tmux.keys(key)): Promise<void> {
  for (const key of ['j', 'k']) {
    for (let moves = 0; moves < 8; moves++) {
      const screen = await tmux.waitFor((s) => selectedStepNumber(s) !== undefined, 'a selected step', 10_000);
      if (screen.split('\n').some((line) => line.startsWith('› ') && line.includes(title))) return;
      const at = selectedStepNumber(screen);
      // At the end of the list the key moves nothing: said by the screen, not by waiting out the
      // 10 s below (from the last step, `j` first cost every search for an earlier step 10 s).
      if (at === (key === 'j' ? lastStepNumber(screen) : '1')) break;
      press(key);
      const moved = (s: string) => selectedStepNumber(s) !== undefined && selectedStepNumber(s) !== at;
      if (!(await tmux.waitFor(moved, `the selection moving off step ${at}`, 10_000).then(() => true, () => false))) break; // the end of the list
    }
  }
  throw new Error(`no step titled "${title}" could be selected; screen:\n${tmux.screen()}`);
}
