import type { EventOf, StoredEvent } from './events';

/** A first action not done when the drill ended; `undoneBy`: the undo that took its change back. */
export interface StepNotDone {
  readonly step: string;
  readonly undoneBy?: string;
}

/**
 * The runbook's first actions neither done nor skipped, from the drill's timeline. A step whose
 * change an undo took back is to do again, as the incident's state has it (core/incident.ts): the
 * report listed the manual steps not done and left out the rollback the undo took back, which the
 * postmortem listed as `3. Roll back … (undone by act-2)`.
 */
export function firstActionsNotDone(events: readonly StoredEvent[]): StepNotDone[] {
  const opened = events.find((e): e is EventOf<'incident.opened'> => e.kind === 'incident.opened');
  const over = new Set<string>();
  const undoneBy = new Map<string, string>();
  const planned = new Map<string, EventOf<'action.planned'>['data']>();
  for (const e of events) {
    if (e.kind === 'action.planned') planned.set(e.data.action, e.data);
    else if (e.kind === 'step.completed' || e.kind === 'step.skipped') {
      over.add(e.data.step);
      undoneBy.delete(e.data.step);
    } else if (e.kind === 'step.started') over.delete(e.data.step);
    else if (e.kind === 'action.succeeded') {
      const undoes = planned.get(e.data.action)?.undoes;
      const step = undoes === undefined ? undefined : planned.get(undoes)?.step;
      if (step === undefined) continue;
      over.delete(step);
      undoneBy.set(step, e.data.action);
    } else if (e.kind === 'verify.failed' && e.data.action !== undefined) {
      // An undo of a deploy whose check failed took nothing back (core/undo.ts tookNothingBack): its step is done again.
      const undo = planned.get(e.data.action);
      const step = undo?.undoes === undefined || typeof undo.facts?.targetRevision !== 'string' ? undefined : planned.get(undo.undoes)?.step;
      if (step === undefined || undoneBy.get(step) !== e.data.action) continue;
      over.add(step);
      undoneBy.delete(step);
    }
  }
  return (opened?.data.steps ?? []).flatMap((step) => {
    if (step.phase !== 'first_actions' || over.has(step.id)) return [];
    const by = undoneBy.get(step.id);
    return [by === undefined ? { step: step.id } : { step: step.id, undoneBy: by }];
  });
}
