import type { Intent } from '../session/intents';
import type { CockpitView } from '../session/viewModel';
import { stepStanding, type StatusMessage } from './uiState';

/**
 * The status line for a refused intent: one about a step goes once that step changes (`✖ step
 * rollback is under way already: wait for its end` stood 8 minutes beside `✓ 3. Roll back … done`).
 */
export function refusalStatus(intent: Intent, reason: string, view: CockpitView): StatusMessage {
  const id = 'step' in intent && typeof intent.step === 'string' ? intent.step : undefined;
  const step = id === undefined ? undefined : view.steps.find((candidate) => candidate.id === id);
  return { text: reason, tone: 'bad', ...(step === undefined ? {} : { about: { step: step.id, was: stepStanding(step) } }) };
}
