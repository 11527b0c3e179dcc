import type { EventOf, StoredEvent } from './events';
import { fold } from './incident';

/** A first action not done when the drill ended; `undoneBy`: the undo that took its change back. */
export interface StepNotDone {
  readonly step: string;
  readonly undoneBy?: string;
}

/**
 * The runbook's first actions neither done nor skipped, as the incident's state has them (core/incident.ts): a step
 * whose change an undo took back is to do again, unless an earlier change of its own stands again (undoneStep.ts). Read
 * from the events a second way, the report listed `3. Roll back … (undone by act-4)` beside the rollback that stood.
 */
export function firstActionsNotDone(events: readonly StoredEvent[]): StepNotDone[] {
  const opened = events.find((e): e is EventOf<'incident.opened'> => e.kind === 'incident.opened');
  const folded = fold(events);
  if (!folded.ok) return [];
  const first = new Set((opened?.data.steps ?? []).flatMap((step) => (step.phase === 'first_actions' ? [step.id] : [])));
  return folded.state.steps.flatMap((step) => {
    if (!first.has(step.id) || step.status === 'done' || step.status === 'skipped') return [];
    return [step.undoneBy === undefined ? { step: step.id } : { step: step.id, undoneBy: step.undoneBy }];
  });
}
