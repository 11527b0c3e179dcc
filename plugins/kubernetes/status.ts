/**
 * `kubectl rollout status` for a Deployment, as a pure reading of the object: the same checks in
 * the same order, and the same sentences, so the cockpit and kubectl say the same thing.
 */
import type { V1Deployment } from '@kubernetes/client-node';

export type RolloutState = 'complete' | 'progressing' | 'failed';

export interface RolloutStatus {
  readonly state: RolloutState;
  readonly message: string;
  readonly updated: number;
  readonly desired: number;
}

export function rolloutStatus(deployment: V1Deployment): RolloutStatus {
  const name = deployment.metadata?.name ?? '';
  const status = deployment.status ?? {};
  const desired = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const progress = { updated, desired };
  if ((deployment.metadata?.generation ?? 0) > (status.observedGeneration ?? 0)) {
    return { state: 'progressing', message: 'Waiting for deployment spec update to be observed...', ...progress };
  }
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { state: 'failed', message: `deployment "${name}" exceeded its progress deadline`, ...progress };
  }
  const waiting = `Waiting for deployment "${name}" rollout to finish: `;
  if (deployment.spec?.replicas !== undefined && updated < desired) {
    return { state: 'progressing', message: `${waiting}${updated} out of ${desired} new replicas have been updated...`, ...progress };
  }
  if ((status.replicas ?? 0) > updated) {
    return { state: 'progressing', message: `${waiting}${(status.replicas ?? 0) - updated} old replicas are pending termination...`, ...progress };
  }
  if ((status.availableReplicas ?? 0) < updated) {
    return { state: 'progressing', message: `${waiting}${status.availableReplicas ?? 0} of ${updated} updated replicas are available...`, ...progress };
  }
  return { state: 'complete', message: `deployment "${name}" successfully rolled out`, ...progress };
}

/**
 * When the controller says the rollout completed: the Progressing condition's lastUpdateTime once
 * its reason is NewReplicaSetAvailable (it moves with each bit of progress until then).
 */
export function rolloutCompletedAt(object: { readonly status?: unknown }): string | undefined {
  const conditions = (object.status as { conditions?: { type?: string; reason?: string; lastUpdateTime?: Date | string }[] } | undefined)?.conditions;
  const progressing = conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason !== 'NewReplicaSetAvailable' || progressing.lastUpdateTime === undefined) return undefined;
  const at = new Date(progressing.lastUpdateTime);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}
