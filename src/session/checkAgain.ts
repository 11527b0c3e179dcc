import type { ActionState, IncidentState } from '../core/incidentState';
import { undoneBy } from '../core/undo';

/**
 * The change Enter on a step checks again rather than planning anew: the step's change, interrupted
 * or left unwatched; or, once undone, its undo if that one was (a stopped watch of an undo said
 * "Enter on it checks it again", and Enter planned a new rollback). An undone change is not checked
 * again itself: its undo replaced it (checking it read "another deployment replaced the rollback").
 */
export function toCheckAgain(state: Pick<IncidentState, 'actions' | 'steps'>, step: string, standing: ActionState | undefined, interrupted: ReadonlySet<string>, running: ReadonlyMap<string, unknown>): string | undefined {
  const { actions } = state;
  // None standing once the change was undone (an attempt declined before the undo is that change's past): its undo is.
  const stepUndo = state.steps.find((s) => s.id === step)?.undoneBy;
  const last = standing ?? actions.find((a) => a.id === actions.find((u) => u.id === stepUndo)?.undoes);
  if (last === undefined) return undefined;
  const unchecked = (action: ActionState) => (interrupted.has(action.id) || action.verification?.outcome === 'unwatched') && !running.has(action.id);
  const undo = undoneBy(actions, last.id);
  if (undo !== undefined) return unchecked(undo) ? undo.id : undefined;
  return unchecked(last) ? last.id : undefined;
}
