/** Questions about the sandbox Kubernetes world, shared by its transitions and its API views. Pure. */
import { HASH_LABEL, type Deployment, type JsonObject, type ReplicaSet, REVISION, REVISION_HISTORY, type WorkloadKind, type World } from './model';

/** Annotations of a Deployment the controller does not copy to its ReplicaSets (kubectl skips them on undo too). */
export const SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys sorted, nulls and empty objects and lists dropped: the API server's defaulting makes these equal. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isObject(value)) return value;
  const entries = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const inner = canonical(value[key]);
      const empty = inner === null || inner === undefined || (isObject(inner) && Object.keys(inner).length === 0) || (Array.isArray(inner) && inner.length === 0);
      return empty ? [] : [[key, inner] as const];
    });
  return Object.fromEntries(entries);
}

/** The template without its `pod-template-hash` label, as `kubectl rollout undo` and the controller compare them. */
export function withoutHash(template: JsonObject): JsonObject {
  const copy = structuredClone(template);
  const metadata = isObject(copy.metadata) ? copy.metadata : undefined;
  if (metadata && isObject(metadata.labels)) delete metadata.labels[HASH_LABEL];
  return copy;
}

export const sameTemplate = (a: JsonObject, b: JsonObject) => JSON.stringify(canonical(withoutHash(a))) === JSON.stringify(canonical(withoutHash(b)));

export const revisionOf = (rs: ReplicaSet) => Number(rs.annotations[REVISION] ?? 0);
export const ownedBy = (world: World, d: Deployment) => world.replicaSets.filter((rs) => rs.namespace === d.namespace && rs.owner === d.name && rs.ownerKind === d.kind);
export const findDeployment = (world: World, namespace: string, name: string, kind: WorkloadKind = 'Deployment') =>
  world.deployments.find((d) => d.namespace === namespace && d.name === name && d.kind === kind);
export const ownerOf = (world: World, rs: ReplicaSet) => world.deployments.find((d) => d.namespace === rs.namespace && d.name === rs.owner && d.kind === rs.ownerKind);
/** The ReplicaSet whose template the Deployment's is (what `updatedReplicas` counts). */
export const newReplicaSet = (world: World, d: Deployment) => ownedBy(world, d).find((rs) => sameTemplate(rs.template, d.template));
export const isBroken = (world: World, template: JsonObject) => imagesOf(template).some((image) => world.brokenImages.includes(image));

export function imagesOf(template: JsonObject): string[] {
  const spec = isObject(template.spec) ? template.spec : {};
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  return containers.flatMap((c) => (isObject(c) && typeof c.image === 'string' ? [c.image] : []));
}


/** A fresh object uid (the world's counter moves on). */
export function newUid(world: World): string {
  const n = (world.nextId += 1);
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
