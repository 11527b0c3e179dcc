/**
 * An Argo Rollouts abort is not a rollback. It scales the stable ReplicaSet back up and marks the
 * Rollout Degraded, but leaves the bad build's template in `spec.template`: a retry, a restart or
 * the next GitOps sync rolls it out again. So no plan that aborts may pass for a rollback, whoever
 * made it (a plugin, a runbook command): this finds the abort in a plan's calls. Pure.
 */
import type { PlannedCall } from './actions';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A JSON Patch or merge patch (anywhere in the arguments) that sets a Rollout's `abort`. */
function setsAbort(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => (isObject(item) && typeof item.path === 'string' && /^\/(status|spec)\/abort$/.test(item.path)) || setsAbort(item));
  if (!isObject(value)) return false;
  for (const [key, inner] of Object.entries(value)) {
    if ((key === 'status' || key === 'spec') && isObject(inner) && inner.abort === true) return true;
    if (setsAbort(inner)) return true;
  }
  return false;
}

/** `kubectl argo rollouts abort NAME` or the plugin binary `kubectl-argo-rollouts abort NAME`. */
function runsAbort(argv: readonly string[]): boolean {
  const words = argv.map((word) => word.slice(word.lastIndexOf('/') + 1));
  const at = words.findIndex((word, i) => word === 'kubectl-argo-rollouts' || (word === 'rollouts' && words[i - 1] === 'argo'));
  return at !== -1 && words.slice(at + 1).includes('abort');
}

/** Why the calls are an abort rather than a rollback; undefined when they are not one. */
export function abortInsteadOfRollback(calls: readonly PlannedCall[]): string | undefined {
  const abort = calls.find((call) => (call.kind === 'argv' ? runsAbort(call.argv) : call.kind === 'api' ? setsAbort(call.args) : false));
  if (abort === undefined) return undefined;
  return 'an Argo Rollouts abort is not a rollback: it leaves the new template in the Rollout, and the next retry or sync rolls it out again; undo to an earlier revision instead (kubectl argo rollouts undo)';
}
