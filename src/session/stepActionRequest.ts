import { own } from '../core/own';
import { earlierRun, stepParams } from '../core/stepAction';
import type { ActionState, IncidentState } from '../core/incident';
import type { Runbook, RunbookStep } from '../runbook/schema';
import type { ActionRequest } from './actionLifecycle';
import type { LiveProvider, ProviderSet } from './providers';

/** What a step's action request needs of the session. */
export interface StepRequestDeps {
  readonly state: () => IncidentState;
  readonly runbook: Runbook;
  /** The provider the deploys panel shows: its `rollback` takes the runbook's `rollback.target`. */
  readonly deploysKey?: string;
  /** What still burns (`checkout-api is burning 7.8x on 5m`), if anything: core/stillBurning.ts. */
  readonly burning?: () => string | undefined;
}

/** The request that runs a step's action through `provider`'s `verb`; undefined when the plugin has no such action. */
export function stepActionRequest(deps: StepRequestDeps, provider: LiveProvider, verb: string, actionId: string, step: RunbookStep): ActionRequest | undefined {
  const spec = own(provider.plugin.actions, verb);
  const runner = provider.instance.actions?.[verb];
  if (!spec || !runner) return undefined;
  const repeatOf = earlierRun(deps.state(), step.id)?.id;
  const early = reversedNotDone(deps, step) ?? reversedWhileBurning(deps, step);
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
    ...(early ? { mustType: early } : {}),
  };
}

/**
 * A step that takes back one not done yet (the runbook's `reverses`: resume consumers never paused) asks for its id
 * typed, saying why: run out of order at the start of an order-worker drill, `Resume the consumers` read `✓ SAFE` with
 * one Enter, the runbook then pointed at `1. Pause the consumers`, and nothing in the report or the postmortem said so.
 */
function reversedNotDone(deps: StepRequestDeps, step: RunbookStep): { readonly phrase: string; readonly reason: string } | undefined {
  const reversed = step.reverses === undefined ? undefined : deps.state().steps.find((s) => s.id === step.reverses);
  if (reversed === undefined || reversed.status === 'done') return undefined;
  return { phrase: step.id, reason: `it takes back step ${numberOf(deps, reversed.id)}. ${reversed.title}, which has not been done: there is nothing for it to take back yet` };
}

/**
 * A step that takes back one done while the burn goes on asks for its id typed, saying so: after an order-worker
 * rollback, the burn still at 7.8x, `◀ next` moved to `4. Resume the consumers` and its dialog read `✓ SAFE`; two
 * Enters let through the bad writes the pause held back, before anyone knew the rollback had worked.
 */
function reversedWhileBurning(deps: StepRequestDeps, step: RunbookStep): { readonly phrase: string; readonly reason: string } | undefined {
  const reversed = step.reverses === undefined ? undefined : deps.state().steps.find((s) => s.id === step.reverses);
  const burning = reversed?.status === 'done' ? deps.burning?.() : undefined;
  if (reversed === undefined || burning === undefined) return undefined;
  return { phrase: step.id, reason: `${burning}: it takes back step ${numberOf(deps, reversed.id)}. ${reversed.title} while the burn goes on` };
}

const numberOf = (deps: StepRequestDeps, id: string) => [...deps.runbook.first_actions, ...deps.runbook.recovery].findIndex((s) => s.id === id) + 1;

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

/**
 * Whether an action held no lease on its target: a step's action that changes nothing, which its runbook does not ask to
 * confirm (a diagnostic command; `takeLease`). Nothing expires when its cockpit dies: its leaving is what ends it.
 */
export function takesNoLease(runbook: Runbook, providers: ProviderSet, action: ActionState): boolean {
  const step = action.undoes === undefined ? [...runbook.first_actions, ...runbook.recovery].find((s) => s.id === action.step) : undefined;
  const [key = '', verb = ''] = action.name.split('.');
  const spec = own(providers.providers.get(key)?.plugin.actions, verb);
  return step !== undefined && spec !== undefined && !spec.mutating && step.confirm !== true;
}
