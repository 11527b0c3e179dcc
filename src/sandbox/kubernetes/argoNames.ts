/**
 * Argo Rollouts' names for what the sandbox keeps in Deployment terms: the Rollout controller
 * writes `rollout.argoproj.io/revision` where the Deployment controller writes
 * `deployment.kubernetes.io/revision`, and labels its pods `rollouts-pod-template-hash`. Pure.
 */
import { HASH_LABEL, type JsonObject, REVISION, REVISION_HISTORY } from './model';
import { isObject } from './lookups';

export const ARGO_GROUP_VERSION = 'argoproj.io/v1alpha1';
export const ARGO_HASH_LABEL = 'rollouts-pod-template-hash';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';

const TO_ARGO: Readonly<Record<string, string>> = {
  [REVISION]: 'rollout.argoproj.io/revision',
  [REVISION_HISTORY]: 'rollout.argoproj.io/revision-history',
  [DESIRED]: 'rollout.argoproj.io/desired-replicas',
};
const FROM_ARGO: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(TO_ARGO).map(([k, v]) => [v, k]));

const renamed = (map: Readonly<Record<string, string>>, names: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [names[k] ?? k, v]));

export const toArgoAnnotations = (annotations: Readonly<Record<string, string>>) => renamed(annotations, TO_ARGO);
export const fromArgoAnnotations = (annotations: Readonly<Record<string, string>>) => renamed(annotations, FROM_ARGO);
export const toArgoLabels = (labels: Readonly<Record<string, string>>) => renamed(labels, { [HASH_LABEL]: ARGO_HASH_LABEL });

/** A pod template with Argo's hash label. */
export function toArgoTemplate(template: JsonObject): JsonObject {
  const copy = structuredClone(template);
  if (isObject(copy.metadata) && isObject(copy.metadata.labels)) copy.metadata.labels = toArgoLabels(copy.metadata.labels as Record<string, string>);
  return copy;
}
