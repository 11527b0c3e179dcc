import type { ActionState, IncidentState } from './incident';
import type { Runbook, RunbookStep } from './runbookModel';

/**
 * What a step's action is asked to do. A rollback of the deploys provider takes its target from
 * the step, else from the runbook's `rollback.target`: both reach the provider's one rule.
 */
export function stepParams(step: RunbookStep, runbook: Runbook, deploysKey: string | undefined): Record<string, unknown> {
  const { action, ...params } = step.run ?? { action: '' };
  const runbookTarget = runbook.rollback?.target;
  if (isRollback(action, deploysKey) && params.target === undefined && runbookTarget !== undefined && runbookTarget !== 'previous') {
    return { ...params, target: runbookTarget };
  }
  return params;
}

/** `<deploys provider>.rollback`: the action whose target the deploys panel and `status` show. */
export function isRollback(action: string, deploysKey: string | undefined): boolean {
  return deploysKey !== undefined && action === `${deploysKey}.rollback`;
}

/** The first step that rolls the deploys provider back. */
export function rollbackStep(runbook: Runbook, deploysKey: string | undefined): RunbookStep | undefined {
  return [...runbook.first_actions, ...runbook.recovery].find((s) => s.run !== undefined && isRollback(s.run.action, deploysKey));
}

/** The step's action that already changed the world in this incident (started, and did not fail), if any. */
export function earlierRun(state: IncidentState, stepId: string): ActionState | undefined {
  return [...state.actions].reverse().find((a) => a.step === stepId && a.startedAt !== undefined && a.status !== 'failed');
}

/**
 * A step whose change was made and checked (or whose recovery check passed) with no `step.completed`
 * on the log (a full disk took it). An undone change was made and checked too: it is to do again.
 */
export function checkedNotDone(step: RunbookStep, incident: IncidentState): boolean {
  const state = incident.steps.find((s) => s.id === step.id);
  if (state === undefined || state.status === 'done' || state.status === 'skipped' || state.undoneBy !== undefined) return false;
  if (step.verify !== undefined) return state.check?.outcome === 'passed';
  const last = [...incident.actions].reverse().find((a) => a.step === step.id);
  return step.run !== undefined && last?.status === 'succeeded' && last.verification?.outcome === 'passed';
}
