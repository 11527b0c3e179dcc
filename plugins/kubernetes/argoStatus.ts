/**
 * An Argo Rollout's status as `kubectl argo rollouts status` reads it (its GetRolloutPhase): an
 * unobserved spec is still progressing; otherwise the controller's own `status.phase` and
 * `status.message` (Healthy, Progressing, Paused, Degraded). Pure.
 */
import type { RolloutStatus } from './status';
import type { WorkloadObject } from './workloadObject';

/** The Rollout status fields the cockpit reads (argoproj.io/v1alpha1 RolloutStatus). */
export interface ArgoRolloutStatus {
  readonly phase?: string;
  readonly message?: string;
  /** A string in Argo's status (`"3"`), a number in older versions. */
  readonly observedGeneration?: string | number;
  readonly stableRS?: string;
  readonly currentPodHash?: string;
  readonly updatedReplicas?: number;
  readonly abort?: boolean;
}

export const argoStatusOf = (object: WorkloadObject) => (object.status ?? {}) as ArgoRolloutStatus;

export function argoRolloutStatus(object: WorkloadObject): RolloutStatus {
  const status = argoStatusOf(object);
  const desired = object.spec?.replicas ?? 1;
  const progress = { updated: status.updatedReplicas ?? 0, desired };
  const observed = Number(status.observedGeneration ?? 0);
  if (Number.isFinite(observed) && (object.metadata?.generation ?? 0) > observed) {
    return { state: 'progressing', message: 'Progressing - waiting for rollout spec update to be observed', ...progress };
  }
  const phase = status.phase ?? 'Progressing';
  const message = `${phase}${status.message ? ` - ${status.message}` : ''}`;
  if (phase === 'Healthy') return { state: 'complete', message, ...progress };
  if (phase === 'Degraded') return { state: 'failed', message, ...progress };
  return { state: 'progressing', message, ...progress };
}

/**
 * An update the Rollout aborted (its analysis failed, or someone aborted it): its stable
 * ReplicaSet serves again while `spec.template` still names the aborted revision. As `kubectl
 * argo rollouts get rollout` shows it: the stable revision runs, the aborted one is scaled down.
 */
export function abortedUpdate(object: WorkloadObject): { readonly stableHash: string; readonly reason: string } | undefined {
  const status = argoStatusOf(object);
  if (status.abort !== true || status.stableRS === undefined || status.stableRS === status.currentPodHash) return undefined;
  return { stableHash: status.stableRS, reason: status.message ?? 'the Rollout was aborted' };
}
