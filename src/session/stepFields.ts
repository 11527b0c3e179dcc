import type { RunbookStep } from '../core/runbookModel';
import type { StepView } from './viewModel';

/** What a step's view shows from the runbook's definition of it: its hint, its action, its check. */
export function stepFields(definition: RunbookStep | undefined): Pick<StepView, 'hint' | 'action' | 'check'> {
  return {
    ...(definition?.hint ? { hint: definition.hint } : {}),
    ...(definition?.run ? { action: definition.run.action } : {}),
    ...(definition?.verify ? { check: `${definition.verify.slo} burn < ${definition.verify.burn_below}x for ${definition.verify.for}` } : {}),
  };
}
