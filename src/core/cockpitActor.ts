import type { StoredEvent } from './events';

/**
 * Who wrote an event. The store puts the responder's name on every event nobody named an actor
 * for, so a log (older ones especially) says "alice" for what the cockpit observed or decided
 * itself: a deploy it saw, the SLO it sampled, a trigger it evaluated, its own reminder. A
 * postmortem that blamed alice for those would be wrong, so they are attributed by what they are.
 */

/** The actor the cockpit writes its own events under. */
export const COCKPIT_ACTOR = 'cockpit';

const OBSERVED_BY_THE_COCKPIT = new Set<StoredEvent['kind']>([
  'deploy.observed',
  'flag.changed',
  'flag.observed',
  'slo.observed',
  'trigger.fired',
  'trigger.cleared',
  'verify.passed',
  'verify.failed',
  'drill.scored',
  // What became of an action no cockpit watches any more: the cockpit's finding (a stopped cockpit's lease, a quit), not
  // a deed of the responder whose cockpit found it. Older logs wrote it under that responder's name.
  'action.interrupted',
  'action.unwatched',
]);

/** True when the cockpit, not a person, is the author of the event. */
export function writtenByCockpit(event: StoredEvent): boolean {
  if (event.actor === COCKPIT_ACTOR || OBSERVED_BY_THE_COCKPIT.has(event.kind)) return true;
  // Its notes carry a tag (reminder, quarantine, lock takeover); a person's note has none.
  return event.kind === 'note' && event.data.tag !== undefined;
}

/** The author to print: the cockpit for its own events, else the recorded actor. */
export function authorOf(event: StoredEvent): string {
  return writtenByCockpit(event) ? COCKPIT_ACTOR : event.actor;
}
