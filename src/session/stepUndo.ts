import { stepChange, tookNothingBack, undoRefusal } from '../core/undo';
import type { ActionState } from '../core/incident';
import type { ViewInputs } from './viewInputs';
import type { StepView } from './viewModel';

/**
 * Whether a step's change can be undone now (core/undo.ts), is being undone, or was: what its line
 * offers or says. `running`: the undo's rollout, shown on the step whose change it takes back.
 */
export function stepUndo(input: ViewInputs, step: string): Pick<StepView, 'undo' | 'undone' | 'detail' | 'undoRefused' | 'checksFirst'> & { readonly undoing?: string } {
  const { actions } = input.state;
  const change = stepChange(actions, step);
  // Its rollout first: the undo's call returned (the step is to do again on the log) while the old build still runs.
  const undoing = change === undefined ? undefined : input.running.find((r) => r.undoes === change.id)?.action;
  if (undoing !== undefined) return { undoing };
  const undone = input.state.steps.find((s) => s.id === step)?.undoneBy;
  if (undone !== undefined) return { undone, ...undoUnchecked(actions.find((a) => a.id === undone)) };
  if (change === undefined) return {};
  // Its undo took nothing back (Argo aborted it): the change stands. What the undo may have left comes first: at 80x24
  // the advice's evidence that says it is folded away, and this line is cut at its end.
  const aborted = actions.findLast((a) => a.undoes === change.id && tookNothingBack(a));
  if (aborted !== undefined) {
    const left = `${aborted.id}, its undo, failed its check: ${String(aborted.facts?.targetRevision)} may still be what the workload is set to`;
    return { detail: `${left} (${aborted.verification!.summary})`, undoRefused: undoRefusal(actions, change)! };
  }
  // Its newer change undone, the step done by an earlier one: an undo nobody watched read as nothing on the step (`✓
  // done`) after a resume, while the advice said its rollout was not confirmed.
  const unwatched = actions.findLast((a) => a.undoes === change.id && a.status === 'succeeded');
  if (unwatched?.verification?.outcome === 'unwatched') return undoUnchecked(unwatched);
  const watched = input.running.some((r) => r.action === change.id);
  const summary = undoRefusal(actions, change, input.present === undefined ? undefined : input.responder) === undefined && !watched ? input.undoSummary?.(change) : undefined;
  return summary === undefined ? {} : { undo: { action: change.id, summary } };
}

/**
 * What is not known of an undo whose call returned: quit while its rollout ran, every screen read `↺ undone by act-4` as
 * a finished undo, its rollout never checked (the postmortem said so; the runbook panel and the drill report did not).
 */
function undoUnchecked(undo: ActionState | undefined): Pick<StepView, 'detail' | 'checksFirst'> {
  const check = undo?.verification;
  if (undo === undefined || check?.outcome === 'passed') return {};
  if (check === undefined) return { detail: `${undo.id}'s rollout not checked yet` };
  // Enter on the step checks an unwatched one again (session/checkAgain.ts): said first, before a long reason is cut.
  return check.outcome === 'failed' ? { detail: `${undo.id} failed its check: ${check.summary}` } : { detail: `${undo.id}'s rollout not checked (Enter checks it): ${check.summary}`, checksFirst: undo.id };
}
