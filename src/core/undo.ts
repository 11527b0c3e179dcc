import type { ActionState } from './incidentState';

/**
 * Which of the responder's changes may be taken back (`U` on a step), read from the incident's
 * actions. The undo itself is a change of its own (`action.planned` with `undoes`), planned by the
 * plugin afresh; these rules only say when one makes sense.
 */

/** What a change changed, by the facts its plan recorded: two changes of one thing are undone newest first. */
function subjectOf(facts: ActionState['facts']): string | undefined {
  if (typeof facts?.flag === 'string') return `flag ${facts.flag}`;
  if (typeof facts?.currentRevision === 'string' && typeof facts.targetRevision === 'string') return 'the deployed revision';
  return undefined;
}

const providerOf = (action: ActionState) => action.name.slice(0, action.name.indexOf('.'));

/**
 * An undo of a deploy whose check failed took nothing back: an Argo Rollout aborted it, and the
 * build of the change it undid went on running (core/openEnds.ts reads what stands the same way).
 */
export function tookNothingBack(undo: ActionState): boolean {
  return undo.undoes !== undefined && undo.verification?.outcome === 'failed' && typeof undo.facts?.targetRevision === 'string';
}

/** The undo of action `id` that is under way or made, if any (one that failed, was declined or took nothing back undid nothing). */
export function undoOf(actions: readonly ActionState[], id: string): ActionState | undefined {
  return actions.findLast((a) => a.undoes === id && a.status !== 'failed' && a.status !== 'cancelled' && !tookNothingBack(a));
}

/** The undo that took action `id`'s change back. */
export function undoneBy(actions: readonly ActionState[], id: string): ActionState | undefined {
  const undo = undoOf(actions, id);
  return undo?.status === 'succeeded' ? undo : undefined;
}

/** The change a step made: its newest action that succeeded. */
export function stepChange(actions: readonly ActionState[], step: string): ActionState | undefined {
  return actions.findLast((a) => a.step === step && a.status === 'succeeded');
}

/**
 * Why `action`'s change cannot be undone now; undefined when it can. `responder`: who asks, on a
 * shared store, where a teammate's change may still be verified in their cockpit.
 */
export function undoRefusal(actions: readonly ActionState[], action: ActionState, responder?: string): string | undefined {
  if (action.status !== 'succeeded') return `${action.id} made no change to undo`;
  // Its rollout watched in a teammate's cockpit: an undo now is planned over a deployment in flight (`U` offered it).
  const elsewhere = responder !== undefined && action.startedBy !== undefined && action.startedBy !== responder;
  if (elsewhere && action.verification === undefined && subjectOf(action.facts) !== undefined) return `${action.id} is still being verified in ${action.startedBy}'s cockpit: undo it once its check ends`;
  // A rollback whose check failed may have moved nothing (an aborted Argo Rollout goes back by itself): its undo planned
  // ":42 to :42", refused only by the plugin, and each `U` left a planned-and-cancelled undo in the postmortem.
  if (action.verification?.outcome === 'failed' && typeof action.facts?.targetRevision === 'string') return `${action.id}'s check failed: what it changed is not known; see what runs now in the deploys panel`;
  // Its rollout may still be going (the watch stopped, or the cockpit did): an ECS undo planned over it
  // is a StopServiceDeployment ROLLBACK, the abort the stop-watching dialog says is never offered.
  if (action.verification?.outcome === 'unwatched') return `${action.id} is not checked yet (its watch was stopped): Enter on its step checks it, then U undoes it`;
  // Its undo failed its check (Argo aborted it): the Rollout may still be set to what the undo deployed.
  const aborted = actions.findLast((a) => a.undoes === action.id && tookNothingBack(a));
  if (aborted !== undefined) return `${aborted.id}, its undo, failed its check: what it changed is not known; see what runs now in the deploys panel`;
  const undo = undoOf(actions, action.id);
  if (undo !== undefined) return undo.status === 'succeeded' ? `${action.id} was undone already (${undo.id})` : `${action.id} is being undone (${undo.id})`;
  const subject = subjectOf(action.facts);
  if (subject === undefined) return `${action.id} (${action.name}) recorded nothing to undo it by`;
  const since = actions.slice(actions.indexOf(action) + 1);
  const later = since.findLast((a) => a.status === 'succeeded' && providerOf(a) === providerOf(action) && subjectOf(a.facts) === subject);
  return later === undefined ? undefined : `${later.id} changed ${subject} since: undo that first`;
}

/** Running, or made and being verified (revisions or a flag, no verdict yet). */
export const liveChange = (a: ActionState) =>
  a.status === 'running' || a.status === 'confirmed' || (a.status === 'succeeded' && a.verification === undefined && subjectOf(a.facts) !== undefined);

/**
 * The step's action that stands: the newest, unless it changed nothing (declined, refused, failed
 * before it ran) and an earlier one still runs, is verified, was interrupted, or is made and unwatched: a
 * teammate's attempt refused or failed beside carol's rollback put everyone's step at `○ to do
 * ◀ next` or `✖ FAILED`, and Enter planned a second rollback instead of checking hers.
 */
export function standingAction(actions: readonly ActionState[], step: string, last: ActionState | undefined): ActionState | undefined {
  // A provider's `conflict` wrote nothing (flagd: the file changed since the plan): bob's stale attempt beside alice's change.
  const changedNothing = (a: ActionState) => a.status === 'cancelled' || (a.status === 'failed' && (a.startedAt === undefined || a.error?.kind === 'conflict'));
  if (last === undefined || !changedNothing(last)) return last;
  const earlier = [...actions].reverse().find((a) => a.step === step && !changedNothing(a));
  // Interrupted too: its change may be half made (alice's drain, killed at 4/20, read `○ to do` beside bob's refused attempt).
  const stands = earlier !== undefined && (liveChange(earlier) || earlier.status === 'interrupted' || earlier.verification?.outcome === 'unwatched') && undoneBy(actions, earlier.id) === undefined;
  if (stands) return earlier;
  // An attempt planned before the earlier change was undone is that change's past, not the step's now: everyone's step
  // read `✖ FAILED` of bob's stale attempt after alice's change had been made and undone, and a declined one read `last
  // attempt not run: declined` over the undo's own state (and Enter planned anew rather than check that undo).
  const undo = earlier === undefined ? undefined : undoneBy(actions, earlier.id);
  // Planned before it: in the order planned (two plans of one instant, at a drill's max speed, have one time).
  return undo !== undefined && actions.indexOf(last) < actions.indexOf(undo) ? undefined : last;
}
