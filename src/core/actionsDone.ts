import type { ActionState } from './incident';

const clock = (iso: string | undefined): string => (iso === undefined ? '--:--:--Z' : `${iso.slice(11, 19)}Z`);

const CHECKED: Readonly<Record<string, string>> = { passed: 'verified', failed: 'its check failed', unwatched: 'nobody watches its check' };

/** How an action ended, in words: "succeeded, verified", "declined: …", "failed: …". */
function outcome(action: ActionState): string {
  switch (action.status) {
    case 'succeeded':
      return action.verification === undefined ? 'succeeded, being verified' : `succeeded, ${CHECKED[action.verification.outcome]}`;
    case 'failed':
      return `failed${action.error === undefined ? '' : `: ${action.error.message}`}`;
    case 'cancelled':
      return `not run${action.outcome === undefined ? '' : `: ${action.outcome}`}`;
    case 'interrupted':
      return 'interrupted: its cockpit stopped while it ran';
    case 'planned':
      return 'waiting for its confirmation';
    case 'confirmed':
      return 'confirmed, starting';
    case 'running':
      return 'running';
  }
}

/**
 * What was done in an incident, one line an action, oldest first: `11:40:08Z  root: Set
 * checkout_v2 to off — succeeded, verified`. `cockpit status` of a service with an open incident
 * showed a flag off, and nobody could tell whether the responder or someone else had turned it.
 */
export function actionsDone(actions: readonly ActionState[]): string[] {
  return actions.map((action) => {
    const who = action.startedBy ?? action.confirmedBy ?? action.plannedBy;
    return `${clock(action.startedAt ?? action.plannedAt)}  ${who === undefined ? '' : `${who}: `}${action.summary} — ${outcome(action)}`;
  });
}
