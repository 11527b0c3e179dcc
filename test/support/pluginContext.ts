/**
 * A small real PluginContext for plugin tests: a clock (real, or manual and advanced by the test),
 * a logger that keeps its lines, an AbortSignal the test controls, and an `exec` that refuses
 * unless the test supplies one.
 */
import { systemClock } from '../../src/plugins/clock';
import type { ActionIO, Clock, ExecRequest, ExecResult, Logger, PluginContext, Progress, Result } from '../../src/plugins/contract';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn';
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('aborted', 'AbortError');
}

/** The wall clock, as the cockpit uses it. */
export function realClock(): Clock {
  return systemClock;
}

export interface ManualClock extends Clock {
  /** Moves time forward, waking every sleeper whose time has come. */
  advance(ms: number): void;
  nowMs(): number;
  /** Resolves with the requested duration as soon as something sleeps (at once if something already is). */
  nextSleep(): Promise<number>;
}

interface Sleeper {
  readonly until: number;
  readonly ms: number;
  readonly resolve: () => void;
}

export function manualClock(startMs: number): ManualClock {
  let now = startMs;
  let sleepers: Sleeper[] = [];
  let waiting: ((ms: number) => void)[] = [];
  const wake = () => {
    const due = sleepers.filter((s) => s.until <= now);
    sleepers = sleepers.filter((s) => s.until > now);
    for (const sleeper of due) sleeper.resolve();
  };
  return {
    now: () => new Date(now),
    nowMs: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(abortReason(signal));
        const onAbort = () => {
          sleepers = sleepers.filter((s) => s !== sleeper);
          reject(abortReason(signal));
        };
        const sleeper: Sleeper = {
          until: now + ms,
          ms,
          resolve: () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        sleepers.push(sleeper);
        signal.addEventListener('abort', onAbort, { once: true });
        const notify = waiting;
        waiting = [];
        for (const resolveWaiter of notify) resolveWaiter(ms);
      });
    },
    advance(ms) {
      now += ms;
      wake();
    },
    nextSleep() {
      const pending = sleepers[0];
      if (pending) return Promise.resolve(pending.until - now);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/**
 * Runs `work` to completion on a manual clock: every time it sleeps, time jumps to its wake-up.
 * Virtual time, no real waiting.
 */
export async function runOnManualClock<T>(clock: ManualClock, work: Promise<T>): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  while (!settled) {
    const next = await Promise.race([clock.nextSleep(), done.then(() => undefined)]);
    if (next !== undefined && !settled) clock.advance(next);
  }
  return done;
}

export interface TestContext {
  readonly ctx: PluginContext;
  readonly logs: LogLine[];
  readonly controller: AbortController;
}

export interface TestContextOptions {
  readonly clock?: Clock;
  readonly baseDir?: string;
  readonly service?: string;
  readonly environment?: string;
  readonly drill?: boolean;
  readonly exec?: (request: ExecRequest) => Promise<Result<ExecResult>>;
}

export function createTestContext(options: TestContextOptions = {}): TestContext {
  const logs: LogLine[] = [];
  const controller = new AbortController();
  const record =
    (level: LogLine['level']) =>
    (message: string, fields?: Record<string, unknown>): void => {
      logs.push(fields === undefined ? { level, message } : { level, message, fields });
    };
  const log: Logger = { debug: record('debug'), info: record('info'), warn: record('warn') };
  const ctx: PluginContext = {
    signal: controller.signal,
    clock: options.clock ?? realClock(),
    log,
    exec:
      options.exec ??
      (() => {
        throw new Error('exec is not needed here: pass `exec` to createTestContext');
      }),
    baseDir: options.baseDir ?? process.cwd(),
    service: options.service ?? 'checkout-api',
    environment: options.environment ?? 'test',
    sandboxed: options.drill ?? false,
  };
  return { ctx, logs, controller };
}

export interface RecordingIO extends ActionIO {
  readonly progress: ((update: Progress) => void) & { readonly updates: Progress[] };
  readonly outputs: { stream: 'stdout' | 'stderr'; chunk: string }[];
}

/** An ActionIO that keeps what the action reported. */
export function recordingIO(signal: AbortSignal = new AbortController().signal, onProgress?: (update: Progress) => void): RecordingIO {
  const updates: Progress[] = [];
  const outputs: { stream: 'stdout' | 'stderr'; chunk: string }[] = [];
  const progress = Object.assign(
    (update: Progress) => {
      updates.push(update);
      onProgress?.(update);
    },
    { updates },
  );
  return { signal, progress, outputs, output: (stream, chunk) => outputs.push({ stream, chunk }) };
}
