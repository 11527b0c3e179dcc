/** The sandbox world's objects as the Kubernetes API serialises them (apps/v1, v1). Pure. */
import { ARGO_GROUP_VERSION, toArgoAnnotations, toArgoLabels, toArgoTemplate } from './argoNames';
import { isBroken, newReplicaSet, ownedBy, ownerOf } from './lookups';
import type { Deployment, JsonObject, ReplicaSet, World } from './model';

export const time = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

function controllerRef(kind: string, name: string, uid: string) {
  return [{ apiVersion: kind === 'Rollout' ? ARGO_GROUP_VERSION : 'apps/v1', kind, name, uid, controller: true, blockOwnerDeletion: true }];
}

export function deploymentStatus(world: World, d: Deployment): JsonObject {
  const owned = ownedBy(world, d);
  const fresh = newReplicaSet(world, d);
  const replicas = owned.reduce((sum, rs) => sum + rs.replicas, 0);
  const available = owned.filter((rs) => !isBroken(world, rs.template)).reduce((sum, rs) => sum + rs.replicas, 0);
  const updated = fresh?.replicas ?? 0;
  const maxUnavailable = Math.floor(d.replicas / 4);
  const rsName = fresh?.name ?? d.name;
  const progressing = d.deadlineExceeded
    ? { status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` }
    : d.rollout
      ? { status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` }
      : { status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` };
  const since = time(d.rollout?.sinceMs ?? d.settledAtMs);
  // As the controller keeps it: lastUpdateTime moves with each bit of progress (a new pod ready)
  // and is the completion time once the new ReplicaSet is available; lastTransitionTime moves
  // only when the status flips (True while progressing, False past the deadline).
  const lastProgressMs = d.rollout ? d.rollout.sinceMs + Math.max(0, updated - (d.rollout.startCounts[d.rollout.newReplicaSet] ?? 0)) * world.msPerPod : d.settledAtMs;
  const gaveUp = time((d.rollout?.sinceMs ?? d.settledAtMs) + d.progressDeadlineSeconds * 1000);
  const progressTimes = d.deadlineExceeded ? { lastUpdateTime: gaveUp, lastTransitionTime: gaveUp } : { lastUpdateTime: time(lastProgressMs), lastTransitionTime: time(d.createdAtMs) };
  return {
    observedGeneration: d.observedGeneration,
    replicas,
    updatedReplicas: updated,
    readyReplicas: available,
    availableReplicas: available,
    ...(replicas > available ? { unavailableReplicas: replicas - available } : {}),
    conditions: [
      {
        type: 'Available',
        status: available >= d.replicas - maxUnavailable ? 'True' : 'False',
        lastUpdateTime: since,
        lastTransitionTime: since,
        reason: available >= d.replicas - maxUnavailable ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message: available >= d.replicas - maxUnavailable ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
      },
      { type: 'Progressing', ...progressTimes, ...progressing },
    ],
  };
}

/** A workload's metadata as its API serves it (a Rollout's annotations in Argo's names, given here). */
export function workloadMetadata(d: Deployment, annotations: Readonly<Record<string, string>> = d.annotations): JsonObject {
  return {
    name: d.name,
    namespace: d.namespace,
    uid: d.uid,
    resourceVersion: String(d.resourceVersion),
    generation: d.generation,
    creationTimestamp: time(d.createdAtMs),
    labels: { ...d.labels },
    annotations: { ...annotations },
  };
}

export function deploymentView(world: World, d: Deployment): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: workloadMetadata(d),
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: { ...d.selector } },
      template: structuredClone(d.template),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: d.progressDeadlineSeconds,
    },
    status: deploymentStatus(world, d),
  };
}

/** A ReplicaSet as its owner's controller writes it (Argo's annotation and label names for a Rollout's). */
export function replicaSetView(world: World, rs: ReplicaSet): JsonObject {
  const view = deploymentReplicaSetView(world, rs);
  if (rs.ownerKind !== 'Rollout') return view;
  const metadata = view.metadata as { labels: Record<string, string>; annotations: Record<string, string> };
  const spec = view.spec as { selector: { matchLabels: Record<string, string> }; template: JsonObject };
  return {
    ...view,
    metadata: { ...metadata, labels: toArgoLabels(metadata.labels), annotations: toArgoAnnotations(metadata.annotations) },
    spec: { ...spec, selector: { matchLabels: toArgoLabels(spec.selector.matchLabels) }, template: toArgoTemplate(spec.template) },
  };
}

function deploymentReplicaSetView(world: World, rs: ReplicaSet): JsonObject {
  const owner = ownerOf(world, rs);
  const ready = isBroken(world, rs.template) ? 0 : rs.replicas;
  const template = rs.template as { metadata?: { labels?: Record<string, string> } };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: rs.name,
      namespace: rs.namespace,
      uid: rs.uid,
      resourceVersion: String(rs.resourceVersion),
      generation: 1,
      creationTimestamp: time(rs.createdAtMs),
      labels: { ...(template.metadata?.labels ?? {}) },
      annotations: { ...rs.annotations, 'deployment.kubernetes.io/desired-replicas': String(owner?.replicas ?? 0) },
      ownerReferences: owner ? controllerRef(owner.kind, owner.name, owner.uid) : [],
    },
    spec: {
      replicas: rs.replicas,
      selector: { matchLabels: { ...(owner?.selector ?? {}), 'pod-template-hash': rs.hash } },
      template: structuredClone(rs.template),
    },
    status: { replicas: rs.replicas, fullyLabeledReplicas: rs.replicas, readyReplicas: ready, availableReplicas: ready, observedGeneration: 1 },
  };
}

/** The pods each ReplicaSet runs: enough for a client reading back which image runs. */
export function podViews(world: World, rs: ReplicaSet): JsonObject[] {
  const broken = isBroken(world, rs.template);
  const template = rs.template as { metadata?: { labels?: Record<string, string> }; spec?: { containers?: { name: string; image: string }[] } };
  const containers = template.spec?.containers ?? [];
  return Array.from({ length: rs.replicas }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${rs.name}-${String(i).padStart(5, 'x')}`,
      namespace: rs.namespace,
      uid: `${rs.uid.slice(0, -4)}${String(i).padStart(4, '0')}`,
      resourceVersion: String(rs.resourceVersion),
      creationTimestamp: time(rs.createdAtMs),
      labels: rs.ownerKind === 'Rollout' ? toArgoLabels(template.metadata?.labels ?? {}) : { ...(template.metadata?.labels ?? {}) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.name, uid: rs.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: structuredClone(template.spec ?? {}),
    status: {
      phase: broken ? 'Pending' : 'Running',
      conditions: [{ type: 'Ready', status: broken ? 'False' : 'True' }],
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image,
        ready: !broken,
        restartCount: broken ? 3 : 0,
        state: broken ? { waiting: { reason: 'CrashLoopBackOff' } } : { running: { startedAt: time(rs.createdAtMs) } },
      })),
    },
  }));
}
