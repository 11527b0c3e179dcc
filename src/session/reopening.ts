/** What the timeline and the screen say when an incident is opened again. */
import { COCKPIT_ACTOR } from '../core/cockpitActor';
import type { NewEvent } from '../core/events';
import type { IncidentState } from '../core/incident';
import type { IncidentSummary } from '../core/summary';

/**
 * An incident opened again: the postmortem's reader sees the gap (a quit drill's score, then the
 * resumed one's) for what it was. Its last event may still wait in this machine's queue (the
 * shared store was down when the earlier cockpit died): it is the last one all the same.
 */
export function reopenedNote(responder: string, recordedLastAt: string, queued: readonly { readonly at: string }[] = [], joined = false): NewEvent {
  const lastAt = queued.reduce((latest, event) => (Date.parse(event.at) > Date.parse(latest) ? event.at : latest), recordedLastAt);
  // A teammate's first look at a shared incident is no return: "carol's cockpit opened the incident again" read as a crash recovered.
  const how = joined ? 'joined the incident' : 'opened the incident again';
  return { kind: 'note', actor: COCKPIT_ACTOR, data: { text: `${responder}'s cockpit ${how} (the incident's last event was at ${lastAt.slice(11, 19)} UTC)`, tag: 'reopened' } };
}

/** Whether `responder` opened the incident or made any of its changes: else a cockpit of theirs opening it joins it. */
export function wroteBefore(state: IncidentState, responder: string): boolean {
  return state.openedBy === responder || state.actions.some((a) => a.plannedBy === responder || a.startedBy === responder || a.confirmedBy === responder);
}

/**
 * Said once, and left on the status line: when the incident was opened, as a clock time (an age,
 * "opened 16s ago", stood still beside the header's "open 1m").
 */
export function resumedNotice(resumed: IncidentSummary, readOnly: boolean, now: Date): string {
  const opened = `opened ${resumed.openedAt.slice(11, 16)} UTC${resumed.openedAt.slice(0, 10) === now.toISOString().slice(0, 10) ? '' : ` on ${resumed.openedAt.slice(0, 10)}`}`;
  return readOnly ? `watching incident ${resumed.id} ${opened}` : `resumed incident ${resumed.id} ${opened}; --new to start another`;
}
