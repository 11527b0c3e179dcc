/**
 * The workload a `kubernetes` provider watches and rolls back: an apps/v1 Deployment, or an Argo
 * Rollout (argoproj.io/v1alpha1). Both own ReplicaSets, one per pod template, numbered by a
 * revision annotation; they differ in the annotation and hash-label names, in how their status
 * reads, and in the command whose undo the cockpit does.
 */
import type { V1Deployment } from '@kubernetes/client-node';
import type { Result } from '../../src/plugins/contract';
import { argoRolloutStatus } from './argoStatus';
import type { JsonPatchOperation, KubernetesApi } from './client';
import { type RolloutStatus, rolloutStatus } from './status';
import type { WorkloadObject } from './workloadObject';

export type { WorkloadObject };

export interface WorkloadKind {
  readonly kind: 'Deployment' | 'Rollout';
  /** As kubectl names one: `deployment/payments-api`. */
  readonly resource: 'deployment' | 'rollout';
  readonly revisionAnnotation: string;
  readonly revisionHistoryAnnotation: string;
  readonly hashLabel: string;
  /** The command whose undo the plan does. */
  readonly undo: string;
  readonly status: (object: WorkloadObject) => RolloutStatus;
}

export const DEPLOYMENT: WorkloadKind = {
  kind: 'Deployment',
  resource: 'deployment',
  revisionAnnotation: 'deployment.kubernetes.io/revision',
  revisionHistoryAnnotation: 'deployment.kubernetes.io/revision-history',
  hashLabel: 'pod-template-hash',
  undo: 'kubectl rollout undo',
  status: (object) => rolloutStatus(object as V1Deployment),
};

export const ROLLOUT: WorkloadKind = {
  kind: 'Rollout',
  resource: 'rollout',
  revisionAnnotation: 'rollout.argoproj.io/revision',
  revisionHistoryAnnotation: 'rollout.argoproj.io/revision-history',
  hashLabel: 'rollouts-pod-template-hash',
  undo: 'kubectl argo rollouts undo',
  status: argoRolloutStatus,
};

export interface Workload extends WorkloadKind {
  readonly name: string;
  read(signal: AbortSignal): Promise<Result<WorkloadObject>>;
  patch(patch: readonly JsonPatchOperation[], signal: AbortSignal): Promise<Result<WorkloadObject>>;
}

export function workload(api: KubernetesApi, config: { readonly deployment?: string; readonly rollout?: string }): Workload {
  if (config.rollout !== undefined) {
    const name = config.rollout;
    return { ...ROLLOUT, name, read: (signal) => api.readRollout(name, signal), patch: (patch, signal) => api.patchRollout(name, patch, signal) };
  }
  const name = config.deployment!;
  return { ...DEPLOYMENT, name, read: (signal) => api.readDeployment(name, signal), patch: (patch, signal) => api.patchDeployment(name, patch, signal) };
}

/** `deployment/payments-api` */
export const workloadRef = (w: Pick<Workload, 'resource' | 'name'>) => `${w.resource}/${w.name}`;
