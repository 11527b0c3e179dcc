/** What the timeline and the screen say when an incident is opened again. */
import { COCKPIT_ACTOR } from '../core/cockpitActor';
import type { NewEvent } from '../core/events';
import { roughDuration } from '../core/roughDuration';
import type { IncidentSummary } from '../core/summary';

/**
 * An incident opened again: the postmortem's reader sees the gap (a quit drill's score, then the
 * resumed one's) for what it was. Its last event may still wait in this machine's queue (the
 * shared store was down when the earlier cockpit died): it is the last one all the same.
 */
export function reopenedNote(responder: string, recordedLastAt: string, queued: readonly { readonly at: string }[] = []): NewEvent {
  const lastAt = queued.reduce((latest, event) => (Date.parse(event.at) > Date.parse(latest) ? event.at : latest), recordedLastAt);
  return { kind: 'note', actor: COCKPIT_ACTOR, data: { text: `${responder}'s cockpit opened the incident again (its last event was at ${lastAt.slice(11, 19)} UTC)`, tag: 'reopened' } };
}

export function resumedNotice(resumed: IncidentSummary, readOnly: boolean, now: Date): string {
  const age = roughDuration(now.getTime() - Date.parse(resumed.openedAt));
  return readOnly ? `watching incident ${resumed.id} opened ${age} ago` : `resumed incident ${resumed.id} opened ${age} ago; --new to start another`;
}
