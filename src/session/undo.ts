import type { UndoAction } from '../core/actions';
import { fellSoFar, judgeRollbacks, leftClean, type BurnSamples } from '../core/burnWentOn';
import type { IncidentState } from '../core/incident';
import { clearedRevisions, ranCleanRevisions } from '../core/knownBad';
import { planContextOf } from '../core/ranHere';
import type { ActionState } from '../core/incidentState';
import { own } from '../core/own';
import { undoRefusal } from '../core/undo';
import type { ActionRunner } from '../plugins/contract';
import type { ActionRequest } from './actionLifecycle';
import type { LiveProvider, ProviderSet } from './providers';

/**
 * Taking back a change the responder made through the cockpit: the plugin that made it names the
 * action that reverses it (`ActionRunner.undo`, from the facts its plan recorded), and that action
 * goes the way a step's does (planned afresh, its safety check, a confirmation, executed, verified)
 * as a change of its own that names what it undoes. The cockpit advised "undo it: set checkout_v2
 * back" and had no way to do it.
 */

/** The plugin's undo of a recorded action, with what runs it; undefined when it has none. */
function pluginUndo(providers: ProviderSet, action: ActionState): { undo: UndoAction; provider: LiveProvider; runner: ActionRunner; name: string } | undefined {
  const [key = '', verb = ''] = action.name.split('.');
  const provider = providers.providers.get(key);
  const undo = own(provider?.instance.actions, verb)?.undo?.(action.facts ?? {});
  const runner = undo && own(provider?.instance.actions, undo.action);
  return provider && undo && runner ? { undo, provider, runner, name: `${key}.${undo.action}` } : undefined;
}

/** What undoing `action` would do, in words ("set checkout_v2 back to on"): for the step's line. */
export function undoSummary(providers: ProviderSet, action: ActionState): string | undefined {
  return pluginUndo(providers, action)?.undo.summary;
}

/** The request that undoes action `id`, numbered by `newId` (asked only when there is one); or why there is none. `responder`: who asks, on a shared store. */
export function undoRequest(
  providers: ProviderSet,
  actions: readonly ActionState[],
  id: string,
  newId: () => string,
  responder?: string,
): { readonly ok: true; readonly request: ActionRequest } | { readonly ok: false; readonly reason: string } {
  const action = actions.find((a) => a.id === id);
  if (action === undefined) return { ok: false, reason: `no action ${id} in this incident` };
  const refusal = undoRefusal(actions, action, responder);
  if (refusal !== undefined) return { ok: false, reason: refusal };
  const found = pluginUndo(providers, action);
  const spec = found && own(found.provider.plugin.actions, found.undo.action);
  if (found === undefined || spec === undefined) return { ok: false, reason: `${action.name} has no undo in its provider: change it back there` };
  return {
    ok: true,
    request: {
      actionId: newId(),
      name: found.name,
      // An undo is a new decision, whatever the runbook said of the step: always confirmed.
      stepConfirm: true,
      provider: found.provider,
      spec,
      runner: undoing(found.runner, id),
      params: found.undo.params,
      undoes: id,
    },
  };
}

/** The runner with its plans named as the undo they are ("Undo act-1: Set checkout_v2 to on in …"), on the dialog and the timeline. */
function undoing(runner: ActionRunner, id: string): ActionRunner {
  return {
    ...runner,
    plan: async (params, signal, context) => {
      const planned = await runner.plan(params, signal, context);
      return planned.ok ? { ok: true, value: { ...planned.value, summary: `Undo ${id}: ${planned.value.summary}` } } : planned;
    },
  };
}

/**
 * What an undo's plan must respect, and what its confirmation asks. The plan: what the incident
 * knew besides the change undone (":42 is known bad: rolled back to :41 (act-1)" blocked undoing
 * act-1, the undo the advice asked for), unless the burn stopped or fell after that change: then
 * the revision it left is the one the burn blamed, and putting it back read "✓ SAFE" with nothing
 * to type. The confirmation of such an undo (a kill switch's too: turning the flag the burn began
 * with back on passed with one Enter) asks for `undo act-1` typed.
 */
export function undoGuard(state: () => IncidentState, id: string, burns: () => BurnSamples): Pick<ActionRequest, 'planContext' | 'mustType'> {
  const judged = judgeRollbacks(state().actions, burns());
  const action = state().actions.find((a) => a.id === id);
  const blamed = judged.stopped.has(id) || judged.helped.has(id) || (action !== undefined && fellSoFar(action, state().actions, burns()));
  // What the burn cleared is judged on the whole incident: the undone rollback is what cleared it.
  // So is what ran clean: the undone rollback left it after the burn had stopped.
  const cleared = new Set([...clearedRevisions(state(), judged.cleared), ...ranCleanRevisions(state(), leftClean(judged))]);
  const planContext = () => planContextOf(blamed ? state() : { ...state(), actions: state().actions.filter((a) => a.id !== id) }, burns(), cleared);
  const together = judged.stopped.get(id) ?? [];
  const after = together.length === 0 ? id : `${[id, ...together].sort().join(' and ')}, made together (the SLO cannot tell which)`;
  const mustType = { phrase: `undo ${id}`, reason: `the burn ${judged.stopped.has(id) ? 'stopped' : 'fell'} after ${after}: undoing it may bring the burn back` };
  return blamed ? { planContext, mustType } : { planContext };
}
