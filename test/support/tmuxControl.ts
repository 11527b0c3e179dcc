import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * One tmux control-mode client (`tmux -C`) kept for a test's waits: a screen read is a line on
 * its stdin and a `%begin`…`%end` block back, where a `tmux capture-pane` process per read cost
 * ~10 ms of CPU (its fork and exec, and the client's start). A wait reads the screen every 10 ms,
 * so four such waits beside the suite took a core of a 2-core machine between them.
 *
 * It is attached read-only, without pane output (`no-output`: it would receive every byte the
 * cockpit draws) and without a say in the window's size (`ignore-size`).
 */
export class TmuxControl {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve: (text: string) => void; reject: (error: Error) => void }[] = [];
  /** The lines of the reply being read, and the `%begin` line's time and number that close it. */
  private reply: { lines: string[]; end: string } | undefined;
  private ended: Error | undefined;

  constructor(socket: string, session: string) {
    this.child = spawn('tmux', ['-S', socket, '-C', 'attach-session', '-t', session, '-f', 'no-output,ignore-size,read-only'], { stdio: 'pipe' });
    this.child.stdin.on('error', () => {}); // a server gone while writing: `exit` answers the waits
    this.child.on('error', (error) => this.end(error));
    this.child.on('exit', () => this.end(new Error('the tmux control client exited')));
    this.child.unref();
    const lines = createInterface({ input: this.child.stdout });
    lines.on('line', (line) => this.read(line));
  }

  get alive(): boolean {
    return this.ended === undefined;
  }

  /** What a `capture-pane` command (its arguments, none with a quote) prints. */
  capture(args: readonly string[]): Promise<string> {
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(`${args.map((arg) => `'${arg}'`).join(' ')}\n`);
    });
  }

  close(): void {
    this.end(new Error('the tmux control client was closed'));
    this.child.kill();
  }

  private read(line: string): void {
    if (this.reply) {
      // Only the `%end` (or `%error`) with its `%begin`'s time and number closes a reply: a pane
      // line may start with `%` too.
      const close = /^%(end|error) (\S+ \S+) /.exec(`${line} `);
      if (close?.[2] !== this.reply.end) {
        this.reply.lines.push(line);
        return;
      }
      const { lines } = this.reply;
      this.reply = undefined;
      const waiter = this.waiting.shift();
      if (close[1] === 'end') waiter?.resolve(lines.map((text) => `${text}\n`).join(''));
      else waiter?.reject(new Error(`tmux: ${lines.join('\n')}`));
      return;
    }
    // Flag 1: a reply to a command of this client (the attach's own reply has 0); anything else
    // outside a reply is a notification.
    const begin = /^%begin (\S+ \S+) 1$/.exec(line);
    if (begin) this.reply = { lines: [], end: begin[1]! };
  }

  private end(error: Error): void {
    if (this.ended) return;
    this.ended = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}
