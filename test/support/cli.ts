import { execa } from 'execa';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;

export interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | undefined;
}

/** Runs the built CLI as a real child process with stdout piped (no TTY), never throwing on exit codes. */
export async function cockpit(args: readonly string[], options: { env?: Record<string, string>; cwd?: string; input?: string; uid?: number; gid?: number } = {}): Promise<CliRun> {
  const result = await execa(process.execPath, [BIN, ...args], {
    reject: false,
    cwd: options.cwd,
    env: { NO_COLOR: '1', ...options.env },
    input: options.input ?? '',
    // A ceiling for a hung child, not a speed check: an autopilot drill on a loaded 2-core machine takes 20 s.
    timeout: 120_000,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode };
}
