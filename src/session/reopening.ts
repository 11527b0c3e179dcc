/** What the timeline and the screen say when an incident is opened again. */
import { COCKPIT_ACTOR } from '../core/cockpitActor';
import type { NewEvent } from '../core/events';
import { roughDuration } from '../core/roughDuration';
import type { IncidentSummary } from '../core/summary';

/** An incident opened again: the postmortem's reader sees the gap (a quit drill's score, then the resumed one's) for what it was. */
export function reopenedNote(responder: string, lastAt: string): NewEvent {
  return { kind: 'note', actor: COCKPIT_ACTOR, data: { text: `${responder}'s cockpit opened the incident again (its last event was at ${lastAt.slice(11, 19)} UTC)`, tag: 'reopened' } };
}

export function resumedNotice(resumed: IncidentSummary, readOnly: boolean, now: Date): string {
  const age = roughDuration(now.getTime() - Date.parse(resumed.openedAt));
  return readOnly ? `watching incident ${resumed.id} opened ${age} ago` : `resumed incident ${resumed.id} opened ${age} ago; --new to start another`;
}
