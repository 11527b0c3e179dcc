import { execa, type Result } from 'execa';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;

/** Runs the built CLI as a real child process with stdout piped (no TTY), never throwing on exit codes. */
export function cockpit(args: readonly string[], options: { env?: Record<string, string>; cwd?: string; input?: string } = {}): Promise<Result> {
  return execa(process.execPath, [BIN, ...args], {
    reject: false,
    cwd: options.cwd,
    env: { NO_COLOR: '1', ...options.env },
    input: options.input ?? '',
    timeout: 30_000,
  });
}
