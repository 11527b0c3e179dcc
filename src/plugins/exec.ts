import { stat } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { LineSplitter } from '../core/lineSplitter';
import { timeoutMsProblem } from '../core/duration';
import { fail, ok, type ExecRequest, type ExecResult, type Result } from './contract';
import { firstLine } from '../core/errorText';

/**
 * The `exec` of the plugin context: argv only (never a shell), exactly the environment the caller
 * passes, a timeout, cancellation, and output streamed line by line.
 *
 * Termination is ours rather than execa's `timeout`/`cancelSignal`/`forceKillAfterDelay`: those
 * signal only the direct child, so a script's own children (a `sleep`, a `curl`) would outlive
 * it. The child runs in its own process group (`detached`) and the whole group gets SIGTERM,
 * then SIGKILL after a grace period if anything in it is still there.
 */

export interface ExecOptions {
  /** Time between SIGTERM and SIGKILL when a command times out or is cancelled. */
  readonly killGraceMs?: number;
}

export const DEFAULT_KILL_GRACE_MS = 5_000;
const GROUP_POLL_MS = 50;
/** How long after the program exited its output may stay open (a pipe's last bytes) before it is closed. */
const OUTPUT_DRAIN_MS = 1_000;

export type Exec = (request: ExecRequest) => Promise<Result<ExecResult>>;

export function createExec(options: ExecOptions = {}): Exec {
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  return (request) => runArgv(request, graceMs);
}

type Termination = 'timeout' | 'cancelled';

async function runArgv(request: ExecRequest, graceMs: number): Promise<Result<ExecResult>> {
  const [program, ...args] = request.argv;
  if (program === undefined || program === '') return fail('failed', 'nothing to run: argv is empty');
  const withNul = request.argv.findIndex((arg) => arg.includes('\0'));
  if (withNul >= 0) return fail('failed', `argv[${withNul}] contains a NUL byte, which no program can receive`);
  const badTimeout = request.timeoutMs === undefined ? undefined : timeoutMsProblem(request.timeoutMs);
  if (badTimeout) return fail('failed', badTimeout);
  const cancelled = () => fail('cancelled', `${program} was not started: the run was cancelled`);
  if (request.signal.aborted) return cancelled();
  const cwdProblem = request.cwd === undefined ? undefined : await checkDirectory(request.cwd);
  if (cwdProblem) return cwdProblem;
  // Loaded by the first command run, not by every start that could run one (issue #17).
  const { execa } = await import('execa');
  // Cancelled while the directory was checked or execa loaded: nothing would see the abort after the spawn.
  if (request.signal.aborted) return cancelled();

  const { onOutput } = request;
  // Bytes in, split by our own LineSplitter: execa's line splitting would hold a runaway line whole.
  const lines = (stream: 'stdout' | 'stderr') => {
    if (!onOutput) return 'ignore' as const;
    const decoder = new TextDecoder();
    const splitter = new LineSplitter();
    return {
      *transform(chunk: unknown) {
        for (const line of splitter.push(decoder.decode(chunk as Uint8Array, { stream: true }))) onOutput(stream, line);
      },
      *final() {
        for (const line of splitter.push(decoder.decode())) onOutput(stream, line);
        for (const line of splitter.end()) onOutput(stream, line);
      },
      binary: true,
    };
  };

  const subprocess = execa(program, args, {
    cwd: request.cwd,
    env: { ...request.env },
    extendEnv: false,
    detached: true,
    stdin: 'ignore',
    stdout: lines('stdout'),
    stderr: lines('stderr'),
    buffer: false,
    reject: false,
  });
  const { pid } = subprocess;
  if (pid === undefined) return spawnFailure(program, await subprocess);

  const group = new ProcessGroup(pid, graceMs);
  // The program exited, and something it started (in a session of its own, out of the group's reach) still holds its
  // output open: execa waits for the output's end, and a step read RUNNING for ever. Its output is closed a moment later.
  let heldOpen = false;
  let drainTimer: NodeJS.Timeout | undefined;
  subprocess.once('exit', () => {
    drainTimer = setTimeout(() => {
      for (const stream of [subprocess.stdout, subprocess.stderr]) {
        if (stream === null || stream.readableEnded || stream.destroyed) continue;
        heldOpen = true;
        stream.destroy();
      }
    }, OUTPUT_DRAIN_MS);
  });
  const timer = request.timeoutMs === undefined ? undefined : setTimeout(() => group.terminate('timeout'), request.timeoutMs);
  const onAbort = () => group.terminate('cancelled');
  request.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await subprocess;
    await group.settle();
    return ok({
      exitCode: result.exitCode ?? null,
      ...(result.signal === undefined ? {} : { signal: result.signal }),
      durationMs: Math.round(result.durationMs),
      timedOut: group.termination === 'timeout',
      cancelled: group.termination === 'cancelled',
      ...(heldOpen ? { outputHeldOpen: true as const } : {}),
    });
  } finally {
    clearTimeout(timer);
    clearTimeout(drainTimer);
    request.signal.removeEventListener('abort', onAbort);
    group.release();
  }
}

async function checkDirectory(dir: string): Promise<Result<never> | undefined> {
  try {
    if ((await stat(dir)).isDirectory()) return undefined;
    return fail('not-found', `working directory ${dir} is not a directory`);
  } catch {
    return fail('not-found', `working directory ${dir} does not exist`);
  }
}

function spawnFailure(program: string, result: { code?: string; shortMessage?: string }): Result<never> {
  const where = program.includes('/') ? 'no such file' : 'not found on the PATH given to the command';
  switch (result.code) {
    case 'ENOENT':
      return fail('not-found', `${program}: ${where}`, 'ENOENT');
    case 'EACCES':
      return fail('failed', `${program}: permission denied (not executable?)`, 'EACCES');
    default:
      return fail('failed', `${program} could not be started: ${firstLine(result.shortMessage ?? 'unknown error')}`, result.code);
  }
}


/** Process groups still running, killed if the cockpit exits while they run. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const group of liveGroups) signalGroup(group, 'SIGKILL');
  });
}

/** Sends `signal` to every process of the group; false when the group no longer exists. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

class ProcessGroup {
  termination: Termination | undefined;
  private forceTimer: NodeJS.Timeout | undefined;
  private forced: Promise<void> | undefined;

  constructor(
    private readonly pid: number,
    private readonly graceMs: number,
  ) {
    trackGroup(pid);
  }

  terminate(reason: Termination): void {
    if (this.termination) return;
    this.termination = reason;
    signalGroup(this.pid, 'SIGTERM');
    this.forced = new Promise((resolve) => {
      this.forceTimer = setTimeout(() => {
        signalGroup(this.pid, 'SIGKILL');
        resolve();
      }, this.graceMs);
    });
  }

  /**
   * After the leader exited: waits until the rest of the group is gone too, or until the grace
   * period ends and SIGKILL has been sent. Polled, since nothing reports a grandchild's exit.
   */
  async settle(): Promise<void> {
    if (!this.forced) return;
    let forced = false;
    void this.forced.then(() => (forced = true));
    while (!forced && signalGroup(this.pid, 0)) await delay(GROUP_POLL_MS);
  }

  release(): void {
    clearTimeout(this.forceTimer);
    liveGroups.delete(this.pid);
  }
}
