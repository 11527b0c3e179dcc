import type { StoredEvent } from './events';
import { fold } from './incident';
import type { IncidentState } from './incidentState';

type Step = IncidentState['steps'][number];

/** A step done that the step taking it back (the runbook's `reverses`) has not taken back, numbered as the runbook panel numbers them. */
export interface StandingReversal {
  readonly reversed: Step;
  readonly reversedNumber: number;
  readonly by: Step;
  readonly byNumber: number;
}

/** The step the step at `index` takes back (its `reverses`), with its number; undefined when it takes back none. */
export function reversedBy(state: IncidentState, index: number): { readonly reversed: Step; readonly reversedNumber: number } | undefined {
  const reverses = state.steps[index]?.reverses;
  const at = reverses === undefined ? -1 : state.steps.findIndex((s) => s.id === reverses);
  const reversed = state.steps[at];
  return reversed === undefined ? undefined : { reversed, reversedNumber: at + 1 };
}

/** What the runbook's steps did and have not taken back yet: order-worker's consumers paused, `4. Resume the consumers` not done. */
export function standingReversals(state: IncidentState): StandingReversal[] {
  return state.steps.flatMap((by, index) => {
    const found = reversedBy(state, index);
    return found?.reversed.status === 'done' && by.status !== 'done' ? [{ ...found, by, byNumber: index + 1 }] : [];
  });
}

/**
 * Of an event of the log, what stood when it was recorded (the log folded up to it): a recovery check that passed while
 * order-worker's consumers were paused measured a worker that processed nothing, and the drill scored RECOVERED 100/100.
 */
export function standingAt(events: readonly StoredEvent[]): (event: StoredEvent) => StandingReversal | undefined {
  return (event) => {
    const folded = fold(events.filter((e) => e.seq <= event.seq));
    return folded.ok ? standingReversals(folded.state)[0] : undefined;
  };
}

/** `passed while 1. Pause the consumers stood, before 4. Resume the consumers`: why such a pass does not count. */
export const standingText = ({ reversed, reversedNumber, by, byNumber }: StandingReversal): string => `passed while ${reversedNumber}. ${reversed.title} stood, before ${byNumber}. ${by.title}: it does not count`;
