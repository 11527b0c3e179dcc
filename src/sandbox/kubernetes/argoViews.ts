/** The sandbox's Argo Rollouts objects as the API serves them (argoproj.io/v1alpha1 Rollout, AnalysisRun). Pure. */
import { FAILED_METRIC } from './argo';
import { ARGO_GROUP_VERSION, ARGO_HASH_LABEL, toArgoAnnotations } from './argoNames';
import { newReplicaSet } from './lookups';
import type { AnalysisRun, Deployment, JsonObject, World } from './model';
import { deploymentStatus, time, workloadMetadata } from './views';

/** `status.phase` and `status.message` as the Rollout controller (1.0+) writes them. */
function phaseOf(d: Deployment, updated: number, available: number, replicaSet: string | undefined): { phase: string; message: string } {
  if (d.aborted) return { phase: 'Degraded', message: d.aborted };
  if (d.deadlineExceeded) return { phase: 'Degraded', message: `ProgressDeadlineExceeded: ReplicaSet "${replicaSet}" has timed out progressing.` };
  if (d.rollout) return { phase: 'Progressing', message: updated < d.replicas ? 'more replicas need to be updated' : available < updated ? 'updated replicas are still becoming available' : 'old replicas are pending termination' };
  return { phase: 'Healthy', message: '' };
}

export function rolloutView(world: World, d: Deployment): JsonObject {
  const base = deploymentStatus(world, d) as { updatedReplicas: number; availableReplicas: number; observedGeneration: number };
  const fresh = newReplicaSet(world, d);
  const stable = world.replicaSets.find((rs) => rs.name === d.stableReplicaSet);
  return {
    apiVersion: ARGO_GROUP_VERSION,
    kind: 'Rollout',
    metadata: workloadMetadata(d, toArgoAnnotations(d.annotations)),
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: { ...d.selector } },
      template: structuredClone(d.template),
      strategy: { canary: { maxSurge: '25%', maxUnavailable: '25%', analysis: { templates: [{ templateName: 'success-rate' }] } } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: d.progressDeadlineSeconds,
    },
    status: {
      ...base,
      // Argo writes the observed generation as a string.
      observedGeneration: String(base.observedGeneration),
      ...phaseOf(d, base.updatedReplicas, base.availableReplicas, fresh?.name),
      ...(fresh ? { currentPodHash: fresh.hash } : {}),
      ...(stable ? { stableRS: stable.hash } : {}),
      ...(d.aborted ? { abort: true } : {}),
      selector: Object.entries({ ...d.selector }).map(([k, v]) => `${k}=${v}`).join(','),
    },
  };
}

export function analysisRunView(world: World, run: AnalysisRun): JsonObject {
  const owner = world.deployments.find((d) => d.kind === 'Rollout' && d.namespace === run.namespace && d.name === run.owner);
  const measured = run.phase !== 'Running';
  return {
    apiVersion: ARGO_GROUP_VERSION,
    kind: 'AnalysisRun',
    metadata: {
      name: run.name,
      namespace: run.namespace,
      uid: run.uid,
      resourceVersion: String(run.resourceVersion),
      creationTimestamp: time(run.createdAtMs),
      labels: { [ARGO_HASH_LABEL]: run.hash, 'rollout-type': 'Background' },
      annotations: { 'rollout.argoproj.io/revision': String(run.revision) },
      ownerReferences: owner ? [{ apiVersion: ARGO_GROUP_VERSION, kind: 'Rollout', name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }] : [],
    },
    spec: { metrics: [{ name: 'success-rate', successCondition: 'result[0] >= 0.95', failureLimit: 0, provider: { prometheus: { query: 'success ratio of the new pods' } } }] },
    status: {
      phase: run.phase,
      ...(run.phase === 'Failed' ? { message: FAILED_METRIC } : {}),
      startedAt: time(run.createdAtMs),
      metricResults: [
        {
          name: 'success-rate',
          phase: run.phase,
          count: measured ? 1 : 0,
          successful: run.phase === 'Successful' ? 1 : 0,
          failed: run.phase === 'Failed' ? 1 : 0,
          ...(measured ? { measurements: [{ phase: run.phase, value: run.phase === 'Failed' ? '[0.91]' : '[0.999]', startedAt: time(run.createdAtMs), finishedAt: time(run.decidesAtMs) }] } : {}),
        },
      ],
    },
  };
}
