/**
 * A workload's revisions, read as `kubectl rollout history` reads a Deployment's (and `kubectl
 * argo rollouts undo` a Rollout's): the ReplicaSets it controls (its selector, then its controller
 * reference), each with its revision annotation (`deployment.kubernetes.io/revision`,
 * `rollout.argoproj.io/revision`), images, change-cause and creation time. Labels for the
 * safety rules come from pod-template annotations `cockpit.dev/<label>` (`cockpit.dev/migration: contract`).
 */
import type { V1LabelSelector, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';
import { type Deploy, type DeployStatus, type Result, fail, ok } from '../../src/plugins/contract';
import { abortedUpdate } from './argoStatus';
import type { KubernetesApi } from './client';
import type { RolloutStatus } from './status';
import { DEPLOYMENT, type Workload, type WorkloadKind, type WorkloadObject } from './workload';

export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const LABEL_PREFIX = 'cockpit.dev/';

export interface RevisionRecord extends Deploy {
  readonly number: number;
  readonly replicaSet: string;
  /** The ReplicaSet's pod template, without `pod-template-hash`: what an undo to it sets. */
  readonly template: V1PodTemplateSpec;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface History {
  readonly workload: WorkloadObject;
  readonly kind: WorkloadKind;
  readonly name: string;
  readonly status: RolloutStatus;
  /** Newest revision first. */
  readonly revisions: readonly RevisionRecord[];
  /**
   * The revision that serves: the workload's template (its revision annotation), or, after an
   * Argo Rollouts abort, the stable ReplicaSet's.
   */
  readonly current?: RevisionRecord;
}

/** `matchLabels` and `matchExpressions` as the `labelSelector` query parameter. */
export function selectorString(selector: V1LabelSelector | undefined): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = (selector?.matchExpressions ?? []).map((e) => {
    switch (e.operator) {
      case 'In':
        return `${e.key} in (${(e.values ?? []).join(',')})`;
      case 'NotIn':
        return `${e.key} notin (${(e.values ?? []).join(',')})`;
      case 'DoesNotExist':
        return `!${e.key}`;
      default:
        return e.key;
    }
  });
  return [...labels, ...expressions].join(',');
}

export const revisionName = (deployment: string, n: number) => `${deployment}:${n}`;

/** The template without its controller's hash label (`pod-template-hash`, `rollouts-pod-template-hash`). */
export function withoutHash(template: V1PodTemplateSpec | undefined, hashLabel = DEPLOYMENT.hashLabel): V1PodTemplateSpec {
  const copy = JSON.parse(JSON.stringify(template ?? {})) as V1PodTemplateSpec;
  if (copy.metadata?.labels) delete copy.metadata.labels[hashLabel];
  return copy;
}

/** Two templates are one revision when they match without the hash label (the controller's test). */
export function sameTemplate(a: V1PodTemplateSpec | undefined, b: V1PodTemplateSpec | undefined, hashLabel = DEPLOYMENT.hashLabel): boolean {
  return JSON.stringify(canonical(withoutHash(a, hashLabel))) === JSON.stringify(canonical(withoutHash(b, hashLabel)));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const inner = canonical((value as Record<string, unknown>)[key]);
      const empty = inner === null || inner === undefined || (typeof inner === 'object' && Object.keys(inner).length === 0);
      return empty ? [] : [[key, inner] as const];
    });
  return Object.fromEntries(entries);
}

export function imagesOf(template: V1PodTemplateSpec | undefined): string[] {
  return (template?.spec?.containers ?? []).map((c) => c.image ?? '').filter((image) => image !== '');
}

function labelsOf(template: V1PodTemplateSpec | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(template?.metadata?.annotations ?? {}).flatMap(([k, v]) => (k.startsWith(LABEL_PREFIX) ? [[k.slice(LABEL_PREFIX.length), v]] : [])),
  );
}

const iso = (date: Date | string | undefined) => (date === undefined ? undefined : new Date(date).toISOString());

const CURRENT_STATUS: Readonly<Record<RolloutStatus['state'], DeployStatus>> = { complete: 'successful', progressing: 'in-progress', failed: 'failed' };

/**
 * When a reused ReplicaSet (an undo set its template again) became the Deployment's: its creation
 * time is its first revision's. The controller records no start, but its Progressing condition
 * names the new ReplicaSet (`ReplicaSet "x" is progressing.` / `has successfully progressed.`),
 * and its lastUpdateTime is the rollout's latest progress, or its completion: after the undo.
 */
function becameCurrentAt(workload: WorkloadObject, replicaSet: string): string | undefined {
  const conditions = (workload.status as { conditions?: { type?: string; message?: string; lastUpdateTime?: Date | string; lastTransitionTime?: Date | string }[] } | undefined)?.conditions;
  const progressing = conditions?.find((c) => c.type === 'Progressing');
  return progressing?.message?.includes(`"${replicaSet}"`) ? iso(progressing.lastUpdateTime ?? progressing.lastTransitionTime) : undefined;
}

/** What a ReplicaSet is to its workload: the one serving, the update an Argo Rollout aborted (and why), or a past one. */
type Role = { readonly is: 'current'; readonly status: DeployStatus } | { readonly is: 'aborted'; readonly reason: string } | { readonly is: 'past' };

const ABORTED_BY = 'Argo Rollouts';

function toRecord(kind: WorkloadKind, workload: WorkloadObject, rs: V1ReplicaSet, role: Role): RevisionRecord {
  const isCurrent = role.is === 'current';
  const workloadName = workload.metadata?.name ?? '';
  const annotations = rs.metadata?.annotations ?? {};
  const number = Number(annotations[kind.revisionAnnotation] ?? 0);
  const labels = labelsOf(rs.spec?.template);
  const changeCause = annotations[CHANGE_CAUSE];
  const id = rs.metadata?.name ?? '';
  // A reused ReplicaSet is an older build under a new revision: its creation time and its
  // template's actor are the older revision's, not this one's (who undid it is the cockpit's to say).
  const former = (annotations[kind.revisionHistoryAnnotation] ?? '').split(',').filter((n) => /^\d+$/.test(n));
  const startedAt = former.length === 0 ? iso(rs.metadata?.creationTimestamp) : isCurrent ? becameCurrentAt(workload, id) : undefined;
  return {
    id,
    revision: revisionName(workloadName, number),
    artifacts: imagesOf(rs.spec?.template),
    // A superseded revision is no failure: Kubernetes keeps no record of why it was replaced.
    status: role.is === 'current' ? role.status : role.is === 'aborted' ? 'rolled-back' : 'successful',
    // Said with it: the row read `rolled-back` as if over, while a retry of the Rollout rolls this build out again.
    ...(role.is === 'aborted' ? { automaticRollback: { by: ABORTED_BY, reason: `${role.reason} (the Rollout's template still names it: a retry rolls it out again)` } } : {}),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(labels.actor === undefined || former.length > 0 ? {} : { actor: labels.actor }),
    labels: changeCause === undefined ? labels : { ...labels, 'change-cause': changeCause },
    current: isCurrent,
    ...(former.length === 0 ? {} : { formerRevisions: former.map((n) => revisionName(workloadName, Number(n))) }),
    number,
    replicaSet: id,
    template: withoutHash(rs.spec?.template, kind.hashLabel),
    annotations,
  };
}

export async function readHistory(api: KubernetesApi, workload: Workload, signal: AbortSignal): Promise<Result<History>> {
  const { name, revisionAnnotation, hashLabel } = workload;
  const object = await workload.read(signal);
  if (!object.ok) return object;
  const selector = selectorString(object.value.spec?.selector);
  if (selector === '') return fail('unsupported', `${workload.resource} ${name} has an empty selector: its ReplicaSets cannot be told apart`);
  const sets = await api.listReplicaSets(selector, signal);
  if (!sets.ok) return sets;
  const uid = object.value.metadata?.uid;
  const owned = sets.value.filter((rs) => rs.metadata?.ownerReferences?.some((ref) => ref.controller === true && ref.uid === uid));
  const status = workload.status(object.value);
  const currentNumber = Number(object.value.metadata?.annotations?.[revisionAnnotation] ?? NaN);
  const isTemplate = (rs: V1ReplicaSet) =>
    Number.isNaN(currentNumber) ? sameTemplate(rs.spec?.template, object.value.spec?.template, hashLabel) : Number(rs.metadata?.annotations?.[revisionAnnotation]) === currentNumber;
  const aborted = workload.kind === 'Rollout' ? abortedUpdate(object.value) : undefined;
  const roleOf = (rs: V1ReplicaSet): Role => {
    if (aborted === undefined) return isTemplate(rs) ? { is: 'current', status: CURRENT_STATUS[status.state] } : { is: 'past' };
    if (rs.metadata?.labels?.[hashLabel] === aborted.stableHash) return { is: 'current', status: 'successful' };
    return isTemplate(rs) ? { is: 'aborted', reason: aborted.reason } : { is: 'past' };
  };
  const revisions = owned.map((rs) => toRecord(workload, object.value, rs, roleOf(rs))).sort((a, b) => b.number - a.number);
  const current = revisions.find((r) => r.current);
  return ok({ workload: object.value, kind: workload, name, status, revisions, ...(current ? { current } : {}) });
}

/** A record as the contract's Deploy, without the plugin's own fields. */
export function toDeploy({ number: _n, replicaSet: _rs, template: _t, annotations: _a, ...deploy }: RevisionRecord): Deploy {
  return deploy;
}
