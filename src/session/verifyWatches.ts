import { SHORT_WINDOW_MS } from '../core/burnRate';
import { parseDuration } from '../core/duration';
import { evaluateVerify, type BurnSample, type VerifyStatus } from '../core/verifyCondition';
import type { VerifySpec } from '../runbook/schema';
import { OUTCOME_UNRECORDED } from './viewInputs';

interface Watch {
  readonly verify: VerifySpec;
  readonly startedAt: number;
  status: VerifyStatus;
  readonly done: (passed: boolean) => void;
}

/** A watch that reached its verdict: the session records it, then settles the watch. */
export interface VerifyVerdict {
  readonly step: string;
  readonly passed: boolean;
  readonly message: string;
  /** Resolves the promise `start` returned: call it once the verdict is on the timeline. */
  settle(): void;
}

/** The real time a busy machine may hold a poll back (2 cores, a test suite beside it). */
const REAL_DELAY_MS = 2_000;

/**
 * How old SLO data may be before a recovery check calls it stale: three polls, and on a clock faster than real time (a
 * drill at --speed 240) at least what a poll held back 2 real seconds comes to. A journey at 240x failed its check on
 * `SLO data is 1m42s old (stale)`: 0.4 s late, on a machine running a test suite beside it, the sandbox's data current.
 */
export function staleAfterMs(sloIntervalMs: number, clockFactor?: number): number {
  return Math.max(3 * sloIntervalMs, clockFactor === undefined ? 0 : clockFactor * REAL_DELAY_MS);
}

/**
 * The `verify:` steps being watched, each re-evaluated on every observation of its SLO until the
 * condition has held long enough (passed), or the data went stale or missing (failed).
 */
export class VerifyWatches {
  private readonly watches = new Map<string, Watch>();
  /** Step id → why its last verification failed, until it is run again. */
  readonly failures = new Map<string, string>();

  constructor(private readonly staleAfterMs: number) {}

  /** A step's change whose outcome a failed write lost has it on the log now (recorded late): its row reads as the log says. Whether it was one. */
  outcomeRecorded(step: string | undefined): boolean {
    if (step === undefined || this.failures.get(step)?.startsWith(OUTCOME_UNRECORDED) !== true) return false;
    return this.failures.delete(step);
  }

  /** Resolves with the verdict; a cancelled watch or a closing session ends it as failed. */
  start(step: string, verify: VerifySpec, nowMs: number): Promise<'passed' | 'failed'> {
    this.failures.delete(step);
    return new Promise((resolve) => {
      this.watches.set(step, {
        verify,
        startedAt: nowMs,
        status: { state: 'waiting', heldMs: 0, message: 'waiting for the first observation' },
        done: (passed) => {
          this.watches.delete(step);
          resolve(passed ? 'passed' : 'failed');
        },
      });
    });
  }

  has(step: string): boolean {
    return this.watches.has(step);
  }

  cancel(step: string): boolean {
    const watch = this.watches.get(step);
    watch?.done(false);
    return watch !== undefined;
  }

  cancelAll(): void {
    for (const watch of [...this.watches.values()]) watch.done(false);
  }

  statuses(): ReadonlyMap<string, VerifyStatus> {
    return new Map([...this.watches].map(([step, watch]) => [step, watch.status]));
  }

  /** Re-evaluates the watches of `slo` on its short-window burn samples; returns those that reached a verdict (no longer watched). */
  evaluate(slo: string, samples: readonly BurnSample[], nowMs: number): VerifyVerdict[] {
    const verdicts: VerifyVerdict[] = [];
    for (const [step, watch] of [...this.watches]) {
      if (watch.verify.slo !== slo) continue;
      watch.status = evaluateVerify(
        { slo, windowMs: SHORT_WINDOW_MS, burnBelow: watch.verify.burn_below, forMs: parseDuration(watch.verify.for)!, staleAfterMs: this.staleAfterMs, startedAt: watch.startedAt },
        samples,
        nowMs,
      );
      if (watch.status.state === 'waiting') continue;
      const passed = watch.status.state === 'passed';
      if (!passed) this.failures.set(step, watch.status.message);
      this.watches.delete(step);
      verdicts.push({ step, passed, message: watch.status.message, settle: () => watch.done(passed) });
    }
    return verdicts;
  }
}
