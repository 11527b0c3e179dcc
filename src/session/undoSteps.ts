import { recommendedMitigation } from '../core/nextStep';
import type { Recommendation } from '../core/recommendation';
import type { RecommendationView, StepView } from './viewModel';

/**
 * Advice to undo a change names the step whose `U` does it (it said "undo it: set checkout_v2 back"
 * with no way shown); advice to make a change, the open step that makes it (at 100x30 the runbook
 * showed the rollback step alone beside "Flag kill switch recommended" and "next: 1.").
 */
export function withUndoSteps(advice: readonly Recommendation[], steps: readonly StepView[]): RecommendationView[] {
  return advice.map((r) => {
    const index = steps.findIndex((step) => step.undo !== undefined && r.undoes?.includes(step.undo.action) === true);
    const wanted = recommendedMitigation([r])?.action;
    // Marked done by hand too (its action never ran): the advice still asks for the change, and lost its one way to make it.
    const run = wanted === undefined ? -1 : steps.findIndex((step) => step.action === wanted && step.inEffect === undefined && (step.status === 'pending' || step.status === 'failed' || (step.status === 'done' && step.manual !== undefined)));
    const checksFirst = run < 0 ? undefined : steps[run]!.checksFirst;
    return { ...r, ...(index < 0 ? {} : { undoStep: index + 1 }), ...(run < 0 ? {} : { runStep: run + 1 }), ...(checksFirst === undefined ? {} : { runChecksFirst: checksFirst }) };
  });
}
