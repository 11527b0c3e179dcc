import { ManualClock } from '../plugins/clock';
import type { Clock } from '../plugins/contract';

/**
 * The drill's virtual time. `scaled` runs N times faster than the wall clock from the scenario's
 * start (speed 1: an interactive drill in real time). `max` is a ManualClock moved by a pump
 * (`runVirtualTime`) as fast as the work allows: for autopilot and tests.
 */
export type DrillSpeed = { readonly kind: 'scaled'; readonly factor: number } | { readonly kind: 'max' };

export function parseSpeed(text: string): DrillSpeed | undefined {
  if (text === 'max') return { kind: 'max' };
  const factor = Number(text);
  return Number.isFinite(factor) && factor > 0 && factor <= 10_000 ? { kind: 'scaled', factor } : undefined;
}

export class ScaledClock implements Clock {
  private realStart: number | undefined;
  private readonly started: Promise<void>;
  private release!: () => void;

  /**
   * `held`: virtual time stands at `start` until `begin()`, so an interactive drill's clock starts
   * with the first frame the responder sees, not during start-up. Sleeps wait for it too.
   */
  constructor(
    private readonly start: number,
    private readonly factor: number,
    held = false,
  ) {
    this.started = new Promise((resolve) => {
      this.release = resolve;
    });
    if (!held) this.begin();
  }

  /** Starts virtual time (once; later calls change nothing). */
  begin(): void {
    if (this.realStart !== undefined) return;
    this.realStart = performance.now();
    this.release();
  }

  now(): Date {
    return new Date(this.start + (this.realStart === undefined ? 0 : (performance.now() - this.realStart) * this.factor));
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.realStart === undefined) {
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        void this.started.then(() => {
          signal.removeEventListener('abort', onAbort);
          if (!signal.aborted) this.sleep(ms, signal).then(resolve, reject);
        });
      });
    }
    // Node may fire a timer a fraction of a millisecond before performance.now() says its delay is
    // over; scaled up, that is a sleeper waking before its virtual time (88 ms early at 1000x, seen
    // in CI). It waits out what is left, so no sleeper ever sees a `now()` before its deadline.
    const deadline = this.now().getTime() + ms;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      const wait = (virtualMs: number) => {
        timer = setTimeout(() => {
          const left = deadline - this.now().getTime();
          if (left > 0) return wait(left);
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, virtualMs / this.factor);
      };
      wait(ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** Something that can say whether real work (I/O) it started is still under way. */
export interface Activity {
  busy(): boolean;
  /** Resolves once it is not busy. */
  quiet(): Promise<void>;
}

/**
 * Moves a ManualClock forward as fast as the drill's real work allows: wake the earliest
 * sleeper, then wait until every actor is idle again (nothing in flight, no sleeper added or
 * removed for a few turns of the event loop) before waking the next. Idle waiting is what makes
 * a max-speed drill deterministic: the same inputs wake the same sleepers at the same virtual
 * times, whatever the machine's load.
 */
export class VirtualTimePump {
  constructor(
    private readonly clock: ManualClock,
    private readonly activity: readonly Activity[],
  ) {}

  /**
   * Runs until `done()` holds, or virtual time passes `untilMs`; returns whether `done()` held.
   * `done()` is asked once every sleeper due at an instant has woken and its work ended: a poll
   * of each provider falls due at the same instants, and asking between them (three times an
   * instant) built a test's view for nothing.
   */
  async run(done: () => boolean, untilMs: number, signal?: AbortSignal): Promise<boolean> {
    await this.idle();
    while (!done()) {
      if (signal?.aborted) return false;
      if (this.clock.wakeNext(untilMs)) {
        await this.idle();
        while (!signal?.aborted && this.dueNow() && this.clock.wakeNext(untilMs)) await this.idle();
        continue;
      }
      if (this.clock.nextDue() === undefined && this.anyBusy()) {
        // Nothing sleeps, but an actor is still working on real I/O: give it a moment.
        await pause(5);
        continue;
      }
      this.clock.jumpTo(untilMs);
      await this.idle();
      return done();
    }
    return true;
  }

  /** Whether a sleeper is due at the clock's present instant (woken by the same move of time). */
  private dueNow(): boolean {
    return (this.clock.nextDue() ?? Number.POSITIVE_INFINITY) <= this.clock.now().getTime();
  }

  private anyBusy(): boolean {
    return this.activity.some((a) => a.busy());
  }

  /**
   * Idle: nothing busy and the set of sleepers unchanged across several event-loop turns. Busy
   * actors are awaited, not polled: turning the event loop until their I/O ended took a core
   * (over 100,000 turns in one drill, each one a poll of the I/O).
   */
  private async idle(): Promise<void> {
    let stableTurns = 0;
    let last = this.clock.pending;
    while (stableTurns < IDLE_TURNS) {
      if (this.anyBusy()) await Promise.all(this.activity.map((a) => a.quiet()));
      await turn();
      const pending = this.clock.pending;
      if (this.anyBusy() || pending !== last) stableTurns = 0;
      else stableTurns++;
      last = pending;
    }
  }
}

const IDLE_TURNS = 4;

/** One turn of the event loop, I/O callbacks included. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { ManualClock };
