// A program in a real pseudo-terminal for benchmarks: node-pty for the terminal, @xterm/headless
// as the screen model. Every time is `performance.now()` in this process; a screen event is
// stamped with the arrival of the output chunk that produced it (not when we got round to
// looking), so latencies do not include polling delay.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import xterm from '@xterm/headless';
import { spawn, type IPty } from 'node-pty';

export interface PtyOptions {
  readonly columns: number;
  readonly rows: number;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** The environment of this process without `CI`: Ink draws nothing live when CI is set. */
export function interactiveEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { CI: _ci, ...rest } = process.env;
  return { ...rest, TERM: 'xterm-256color', ...extra };
}

interface Waiter {
  readonly check: (at: number) => boolean;
}

export class PtyProcess {
  /** `performance.now()` just before the spawn. */
  readonly spawnedAt: number;
  /** When the last output chunk arrived. */
  lastOutputAt: number;
  /** Characters of output received so far. */
  outputChars = 0;
  private readonly pty: IPty;
  private readonly terminal: xterm.Terminal;
  private readonly waiters = new Set<Waiter>();
  private exit: { readonly code: number; readonly at: number } | undefined;

  constructor(argv: readonly string[], options: PtyOptions) {
    const [file, ...args] = argv;
    if (file === undefined) throw new Error('empty argv');
    this.terminal = new xterm.Terminal({ cols: options.columns, rows: options.rows, allowProposedApi: true, scrollback: 0 });
    this.spawnedAt = performance.now();
    this.lastOutputAt = this.spawnedAt;
    this.pty = spawn(file, args, {
      name: 'xterm-256color',
      cols: options.columns,
      rows: options.rows,
      cwd: options.cwd ?? process.cwd(),
      env: options.env as Record<string, string>,
    });
    this.pty.onData((chunk) => {
      const at = performance.now();
      this.lastOutputAt = at;
      this.outputChars += chunk.length;
      // xterm parses asynchronously: look at the screen once this chunk is on it.
      this.terminal.write(chunk, () => this.notify(at));
    });
    this.pty.onExit(({ exitCode }) => {
      this.exit = { code: exitCode, at: performance.now() };
      this.notify(this.exit.at);
    });
  }

  get pid(): number {
    return this.pty.pid;
  }

  /** The visible screen, one line per row, trailing blanks trimmed. */
  screen(): string {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.terminal.rows; y += 1) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return lines.join('\n');
  }

  /**
   * Resolves with the arrival time of the output that first made `predicate` true (now, if it
   * already holds); rejects with the screen after `timeoutMs`.
   */
  waitForScreen(predicate: (screen: string) => boolean, what: string, timeoutMs = 10_000): Promise<number> {
    return this.waitUntil(() => predicate(this.screen()), what, timeoutMs);
  }

  /** Resolves with the time the process exited. */
  async waitForExit(timeoutMs = 10_000): Promise<{ code: number; at: number }> {
    await this.waitUntil(() => this.exit !== undefined, 'the process exiting', timeoutMs);
    return this.exit as { code: number; at: number };
  }

  /** Resolves once no output has arrived for `quietMs` (a frame is complete, nothing pending). */
  async waitForQuiet(quietMs: number, timeoutMs = 10_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const silentFor = performance.now() - this.lastOutputAt;
      if (silentFor >= quietMs) return;
      if (performance.now() > deadline) throw new Error(`output never went quiet for ${quietMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, quietMs - silentFor));
    }
  }

  /**
   * Waits until the program has put the terminal in raw mode: keys typed before that go through
   * the line discipline (echoed, buffered until Enter) instead of reaching the program.
   */
  async waitForRawMode(timeoutMs = 10_000): Promise<void> {
    const tty = (this.pty as IPty & { readonly ptsName: string }).ptsName;
    const deadline = performance.now() + timeoutMs;
    while (!/(^|\s)-icanon(\s|$)/.test(execFileSync('stty', ['-F', tty, '-a'], { encoding: 'utf8' }))) {
      if (performance.now() > deadline) throw new Error(`${tty} never left canonical mode`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Types `keys` (raw bytes: `\u001b[5~` is PgUp) and returns when they were written. */
  press(keys: string): number {
    const at = performance.now();
    this.pty.write(keys);
    return at;
  }

  /** Kills the program (SIGKILL if it has not exited a second after SIGTERM) and frees the terminal. */
  async close(): Promise<void> {
    if (this.exit === undefined) {
      this.pty.kill('SIGTERM');
      await this.waitForExit(1_000).catch(() => {
        this.pty.kill('SIGKILL');
        return this.waitForExit(5_000);
      });
    }
    this.terminal.dispose();
  }

  private waitUntil(condition: () => boolean, what: string, timeoutMs: number): Promise<number> {
    if (condition()) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: (at) => {
          if (!condition()) return false;
          clearTimeout(timer);
          resolve(at);
          return true;
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`terminal never showed ${what} within ${timeoutMs} ms; screen:\n${this.screen()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private notify(at: number): void {
    for (const waiter of this.waiters) if (waiter.check(at)) this.waiters.delete(waiter);
  }
}

/** Peak resident set of a live process (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match === null) throw new Error(`no VmHWM for ${pid}`);
  return Number(match[1]) / 1024;
}

/** CPU time (user + system, all threads) a live process has used so far, in ms. */
export function cpuTimeMs(pid: number): number {
  // Fields after "pid (comm) ": state is field 3, utime 14 and stime 15, in clock ticks.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

// ---- figures -------------------------------------------------------------------------------

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** A Markdown table on stdout, columns padded to their widest cell. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  process.stdout.write(`${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
}

export function verdict(value: number, budget: number, strict = false): string {
  return (strict ? value < budget : value <= budget) ? 'PASS' : 'OVER';
}
