import type { Clock } from './contract';

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Wall-clock time; every sleep is a timer that is cleared when its signal aborts. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(abortError(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError(signal));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};

interface Sleeper {
  readonly due: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * Time that moves only when told to: tests and the drill sandbox's unbounded speed. `advance`
 * wakes sleepers in due order and lets the woken code run (and schedule further sleeps) before
 * moving on, so a poll loop advanced by an hour really polls every interval of that hour.
 */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];
  private seq = 0;

  constructor(start: Date | number = Date.UTC(2026, 10, 22, 2, 0, 0)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(abortError(signal));
      const sleeper: Sleeper = {
        due: this.current + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /** Number of sleeps waiting: lets a driver see that everything is idle. */
  get pending(): number {
    return this.sleepers.length;
  }

  /** When the earliest sleeper is due, if any. */
  nextDue(): number | undefined {
    return this.sleepers.reduce<number | undefined>((min, s) => (min === undefined || s.due < min ? s.due : min), undefined);
  }

  /**
   * Wakes only the earliest sleeper due by `limit` (moving time to when it is due), so a driver
   * can let the woken code finish before anything else runs. False when none is due by then.
   */
  wakeNext(limit: number): boolean {
    const next = this.earliestDue(limit);
    if (!next) return false;
    this.current = Math.max(this.current, next.due);
    this.sleepers = this.sleepers.filter((s) => s !== next);
    next.resolve();
    return true;
  }

  /** Moves time forward without waking anyone (no sleeper may be due before `to`). */
  jumpTo(to: number): void {
    this.current = Math.max(this.current, to);
  }

  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      const next = this.earliestDue(target);
      if (!next) break;
      this.current = next.due;
      this.sleepers = this.sleepers.filter((s) => s !== next);
      next.resolve();
      await settle();
    }
    this.current = target;
    await settle();
  }

  private earliestDue(limit: number): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.sleepers) {
      if (s.due <= limit && (!best || s.due < best.due || (s.due === best.due && s.seq < best.seq))) best = s;
    }
    return best;
  }
}

/** Lets resolved promises and their continuations run (they may start I/O-free work or new sleeps). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
