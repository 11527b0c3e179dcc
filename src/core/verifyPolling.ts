/**
 * The verification loop of a deploys rollback, whatever the provider: look, report progress, poll
 * through transient API failures, give up at the timeout, stop when cancelled. Time passes only
 * through the injected clock (a drill's virtual one, or the wall clock).
 */
import { type ProviderError, type ProviderErrorKind, type Result, fail, ok } from './result';

/** Failures polled through by default: the rollout goes on in the platform while its API hiccups. */
export const TRANSIENT_FAILURES: ReadonlySet<ProviderErrorKind> = new Set(['throttled', 'unreachable', 'timeout', 'invalid-response']);

export interface PollClock {
  now(): Date;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export type Observation =
  | { readonly done: true; readonly summary: string; readonly details: Readonly<Record<string, unknown>>; readonly completedAt?: string }
  | { readonly done: false; readonly message: string; readonly count?: { readonly done: number; readonly total: number } };

export interface PollOptions {
  readonly clock: PollClock;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** When the change was made, if before this poll began (a check re-run after a resume): the timeout counts from it. */
  readonly since?: Date;
  readonly intervalMs: number;
  /** Failures to poll through; TRANSIENT_FAILURES when left out. */
  readonly transient?: ReadonlySet<ProviderErrorKind>;
  observe(signal: AbortSignal): Promise<Result<Observation>>;
  progress(update: { readonly message: string; readonly done?: number; readonly total?: number }): void;
  /** "ECS did not answer (timeout): ..." */
  unanswered(error: ProviderError): string;
  /** Why a cancelled verification stopped, and that the rollout goes on. */
  readonly cancelled: string;
  /** The timeout's message, with the last thing seen. */
  timedOut(lastSeen: string): string;
}

export async function pollUntilSettled(options: PollOptions): Promise<Result<{ summary: string; details: Record<string, unknown>; completedAt?: string }>> {
  const { clock, signal } = options;
  const startedAt = Math.min(options.since?.getTime() ?? Number.POSITIVE_INFINITY, clock.now().getTime());
  let polls = 0;
  for (;;) {
    if (signal.aborted) return fail('cancelled', options.cancelled);
    polls += 1;
    const seen = await options.observe(signal);
    const elapsedMs = clock.now().getTime() - startedAt;
    let lastSeen: string;
    if (seen.ok) {
      if (seen.value.done) {
        const { summary, details, completedAt } = seen.value;
        return ok({ summary, details: { ...details, polls, elapsedMs }, ...(completedAt === undefined ? {} : { completedAt }) });
      }
      lastSeen = seen.value.message;
      options.progress({ message: lastSeen, ...(seen.value.count ? { done: seen.value.count.done, total: seen.value.count.total } : {}) });
    } else {
      if (!(options.transient ?? TRANSIENT_FAILURES).has(seen.error.kind)) return seen;
      lastSeen = options.unanswered(seen.error);
      options.progress({ message: `${lastSeen}; polling again` });
    }
    const remainingMs = options.timeoutMs - elapsedMs;
    // Out of time with the provider not answering: not a rollout that failed (a check whose API server went away read
    // `✖ FAILED … did not roll out`, and Enter planned a second rollback), one whose outcome is not known.
    if (remainingMs <= 0 && !seen.ok) return fail('unreachable', `${lastSeen}, up to the check's time limit: whether the change took is not known (Enter checks it again)`);
    if (remainingMs <= 0) return fail('timeout', options.timedOut(lastSeen));
    try {
      await clock.sleep(Math.min(options.intervalMs, remainingMs), signal);
    } catch {
      return fail('cancelled', options.cancelled);
    }
  }
}
