import { COCKPIT_ACTOR } from './cockpitActor';
import type { NewEvent } from './events';
import type { ActionState } from './incidentState';

/**
 * What the timeline says as a change's check starts again: after a crash (`resumed`: the postmortem's
 * action read as plain, the crash only as a lock taken over), and when nobody watched it (the other
 * cockpits read `NOT WATCHED` while it was checked in this one).
 */
export function rewatchEvents(action: ActionState, why: 'resumed' | undefined): NewEvent[] {
  return [
    ...(why === 'resumed' ? [{ kind: 'note', actor: COCKPIT_ACTOR, data: { text: `${action.id} (${action.name}) was being verified when its cockpit stopped: watched again`, tag: 'reopened' } } as const] : []),
    ...(action.verification?.outcome === 'unwatched' ? [{ kind: 'action.watched', data: { action: action.id } } as const] : []),
  ];
}
