import type { StoredEvent } from './events';
import { lastIndexOfId, updateById, type Draft } from './incidentDraft';
import type { IncidentState } from './incidentState';
import { tookNothingBack } from './undo';

/**
 * An undo that made its change: the step whose change it took back is to do again (it read
 * `3/5 done` with the kill switch undone, and the postmortem left it out of the steps not done).
 */
export function undoneStep(state: IncidentState, event: StoredEvent, actionId: string, draft: Draft): IncidentState {
  const undo = state.actions[lastIndexOfId(state.actions, actionId)];
  const undone = undo?.status === 'succeeded' && undo.undoes !== undefined ? state.actions.find((a) => a.id === undo.undoes) : undefined;
  const step = undone?.step;
  if (step === undefined || !state.steps.some((s) => s.id === step)) return state;
  // Back to the step's earlier change, which stands again (the second rollback undone, the first one's build runs):
  // still done. It read `0/4 … undone by act-4` while the rollback that worked stood.
  if (state.actions.some((a) => a.step === step && a !== undone && a.undoes === undefined && a.status === 'succeeded' && a.verification?.outcome !== 'failed' && a.startedAt !== undefined && a.startedAt < undone!.startedAt! && !takenBack(state, a.id))) return state;
  return updateById(state, event, 'steps', step, ({ finishedAt: _finished, ...s }) => ({ ...s, status: 'pending', undoneBy: actionId }), draft);
}

/**
 * An undo whose check failed took nothing back (Argo aborted it: the rollback's build went on
 * running), so the step it had put back to do is done again, by the change that stands. The
 * runbook panel read `↺ undone by act-2 … failed its check` at `0/4 done`, and Enter on the step
 * planned a rollback further back than the one that stood.
 */
export function heldStep(state: IncidentState, event: StoredEvent, actionId: string, draft: Draft): IncidentState {
  const undo = state.actions[lastIndexOfId(state.actions, actionId)];
  const step = undo !== undefined && tookNothingBack(undo) ? state.steps.find((s) => s.undoneBy === actionId) : undefined;
  if (step === undefined) return state;
  const kept = state.actions.find((a) => a.id === undo!.undoes);
  const doneAt = kept?.verification?.at ?? kept?.finishedAt ?? event.at;
  return updateById(state, event, 'steps', step.id, ({ undoneBy: _undo, ...s }) => ({ ...s, status: 'done', finishedAt: doneAt }), draft);
}

/** Whether a change's undo was made (and took something back). */
function takenBack(state: IncidentState, id: string): boolean {
  return state.actions.some((u) => u.undoes === id && u.status === 'succeeded' && !tookNothingBack(u));
}
