import { setMaxListeners } from 'node:events';
import { boundError } from '../core/bounds';
import type { Clock, ProviderError, Result } from './contract';
import { failFromThrown } from '../core/result';
import { childAbort, type ChildAbort } from './childAbort';

/** Why a poll's signal aborts once its answer is in: one reason for all, not an exception (and its stack) per poll. */
const POLL_OVER = new Error('the poll is over');

/** How long a poll may take before it is abandoned as a `timeout` failure, unless the scheduler is told otherwise. */
export const POLL_TIMEOUT_MS = 10_000;

/** One read capability polled on an interval: `deploys`, `flags`, `slo:availability:1h`, ... */
export interface PollTask<T> {
  readonly key: string;
  readonly intervalMs: number;
  poll(signal: AbortSignal): Promise<Result<T>>;
}

/**
 * What is known of one task. `value` is the last good answer and `observedAt` when it came:
 * a failure keeps the old value (marked by `error`) so a panel degrades instead of blanking.
 */
export interface Observation<T> {
  readonly key: string;
  readonly value?: T;
  readonly observedAt?: Date;
  readonly error?: ProviderError;
  /** The last answer is partial: why (a `Result`'s `warning`). */
  readonly warning?: string;
  readonly failedAt?: Date;
  /** After a failure: when the next poll falls due (the backoff's end), unless something wakes it sooner. */
  readonly retryAt?: Date;
  /** Consecutive failures; 0 after a success. */
  readonly failures: number;
}

export interface SchedulerOptions {
  readonly clock: Clock;
  /** A poll taking longer than this is abandoned as a `timeout` failure. */
  readonly pollTimeoutMs?: number;
  /**
   * The clock a poll's timeout runs on (default: `clock`). A provider's answer takes real time, so
   * a drill's fast virtual clock must not cut it short: at `--speed 60` a 10 s timeout would be
   * 167 ms, and a busy machine would show every panel failing.
   */
  readonly timeoutClock?: Clock;
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** Injected so backoff jitter is deterministic in tests. */
  readonly random?: () => number;
}

type Listener = (observation: Observation<unknown>) => void;

/**
 * Polls each task in its own loop, so a hung provider never delays the others; a task never
 * has two polls in flight; failures back off exponentially with jitter; everything stops when
 * the signal passed to `start` aborts.
 */
export class Scheduler {
  private readonly tasks = new Map<string, PollTask<unknown>>();
  private readonly observations = new Map<string, Observation<unknown>>();
  private readonly wakers = new Map<string, ChildAbort>();
  /** pollNow calls that arrived while a poll was in flight: honoured right after it, never in parallel. */
  private readonly pending = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private readonly loops: Promise<void>[] = [];
  private readonly pollTimeoutMs: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly random: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.pollTimeoutMs = options.pollTimeoutMs ?? POLL_TIMEOUT_MS;
    this.backoff = options.backoff ?? { baseMs: 1_000, maxMs: 60_000 };
    this.random = options.random ?? Math.random;
  }

  add<T>(task: PollTask<T>): void {
    if (this.tasks.has(task.key)) throw new Error(`duplicate poll task ${task.key}`);
    this.tasks.set(task.key, task as PollTask<unknown>);
    this.observations.set(task.key, { key: task.key, failures: 0 });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  observation<T>(key: string): Observation<T> | undefined {
    return this.observations.get(key) as Observation<T> | undefined;
  }

  /** Every task has answered once (a value or a failure): the first looks are over. */
  answeredOnce(): boolean {
    return [...this.observations.values()].every((o) => o.observedAt !== undefined || o.failedAt !== undefined);
  }

  snapshot(): ReadonlyMap<string, Observation<unknown>> {
    return new Map(this.observations);
  }

  /** Starts every task's loop; resolves `stopped()` once all loops have ended after `signal` aborts. */
  start(signal: AbortSignal): void {
    // The loops' own signal: each task's wait and poll listen to it (two listeners a task, more
    // than Node's default warning threshold of ten), and the caller's signal holds one listener.
    const running = childAbort(signal);
    setMaxListeners(0, running.signal);
    for (const task of this.tasks.values()) this.loops.push(this.loop(task, running.signal));
    void Promise.allSettled(this.loops).then(() => running.release());
  }

  stopped(): Promise<void> {
    return Promise.all(this.loops).then(() => undefined);
  }

  /** Polls a task now instead of at its next tick (e.g. right after an action changed the world). */
  pollNow(key: string): void {
    const waker = this.wakers.get(key);
    if (waker) waker.abort();
    else this.pending.add(key);
  }

  private async loop(task: PollTask<unknown>, signal: AbortSignal): Promise<void> {
    let delay = 0;
    for (;;) {
      // Every poll, the first included, starts from the clock: a virtual clock then orders
      // polls that fall due at the same instant, which keeps a max-speed drill deterministic.
      if (!(await this.pause(task.key, delay, signal))) return;
      const result = await this.pollOnce(task, signal);
      if (signal.aborted) return;
      delay = result.ok ? task.intervalMs : this.backoffDelay(this.observations.get(task.key)!.failures + 1);
      this.record(task.key, result, delay);
    }
  }

  /** One poll raced against the timeout; a late answer of an abandoned poll is never recorded. */
  private async pollOnce(task: PollTask<unknown>, signal: AbortSignal): Promise<Result<unknown>> {
    const abandon = childAbort(signal);
    const pollSignal = abandon.signal;
    const timeout = (this.options.timeoutClock ?? this.options.clock).sleep(this.pollTimeoutMs, pollSignal).then(
      (): Result<unknown> => ({ ok: false, error: { kind: 'timeout', message: `no answer within ${Math.round(this.pollTimeoutMs / 1000)}s` } }),
      () => undefined,
    );
    const answer = task.poll(pollSignal).catch(failFromThrown);
    const winner = await Promise.race([answer, timeout.then((r) => r ?? answer)]);
    abandon.abort(POLL_OVER);
    abandon.release();
    return winner;
  }

  /** `delayMs`: until the task's next poll (a panel says when a failed one is tried again). */
  private record(key: string, result: Result<unknown>, delayMs: number): void {
    const previous = this.observations.get(key)!;
    const now = this.options.clock.now();
    const next: Observation<unknown> = result.ok
      ? { key, value: result.value, observedAt: now, failures: 0, ...(result.warning === undefined ? {} : { warning: result.warning }) }
      : // Kept until the next success and shown in the panel: a provider's megabyte of error text is cut.
        { ...previous, error: boundError(result.error), failedAt: now, retryAt: new Date(now.getTime() + delayMs), failures: previous.failures + 1 };
    this.observations.set(key, next);
    for (const listener of this.listeners) listener(next);
  }

  private backoffDelay(failures: number): number {
    const ceiling = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (failures - 1));
    // "Equal jitter": never less than half the ceiling, so a failing provider is not hammered.
    return ceiling / 2 + this.random() * (ceiling / 2);
  }

  /** Waits `ms` (less when pollNow wakes it); false once the scheduler is stopping. */
  private async pause(key: string, ms: number, signal: AbortSignal): Promise<boolean> {
    const woken = this.pending.delete(key) || !(await this.sleepUnlessWoken(key, ms, signal));
    if (signal.aborted) return false;
    if (!woken) return true;
    try {
      await this.options.clock.sleep(0, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** True when the full time passed; false when woken early or stopping. */
  private async sleepUnlessWoken(key: string, ms: number, signal: AbortSignal): Promise<boolean> {
    const waker = childAbort(signal);
    this.wakers.set(key, waker);
    try {
      await this.options.clock.sleep(ms, waker.signal);
      return true;
    } catch {
      return false;
    } finally {
      waker.release();
      this.wakers.delete(key);
    }
  }
}
