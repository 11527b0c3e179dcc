import type { RunbookStep } from '../core/runbookModel';
import type { StepView } from './viewModel';

/**
 * What a step's view shows from the runbook's definition of it: its hint, its action, its check, and
 * the step it takes back (`done`: whether the incident did that one, by `doneSteps`).
 */
export function stepFields(definition: RunbookStep | undefined, doneSteps: ReadonlySet<string> = new Set()): Pick<StepView, 'hint' | 'action' | 'check' | 'reverses'> {
  return {
    ...(definition?.hint ? { hint: definition.hint } : {}),
    ...(definition?.reverses ? { reverses: { step: definition.reverses, done: doneSteps.has(definition.reverses) } } : {}),
    ...(definition?.run ? { action: definition.run.action } : {}),
    ...(definition?.verify ? { check: `${definition.verify.slo} burn < ${definition.verify.burn_below}x for ${definition.verify.for}` } : {}),
  };
}
