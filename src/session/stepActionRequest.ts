import { own } from '../core/own';
import { earlierRun, stepParams } from '../core/stepAction';
import type { IncidentState } from '../core/incident';
import type { Runbook, RunbookStep } from '../runbook/schema';
import type { ActionRequest } from './actionLifecycle';
import type { LiveProvider } from './providers';

/** What a step's action request needs of the session. */
export interface StepRequestDeps {
  readonly state: () => IncidentState;
  readonly runbook: Runbook;
  readonly deploysKey?: string;
}

/** The request that runs a step's action through `provider`'s `verb`; undefined when the plugin has no such action. */
export function stepActionRequest(deps: StepRequestDeps, provider: LiveProvider, verb: string, actionId: string, step: RunbookStep): ActionRequest | undefined {
  const spec = own(provider.plugin.actions, verb);
  const runner = provider.instance.actions?.[verb];
  if (!spec || !runner) return undefined;
  const repeatOf = earlierRun(deps.state(), step.id)?.id;
  return {
    actionId,
    name: step.run!.action,
    step: step.id,
    stepConfirm: step.confirm ?? false,
    provider,
    spec,
    runner,
    params: stepParams(step, deps.runbook, deps.deploysKey),
    ...(repeatOf ? { repeatOf } : {}),
  };
}

/**
 * The request that checks again an undo's change (an undo has no step of its own): its verification
 * only, through `provider`'s `verb`. A cockpit killed while an undo rolled out left it "still being
 * verified" to the end of the incident.
 */
export function undoCheckRequest(provider: LiveProvider, verb: string, action: { readonly id: string; readonly name: string; readonly undoes: string }): ActionRequest | undefined {
  const spec = own(provider.plugin.actions, verb);
  const runner = provider.instance.actions?.[verb];
  if (!spec || !runner) return undefined;
  return { actionId: action.id, name: action.name, stepConfirm: true, provider, spec, runner, params: {}, undoes: action.undoes };
}
