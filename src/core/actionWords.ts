import { shortRevision } from './changeCorrelation';
import type { ResponderAction } from './responderActions';
import { roughDuration } from './roughDuration';

/** How the recommendation words a change the responder made. */

/** ":41", or ":41 (as :43)" where its build runs as a newer revision (`runsAs`). */
export const revisionAs = (revision: string, runsAs: string | undefined, name = shortRevision): string => `${name(revision)}${runsAs === undefined ? '' : ` (as ${name(runsAs)})`}`;

/** A rollback's target, `revisionAs`. */
export const targetText = (action: ResponderAction & { kind: 'rollback' }, name = shortRevision): string => revisionAs(action.to, action.runsAs, name);

/** How to take a change back: a rollback is undone by deploying what it replaced (no runbook step goes forward). */
export const undoText = (action: ResponderAction) => (action.kind === 'rollback' ? `undo it: deploy ${shortRevision(action.from)} again` : `undo it: set ${action.flag} back`);

/** "Rolled back to :41", "checkout_v2 set to off": a change that was made; an undo as what it took back. */
export function madeText(action: ResponderAction): string {
  if (action.kind === 'rollback') return action.undo ? `Deployed ${targetText(action)} again (the rollback to ${shortRevision(action.from)} undone)` : `Rolled back to ${targetText(action)}`;
  return `${action.flag} set ${action.undo ? 'back ' : ''}to ${action.after ?? 'its code default'}`;
}

/**
 * "Rolled back to :41 4m ago"; a rollback whose rollout is still checked, "Rolling back to :41 (begun 4m ago, its rollout
 * not confirmed)": "Rolled back to :2 4m ago, …: the burn has stopped" stood while ECS had not started its deployment.
 */
export function madeAgoText(action: ResponderAction, now: number): string {
  const ago = roughDuration(now - action.at);
  return rolloutUnconfirmed(action) ? `${doingText(action)} (begun ${ago} ago, its rollout not confirmed)` : `${madeText(action)} ${ago} ago`;
}

/** A rollback whose call returned and whose rollout no check has confirmed: still checked, or nobody watches it. */
export const rolloutUnconfirmed = (action: ResponderAction): boolean => action.kind === 'rollback' && (action.status === 'done' || action.status === 'unwatched');

/** "Rolling back to :41", "Setting checkout_v2 to off": a change being made. */
export function doingText(action: ResponderAction): string {
  if (action.kind === 'rollback') return action.undo ? `Deploying ${targetText(action)} again to undo the rollback to ${shortRevision(action.from)}` : `Rolling back to ${targetText(action)}`;
  return `Setting ${action.flag} ${action.undo ? 'back ' : ''}to ${action.after ?? 'its code default'}`;
}

/** "rollback checkout-api:42 → checkout-api:41, 4m ago: verified": a change and its check, as evidence. */
export function actionLine(input: { readonly now: number }, action: ResponderAction, verification: string): string {
  return `${action.kind === 'rollback' ? `rollback ${action.from} → ${targetText(action, String)}` : `flag ${action.flag} → ${action.after ?? 'code default'}`}${action.status === 'running' ? '' : `, ${roughDuration(input.now - action.at)} ago`}: ${verification}`;
}
