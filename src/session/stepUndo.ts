import { stepChange, undoneBy, undoRefusal } from '../core/undo';
import type { ViewInputs } from './viewInputs';
import type { StepView } from './viewModel';

/** Whether a step's change can be undone now, or was (core/undo.ts): what its line offers or says. */
export function stepUndo(input: ViewInputs, step: string): Pick<StepView, 'undo' | 'undone'> {
  const { actions } = input.state;
  const change = stepChange(actions, step);
  if (change === undefined) return {};
  const by = undoneBy(actions, change.id);
  if (by !== undefined) return { undone: by.id };
  const watched = input.running.some((r) => r.action === change.id);
  const summary = undoRefusal(actions, change) === undefined && !watched ? input.undoSummary?.(change) : undefined;
  return summary === undefined ? {} : { undo: { action: change.id, summary } };
}
