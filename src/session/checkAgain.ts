import type { ActionState } from '../core/incidentState';
import { undoneBy } from '../core/undo';

/**
 * The change Enter on a step checks again rather than planning anew: the step's change, interrupted
 * or left unwatched; or, once undone, its undo if that one was (a stopped watch of an undo said
 * "Enter on it checks it again", and Enter planned a new rollback). An undone change is not checked
 * again itself: its undo replaced it (checking it read "another deployment replaced the rollback").
 */
export function toCheckAgain(actions: readonly ActionState[], last: ActionState | undefined, interrupted: ReadonlySet<string>, running: ReadonlyMap<string, unknown>): string | undefined {
  if (last === undefined) return undefined;
  const unchecked = (action: ActionState) => (interrupted.has(action.id) || action.verification?.outcome === 'unwatched') && !running.has(action.id);
  const undo = undoneBy(actions, last.id);
  if (undo !== undefined) return unchecked(undo) ? undo.id : undefined;
  return unchecked(last) ? last.id : undefined;
}
