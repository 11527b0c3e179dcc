import { SHORT_WINDOW_MS } from './burnRate';
import { causeOf, type Cause, type FlagChange } from './changeCorrelation';
import type { Deploy } from './deploys';

/** A burn that stopped and came back: its 5m window's first sample under 1x, and its first at 1x or more after that run. */
export interface BurnReturn {
  readonly stoppedAt: number;
  readonly backAt: number;
}

/**
 * When the burn last came back, from its 5m samples (oldest first): the newest run of samples
 * under 1x that follows one at 1x or more, and is followed by the samples at 1x or more up to the
 * newest. Undefined unless the burn is back now.
 */
export function lastReturn(samples: readonly { readonly at: number; readonly burn: number | null }[]): BurnReturn | undefined {
  let backAt: number | undefined;
  let stoppedAt: number | undefined;
  for (let i = samples.length - 1; i >= 0; i -= 1) {
    const { at, burn } = samples[i]!;
    if (burn === null) continue;
    if (burn >= 1) {
      if (stoppedAt !== undefined) return { stoppedAt, backAt: backAt! };
      backAt = at;
    } else {
      if (backAt === undefined) return undefined;
      stoppedAt = at;
    }
  }
  return undefined;
}

/**
 * The change the burn came back with: the newest deploy or flag change made after it may have
 * ended (its 5m window falls under 1x up to a window after the errors stop) and before it came
 * back. A real incident's burn stopped, `:43` went out, and the burn came back: the screen said
 * "No recent change explains the burn", its onset still the first firing, before `:43`.
 */
export function returnCause(back: BurnReturn, longMs: number, deploys: readonly Deploy[], flags: readonly FlagChange[]): Exclude<Cause, { kind: 'none' }> | undefined {
  const cause = causeOf(back.backAt, longMs, deploys, flags, back.stoppedAt - SHORT_WINDOW_MS);
  return cause.kind === 'none' ? undefined : cause;
}
