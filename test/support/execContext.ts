import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActionIO, Logger, PluginContext, Progress } from '../../src/plugins/contract';
import { createExec } from '../../src/plugins/exec';

/** Short, so kill escalation is observable in a test without slowing the suite. */
export const TEST_KILL_GRACE_MS = 300;

/** A plugin context over the real exec, the real clock and a logger that keeps its lines. */
export function execContext(overrides: Partial<PluginContext> & { readonly baseDir: string }): PluginContext & {
  readonly logged: string[];
} {
  const logged: string[] = [];
  const log: Logger = {
    debug: (message) => logged.push(`debug ${message}`),
    info: (message) => logged.push(`info ${message}`),
    warn: (message) => logged.push(`warn ${message}`),
  };
  return {
    signal: new AbortController().signal,
    clock: { now: () => new Date(), sleep: (ms, signal) => sleep(ms, undefined, { signal }) },
    log,
    exec: createExec({ killGraceMs: TEST_KILL_GRACE_MS }),
    service: 'checkout-api',
    environment: 'test',
    sandboxed: false,
    logged,
    ...overrides,
  };
}

export interface RecordedOutput {
  readonly stream: 'stdout' | 'stderr';
  readonly chunk: string;
}

/** ActionIO that records what an action reports. */
export function recordingIO(signal: AbortSignal = new AbortController().signal): ActionIO & {
  readonly outputs: RecordedOutput[];
  readonly updates: Progress[];
} {
  const outputs: RecordedOutput[] = [];
  const updates: Progress[] = [];
  return {
    signal,
    outputs,
    updates,
    progress: (update) => updates.push(update),
    output: (stream, chunk) => outputs.push({ stream, chunk }),
  };
}

/** A fresh directory under the OS temp dir; `remove` deletes it with everything in it. */
export async function tempDir(prefix: string): Promise<{ readonly dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Polls `condition` until it holds or `timeoutMs` passes. For facts with no event to wait on,
 * such as a process disappearing.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Whether `pid` is a running process. A zombie counts as gone: it has exited and only waits for
 * its parent (for an orphan, PID 1, which in some containers reaps lazily) to collect it.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
