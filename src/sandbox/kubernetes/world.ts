/**
 * The sandbox Kubernetes world's transitions: seeding, the Deployment controller's reaction to a
 * patched Deployment (a new ReplicaSet and revision when the pod template changes, an old one
 * reused when the template matches it, as `kubectl rollout undo` relies on), and a rolling update
 * that moves one pod per `msPerPod` of the world's clock. Pure: a world in, a new world out.
 */
import { createHash } from 'node:crypto';
import { applyPatch } from './patch';
import { decideAnalysis, startAnalysis } from './argo';
import { fromArgoAnnotations } from './argoNames';
import { CHANGE_CAUSE, type Deployment, HASH_LABEL, type JsonObject, type KubeError, type Outcome, type ReplicaSet, REVISION, REVISION_HISTORY, type WorkloadKind, type World } from './model';
import { canonical, findDeployment, newUid, imagesOf, isBroken, isObject, ownedBy, revisionOf, sameTemplate, SKIPPED_ANNOTATIONS, withoutHash } from './lookups';
import { rolloutView } from './argoViews';
import { deploymentView } from './views';

export interface ContainerSeed {
  readonly name: string;
  readonly image: string;
}

export interface RevisionSeed {
  readonly revision: number;
  readonly createdAtMs: number;
  readonly containers: readonly ContainerSeed[];
  /** Pod-template annotations (`cockpit.dev/migration`, ...). */
  readonly templateAnnotations?: Readonly<Record<string, string>>;
  readonly changeCause?: string;
}

export interface DeploymentSeed {
  /** An Argo Rollout rather than a Deployment (`Deployment` when left out). */
  readonly kind?: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly progressDeadlineSeconds?: number;
  /** Oldest first; the last one is the Deployment's template. */
  readonly history: readonly RevisionSeed[];
  /** The last revision is still rolling out over the one before (from its `createdAtMs`). */
  readonly rolling?: boolean;
}

export interface WorldSeed {
  readonly msPerPod: number;
  readonly brokenImages?: readonly string[];
  /** Revisions whose builds are bad: a Rollout's analysis of them fails, and the update is aborted. */
  readonly failingAnalysis?: readonly number[];
  readonly deployments: readonly DeploymentSeed[];
}

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';
function templateHash(template: JsonObject): string {
  const digest = createHash('sha256').update(JSON.stringify(canonical(withoutHash(template)))).digest();
  return Array.from(digest.subarray(0, 10), (byte) => SAFE[byte % SAFE.length]).join('');
}

function withHash(template: JsonObject, hash: string): JsonObject {
  const copy = structuredClone(template);
  const metadata = isObject(copy.metadata) ? copy.metadata : {};
  metadata.labels = { ...(isObject(metadata.labels) ? metadata.labels : {}), [HASH_LABEL]: hash };
  copy.metadata = metadata;
  return copy;
}

function podTemplate(selector: Readonly<Record<string, string>>, seed: RevisionSeed): JsonObject {
  return {
    metadata: { labels: { ...selector }, ...(seed.templateAnnotations ? { annotations: { ...seed.templateAnnotations } } : {}) },
    spec: { containers: seed.containers.map((c) => ({ name: c.name, image: c.image, resources: {} })) },
  };
}

export function createWorld(seed: WorldSeed): World {
  const world: World = {
    msPerPod: seed.msPerPod,
    brokenImages: [...(seed.brokenImages ?? [])],
    failingAnalysis: [...(seed.failingAnalysis ?? [])],
    deployments: [],
    replicaSets: [],
    analysisRuns: [],
    resourceVersion: 1000,
    nextId: 1,
  };
  for (const d of seed.deployments) {
    const kind = d.kind ?? 'Deployment';
    const selector = { app: d.name };
    const last = d.history.at(-1)!;
    const replicaSets = d.history.map((revision, index): ReplicaSet => {
      const template = podTemplate(selector, revision);
      const hash = templateHash(template);
      const isLast = index === d.history.length - 1;
      const previous = index === d.history.length - 2;
      const replicas = d.rolling ? (previous ? d.replicas : 0) : isLast ? d.replicas : 0;
      return {
        name: `${d.name}-${hash}`,
        uid: newUid(world),
        namespace: d.namespace,
        owner: d.name,
        ownerKind: kind,
        createdAtMs: revision.createdAtMs,
        annotations: { [REVISION]: String(revision.revision), ...(revision.changeCause ? { [CHANGE_CAUSE]: revision.changeCause } : {}) },
        template: withHash(template, hash),
        hash,
        replicas,
        origin: revision.revision,
        resourceVersion: (world.resourceVersion += 1),
      };
    });
    world.replicaSets.push(...replicaSets);
    world.deployments.push({
      kind,
      name: d.name,
      namespace: d.namespace,
      uid: newUid(world),
      createdAtMs: d.history[0]!.createdAtMs,
      labels: { app: d.name, ...d.labels },
      annotations: { ...d.annotations, [REVISION]: String(last.revision), ...(last.changeCause ? { [CHANGE_CAUSE]: last.changeCause } : {}) },
      generation: d.history.length,
      observedGeneration: d.history.length,
      replicas: d.replicas,
      selector,
      template: podTemplate(selector, last),
      progressDeadlineSeconds: d.progressDeadlineSeconds ?? 600,
      rollout: d.rolling
        ? { newReplicaSet: replicaSets.at(-1)!.name, sinceMs: last.createdAtMs, startCounts: Object.fromEntries(replicaSets.map((rs) => [rs.name, rs.replicas])) }
        : null,
      settledAtMs: last.createdAtMs,
      deadlineExceeded: false,
      resourceVersion: (world.resourceVersion += 1),
      ...(kind === 'Rollout' ? { stableReplicaSet: replicaSets.at(d.rolling ? -2 : -1)!.name } : {}),
    });
    // A Rollout's past revisions each passed their analysis (the one still rolling is measured from its start).
    if (kind === 'Rollout') replicaSets.forEach((rs, i) => startAnalysis(world, world.deployments.at(-1)!, rs, d.history[i]!.createdAtMs, i < replicaSets.length - 1 || !d.rolling));
  }
  return world;
}


const notFound = (kind: string, group: string, name: string): KubeError => ({
  code: 404,
  reason: 'NotFound',
  message: `${kind}${group ? `.${group}` : ''} "${name}" not found`,
  details: { name, group, kind },
});
export const deploymentNotFound = (name: string) => notFound('deployments', 'apps', name);
export const workloadNotFound = (kind: WorkloadKind, name: string) => (kind === 'Rollout' ? notFound('rollouts', 'argoproj.io', name) : deploymentNotFound(name));

/** PATCH of a Deployment (or a Rollout): the patched object, with the controller's reaction to a new template. */
export function patchDeployment(
  world: World,
  namespace: string,
  name: string,
  contentType: string,
  patch: unknown,
  atMs: number,
  kind: WorkloadKind = 'Deployment',
): Outcome<Deployment> {
  const current = findDeployment(world, namespace, name, kind);
  if (!current) return { ok: false, error: workloadNotFound(kind, name) };
  const [resource, group] = kind === 'Rollout' ? ['rollouts', 'argoproj.io'] : ['deployments', 'apps'];
  const patched = applyPatch(contentType, kind === 'Rollout' ? rolloutView(world, current) : deploymentView(world, current), patch);
  if (!patched.ok) {
    const unsupported = patched.message.startsWith('the body of the request was in an unknown format');
    return { ok: false, error: { code: unsupported ? 415 : 422, reason: unsupported ? 'UnsupportedMediaType' : 'Invalid', message: patched.message } };
  }
  const metadata = isObject(patched.value.metadata) ? patched.value.metadata : {};
  const spec = isObject(patched.value.spec) ? patched.value.spec : {};
  // A resourceVersion in the patched object is a precondition, as on a real API server.
  if (metadata.resourceVersion !== undefined && metadata.resourceVersion !== String(current.resourceVersion)) {
    return {
      ok: false,
      error: {
        code: 409,
        reason: 'Conflict',
        message: `Operation cannot be fulfilled on ${resource}.${group} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        details: { name, group, kind: resource },
      },
    };
  }
  if (!isObject(spec.template) || imagesOf(spec.template).length === 0) {
    return { ok: false, error: { code: 422, reason: 'Invalid', message: `${kind}.${group} "${name}" is invalid: spec.template.spec.containers: Required value` } };
  }
  const next = structuredClone(world);
  const d = findDeployment(next, namespace, name, kind)!;
  d.labels = stringMap(metadata.labels);
  d.annotations = kind === 'Rollout' ? fromArgoAnnotations(stringMap(metadata.annotations)) : stringMap(metadata.annotations);
  if (typeof spec.replicas === 'number') d.replicas = spec.replicas;
  const templateChanged = !sameTemplate(spec.template, d.template);
  d.template = canonical(spec.template) as JsonObject;
  if (templateChanged) {
    d.generation += 1;
    startRollout(next, d, atMs);
  } else if (d.annotations[REVISION] === undefined) {
    d.annotations[REVISION] = current.annotations[REVISION] ?? '1';
  }
  d.observedGeneration = d.generation;
  d.resourceVersion = next.resourceVersion += 1;
  return { ok: true, world: next, value: d };
}

function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
}

/** The controller: a ReplicaSet for the new template (an old one when it matches) at the next revision. */
function startRollout(world: World, d: Deployment, atMs: number): void {
  const owned = ownedBy(world, d);
  const revision = Math.max(0, ...owned.map(revisionOf)) + 1;
  const copied = Object.fromEntries(Object.entries(d.annotations).filter(([key]) => !SKIPPED_ANNOTATIONS.has(key)));
  let rs = owned.find((candidate) => sameTemplate(candidate.template, d.template));
  if (rs) {
    const history = [rs.annotations[REVISION_HISTORY], rs.annotations[REVISION]].filter((v) => v !== undefined).join(',');
    rs.annotations = { ...copied, [REVISION]: String(revision), [REVISION_HISTORY]: history };
    rs.resourceVersion = world.resourceVersion += 1;
  } else {
    const hash = templateHash(d.template);
    rs = {
      name: `${d.name}-${hash}`,
      uid: newUid(world),
      namespace: d.namespace,
      owner: d.name,
      ownerKind: d.kind,
      createdAtMs: atMs,
      annotations: { ...copied, [REVISION]: String(revision) },
      template: withHash(d.template, hash),
      hash,
      replicas: 0,
      origin: revision,
      resourceVersion: (world.resourceVersion += 1),
    };
    world.replicaSets.push(rs);
  }
  d.annotations[REVISION] = String(revision);
  d.rollout = { newReplicaSet: rs.name, sinceMs: atMs, startCounts: Object.fromEntries(owned.concat(owned.includes(rs) ? [] : [rs]).map((r) => [r.name, r.replicas])) };
  d.deadlineExceeded = false;
  if (d.kind === 'Rollout') {
    delete d.aborted;
    startAnalysis(world, d, rs, atMs, false);
  }
}

/** Pods of each owned ReplicaSet `atMs` into the rollout: one replaced per `msPerPod`, or stalled on a broken image. */
function rolloutCounts(world: World, d: Deployment, atMs: number): { counts: Record<string, number>; done: boolean } {
  const rollout = d.rollout!;
  const startNew = rollout.startCounts[rollout.newReplicaSet] ?? 0;
  const steps = Math.max(0, Math.floor((atMs - rollout.sinceMs) / world.msPerPod));
  const counts: Record<string, number> = {};
  const broken = isBroken(world, d.template);
  // maxSurge 25%: a stalled rollout starts that many new pods that never get ready, and keeps the old ones.
  const newCount = broken ? Math.max(startNew, Math.ceil(d.replicas / 4)) : Math.min(d.replicas, startNew + steps);
  counts[rollout.newReplicaSet] = newCount;
  let oldLeft = broken ? d.replicas : d.replicas - newCount;
  const olds = Object.entries(rollout.startCounts).filter(([name]) => name !== rollout.newReplicaSet);
  for (const [name, count] of olds.sort((a, b) => b[1] - a[1])) {
    counts[name] = Math.min(count, oldLeft);
    oldLeft -= counts[name]!;
  }
  return { counts, done: !broken && newCount === d.replicas && Object.entries(counts).every(([name, n]) => name === rollout.newReplicaSet || n === 0) };
}

/** The world at `atMs`: rollouts moved on, deadlines checked; unchanged objects keep their resourceVersion. */
export function advance(world: World, atMs: number): World {
  if (!world.deployments.some((d) => d.rollout !== null)) return world;
  const next = structuredClone(world);
  for (const d of next.deployments) {
    if (!d.rollout) continue;
    // A Rollout whose analysis failed is aborted: back to its stable ReplicaSet, the template left as it is.
    if (d.kind === 'Rollout' && decideAnalysis(next, d, atMs)) continue;
    const { counts, done } = rolloutCounts(next, d, atMs);
    let changed = false;
    for (const rs of ownedBy(next, d)) {
      const count = counts[rs.name] ?? 0;
      if (rs.replicas === count) continue;
      rs.replicas = count;
      rs.resourceVersion = next.resourceVersion += 1;
      changed = true;
    }
    const overdue = !done && atMs - d.rollout.sinceMs > d.progressDeadlineSeconds * 1000;
    if (overdue && !d.deadlineExceeded) {
      d.deadlineExceeded = true;
      changed = true;
    }
    if (done) {
      if (d.kind === 'Rollout') d.stableReplicaSet = d.rollout.newReplicaSet;
      d.settledAtMs = d.rollout.sinceMs + Math.max(1, d.replicas - (d.rollout.startCounts[d.rollout.newReplicaSet] ?? 0)) * next.msPerPod;
      d.rollout = null;
      changed = true;
    }
    if (changed) d.resourceVersion = next.resourceVersion += 1;
  }
  return next;
}

/** What serves traffic: ready pods by the revision each ReplicaSet was first made at. */
export function servingByOrigin(world: World, namespace: string, name: string, kind: WorkloadKind = 'Deployment'): { readonly taskDefinition: string; readonly running: number }[] {
  const d = findDeployment(world, namespace, name, kind);
  if (!d) return [];
  return ownedBy(world, d)
    .filter((rs) => !isBroken(world, rs.template))
    .map((rs) => ({ taskDefinition: `${name}:${rs.origin}`, running: rs.replicas }));
}

/** The template a `kubectl rollout undo --to-revision` would set (without the hash label); for a drill's replay. */
export function templateOfRevision(world: World, namespace: string, name: string, revision: number, kind: WorkloadKind = 'Deployment'): JsonObject | undefined {
  const d = findDeployment(world, namespace, name, kind);
  const rs = d && ownedBy(world, d).find((r) => revisionOf(r) === revision);
  return rs ? withoutHash(rs.template) : undefined;
}
