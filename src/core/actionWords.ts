import { shortRevision } from './changeCorrelation';
import type { ResponderAction } from './responderActions';
import { roughDuration } from './roughDuration';

/** How the recommendation words a change the responder made. */

/** How to take a change back: a rollback is undone by deploying what it replaced (no runbook step goes forward). */
export const undoText = (action: ResponderAction) => (action.kind === 'rollback' ? `undo it: deploy ${shortRevision(action.from)} again` : `undo it: set ${action.flag} back`);

/** "Rolled back to :41", "checkout_v2 set to off": a change that was made; an undo as what it took back. */
export function madeText(action: ResponderAction): string {
  if (action.kind === 'rollback') return action.undo ? `Deployed ${shortRevision(action.to)} again (the rollback to ${shortRevision(action.from)} undone)` : `Rolled back to ${shortRevision(action.to)}`;
  return `${action.flag} set ${action.undo ? 'back ' : ''}to ${action.after ?? 'its code default'}`;
}

/** "Rolling back to :41", "Setting checkout_v2 to off": a change being made. */
export function doingText(action: ResponderAction): string {
  if (action.kind === 'rollback') return action.undo ? `Deploying ${shortRevision(action.to)} again (undoing the rollback to ${shortRevision(action.from)})` : `Rolling back to ${shortRevision(action.to)}`;
  return `Setting ${action.flag} ${action.undo ? 'back ' : ''}to ${action.after ?? 'its code default'}`;
}

/** "rollback checkout-api:42 → checkout-api:41, 4m ago: verified": a change and its check, as evidence. */
export function actionLine(input: { readonly now: number }, action: ResponderAction, verification: string): string {
  return `${action.kind === 'rollback' ? `rollback ${action.from} → ${action.to}` : `flag ${action.flag} → ${action.after ?? 'code default'}`}${action.status === 'running' ? '' : `, ${roughDuration(input.now - action.at)} ago`}: ${verification}`;
}
