/**
 * Planning a Deployment rollback as `kubectl rollout undo --to-revision` makes it: the target
 * ReplicaSet's pod template (without `pod-template-hash`) and its annotations, sent as one JSON
 * Patch, plus the Deployment's resourceVersion so a Deployment that changed since is refused
 * (409) rather than overwritten. A Rollout's as `kubectl argo rollouts undo --to-revision` makes
 * it: only its `spec.template` (without `rollouts-pod-template-hash`), guarded the same way. This module owns the target: "previous" is the newest older
 * revision that is not known bad. Reads only; nothing changes until `execute`.
 */
import * as z from 'zod';
import { gitOpsOwner } from '../../src/core/gitOpsOwnership';
import type { KnownBadRevision } from '../../src/core/knownBad';
import type { RevisionRan } from '../../src/core/rollbackSafety';
import { type ActionPlan, type PlanContext, type Result, fail, ok } from '../../src/plugins/contract';
import type { JsonPatchOperation, KubernetesApi } from './client';
import { type History, type RevisionRecord, imagesOf, readHistory, revisionName } from './history';
import { DEPLOYMENT, type Workload, workloadRef } from './workload';

export const ROLLBACK_ACTION = 'deploys.rollback';

/** Annotations of the Deployment an undo keeps rather than taking the ReplicaSet's (kubectl's list). */
const KEPT_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  DEPLOYMENT.revisionAnnotation,
  DEPLOYMENT.revisionHistoryAnnotation,
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** What the plan carries for safety and verification; re-read from the timeline after a crash. */
export const rollbackFacts = z.object({
  namespace: z.string(),
  /** The workload's kind (plans made before Rollouts were supported are a Deployment's). */
  kind: z.enum(['Deployment', 'Rollout']).default('Deployment'),
  /** The workload's name (a Deployment's or a Rollout's). */
  deployment: z.string(),
  server: z.string(),
  path: z.literal('rollout-undo'),
  currentRevision: z.string(),
  targetRevision: z.string(),
  /** What the target runs: verification reads these back from the running pods. */
  targetImages: z.array(z.string()),
  between: z.array(z.object({ revision: z.string(), labels: z.record(z.string(), z.string()), rolledBack: z.boolean().optional() })),
  desiredReplicas: z.number(),
  knownBad: z.array(z.object({ revision: z.string(), why: z.string(), rolledBack: z.boolean().optional() })).default([]),
  /** The target is a newer build than the one running (the undo of a rollback): a roll forward. */
  forward: z.boolean().optional(),
  /** The revision whose build the current one runs (its ReplicaSet reused): what "a newer build" is newer than. */
  currentBuild: z.string().optional(),
  gitOps: z.object({ controller: z.enum(['Argo CD', 'Flux']), name: z.string(), instead: z.string() }).optional(),
});
export type RollbackFacts = z.output<typeof rollbackFacts>;

/** `payments-api:41` → 41. */
function revisionNumber(revision: string | undefined): number | undefined {
  const number = revision === undefined ? NaN : Number(revision.slice(revision.lastIndexOf(':') + 1));
  return Number.isInteger(number) ? number : undefined;
}

/** `previous`, `41`, `:41` or `payments-api:41` → 41 (undefined for previous). */
function requestedNumber(target: string | undefined, deployment: string): number | undefined | Error {
  if (target === undefined || target === 'previous') return undefined;
  const match = /^(?:([a-z0-9.-]+):|:)?(\d+)$/.exec(target);
  if (!match || (match[1] !== undefined && match[1] !== deployment)) return new Error(`target "${target}" is not a revision of ${deployment}: use previous, 41 or ${deployment}:41`);
  return Number(match[2]);
}

/**
 * The rollouts the platform gave up on are bad: its progress deadline passed, or Argo Rollouts
 * aborted it. So is the revision an undo went back from: the current one an older build again (its
 * ReplicaSet reused), the one before it was rolled back from, unless the incident `cleared` it.
 * Without this, `cockpit status` (no incident to say so) offered :42 as a safe target right after
 * :42 → :41 (now :43).
 */
function badInKubernetes(history: History, cleared: readonly string[] = []): KnownBadRevision[] {
  const platform = history.revisions.flatMap((r): KnownBadRevision[] => {
    if (r.automaticRollback) return [{ revision: r.revision, why: `rolled back by ${r.automaticRollback.by} (${r.automaticRollback.reason})`, rolledBack: true }];
    return r.current && r.status === 'failed' ? [{ revision: r.revision, why: 'its rollout exceeded its progress deadline' }] : [];
  });
  const current = history.current;
  const again = current?.formerRevisions?.at(-1);
  const undone = again === undefined ? undefined : newestBefore(history.revisions, current!);
  // The incident showed it is not the cause (a needless rollback's undo was blocked as onto a known-bad build), under
  // this name or the build's earlier one (the rollback to :41 that stopped the burn, undone by mistake: :43 now).
  const clearedBuild = undone !== undefined && [undone.revision, ...(undone.formerRevisions ?? [])].some((revision) => cleared.includes(revision));
  if (undone === undefined || clearedBuild || platform.some((k) => k.revision === undone.revision)) return platform;
  return [...platform, { revision: undone.revision, why: `rolled back from: ${current!.revision} runs the build of ${again} again`, rolledBack: true }];
}

/**
 * The revision that was newest when `current` was made (what a rollback to an older build went
 * from), by the numbers each had then: its own, or one its ReplicaSet had before it was reused.
 * After an undo Argo aborted (:42, now :44, over :43, the build of :41), "the newest below :43"
 * was :40, and Enter on the step planned a rollback to :39, passing over :40 as rolled back from.
 */
function newestBefore(revisions: readonly RevisionRecord[], current: RevisionRecord): RevisionRecord | undefined {
  const numberThen = (r: RevisionRecord) =>
    Math.max(...[r.number, ...(r.formerRevisions ?? []).map(revisionNumber)].filter((n): n is number => n !== undefined && n < current.number));
  return revisions
    .filter((r) => r.number !== current.number && numberThen(r) > -Infinity)
    .sort((a, b) => numberThen(b) - numberThen(a))[0];
}

/** The deploy state a plan is made on: a change to any of it makes the plan stale. */
function observedState(history: History): Record<string, string> {
  return {
    'current revision': history.current?.revision ?? 'none',
    'current images': history.current ? history.current.artifacts.join(', ') : imagesOf(history.workload.spec?.template).join(', '),
    'newest revision': history.revisions[0]?.revision ?? 'none',
    rollout: history.status.state,
  };
}

/** The JSON Patch `kubectl rollout undo` (or `kubectl argo rollouts undo`) sends, with the resourceVersion as a precondition. */
export function undoPatch(history: History, target: RevisionRecord): JsonPatchOperation[] {
  const guard: JsonPatchOperation = { op: 'replace', path: '/metadata/resourceVersion', value: history.workload.metadata?.resourceVersion ?? '' };
  // Argo's undo sets the template only; the Rollout's annotations stay as they are.
  if (history.kind.kind === 'Rollout') return [{ op: 'replace', path: '/spec/template', value: target.template }, guard];
  const deploymentAnnotations = history.workload.metadata?.annotations ?? {};
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(deploymentAnnotations)) if (KEPT_ANNOTATIONS.has(key)) annotations[key] = value;
  for (const [key, value] of Object.entries(target.annotations)) if (!KEPT_ANNOTATIONS.has(key)) annotations[key] = value;
  return [
    { op: 'replace', path: '/spec/template', value: target.template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
    guard,
  ];
}

function choose(history: History, requested: number | undefined, bad: ReadonlySet<string>): Result<RevisionRecord> {
  const current = history.current;
  if (requested !== undefined) {
    const found = history.revisions.find((r) => r.number === requested);
    return found ? ok(found) : fail('not-found', `revision ${requested} of ${history.kind.resource} ${history.name} not found (kubectl: unable to find specified revision); its ReplicaSets list them`);
  }
  const previous = history.revisions.find((r) => r !== current && (current === undefined || r.number < current.number) && !bad.has(r.revision));
  return previous ? ok(previous) : fail('not-found', `no earlier revision of ${history.name} that is not known bad to roll back to; name one with \`target\``);
}

/**
 * Revisions after the target up to the current one, oldest first. A reused ReplicaSet newer than
 * the current one ran in its former revisions' places: after an aborted undo to :41 (now :43)
 * the stable :42 serves, and a rollback to :40 goes back over :41's build.
 */
function between(history: History, target: RevisionRecord, current: RevisionRecord | undefined): RevisionRan[] {
  const top = current?.number ?? Number.POSITIVE_INFINITY;
  const inRange = (n: number) => n > target.number && n <= top;
  return history.revisions
    .flatMap((r) => [
      ...(inRange(r.number) ? [{ number: r.number, revision: r.revision, labels: r.labels }] : []),
      ...(r.number <= top ? [] : (r.formerRevisions ?? []))
        .map((former) => ({ number: Number(former.slice(former.lastIndexOf(':') + 1)), revision: former, labels: r.labels }))
        .filter((f) => inRange(f.number)),
    ])
    .sort((a, b) => a.number - b.number)
    .map(({ revision, labels }) => ({ revision, labels }));
}

/**
 * The revisions running a known-bad revision's build under a new number: an undo to a ReplicaSet renumbers it (:42's,
 * undone to, is :44), and a later plan offered :44 (`c42d4c3`, the outage's build) as `✓ safe`, :42 alone known bad.
 */
export function renumberedBad(history: Pick<History, 'revisions'>, bad: readonly KnownBadRevision[]): KnownBadRevision[] {
  return history.revisions.flatMap((r) => {
    const former = bad.find((k) => (r.formerRevisions ?? []).includes(k.revision));
    if (former === undefined || bad.some((k) => k.revision === r.revision)) return [];
    return [{ revision: r.revision, why: `runs the build of ${former.revision}, ${former.rolledBack ? '' : 'known bad: '}${former.why}`, ...(former.rolledBack ? { rolledBack: true } : {}) }];
  });
}

export async function planRollback(
  api: KubernetesApi,
  workload: Workload,
  params: Readonly<Record<string, unknown>>,
  signal: AbortSignal,
  context?: PlanContext,
): Promise<Result<ActionPlan>> {
  const deployment = workload.name;
  const history = await readHistory(api, workload, signal);
  if (!history.ok) return history;
  const requested = requestedNumber(typeof params.target === 'string' ? params.target : undefined, deployment);
  if (requested instanceof Error) return fail('failed', requested.message);
  const listed = [...(context?.avoid ?? []), ...badInKubernetes(history.value, context?.cleared)].filter(
    (k, i, all) => all.findIndex((other) => other.revision === k.revision) === i,
  );
  const knownBad = [...listed, ...renumberedBad(history.value, listed)];
  const target = choose(history.value, requested, new Set(knownBad.map((k) => k.revision)));
  if (!target.ok) return target;
  const current = history.value.current;
  // A newer build than the one running (:43 runs the build of :41, and :42 is newer): the undo of a rollback, a roll forward.
  // Builds compared, not revisions: back to :43 (:41's build) from :44 (:42's) read "forward to a newer build".
  const buildOf = (record: RevisionRecord) => revisionNumber(record.formerRevisions?.at(-1)) ?? record.number;
  const runningBuild = current === undefined ? undefined : buildOf(current);
  const forward = runningBuild !== undefined && buildOf(target.value) > runningBuild;
  const meta = history.value.workload.metadata;
  const owner = gitOpsOwner(meta?.labels ?? {}, meta?.annotations ?? {});
  const patch = undoPatch(history.value, target.value);
  const facts: RollbackFacts = {
    namespace: api.namespace,
    kind: workload.kind,
    deployment,
    server: api.server,
    path: 'rollout-undo',
    currentRevision: current?.revision ?? revisionName(deployment, 0),
    targetRevision: target.value.revision,
    targetImages: target.value.artifacts.slice(),
    between: between(history.value, target.value, current),
    desiredReplicas: history.value.workload.spec?.replicas ?? 1,
    knownBad,
    ...(forward ? { forward } : {}),
    ...(current?.formerRevisions?.at(-1) === undefined ? {} : { currentBuild: current.formerRevisions.at(-1)! }),
    ...(owner ? { gitOps: owner } : {}),
  };
  return ok({
    action: ROLLBACK_ACTION,
    summary: `${forward ? `Roll ${workloadRef(workload)} forward` : `Roll back ${workloadRef(workload)}`} in ${api.namespace} from ${facts.currentRevision} to ${target.value.revision} (${workload.undo} --to-revision=${target.value.number}; images: ${target.value.artifacts.join(', ')})`,
    calls: [
      {
        kind: 'api',
        operation: `PATCH ${workload.resource}s (application/json-patch+json)`,
        args: { namespace: api.namespace, name: deployment, patch },
      },
    ],
    facts,
    observed: observedState(history.value),
  });
}
