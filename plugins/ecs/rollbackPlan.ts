/**
 * Planning an ECS rollback: which revision to return to, which call gets there, and what ran in
 * between (for the safety check). Reads only; nothing changes until `execute`.
 */
import * as z from 'zod';
import type { KnownBadRevision } from '../../src/core/knownBad';
import type { RevisionRan } from '../../src/core/rollbackSafety';
import { type ActionPlan, type PlanContext, type PlannedCall, type Result, fail, ok } from '../../src/plugins/contract';
import type { EcsApi } from './client';
import type { EcsConfig } from './config';
import { type DeployRecord, type History, readHistory, revisionOf } from './history';
import { familyOf, numberOf } from './revisionParts';

export const ROLLBACK_ACTION = 'deploys.rollback';

/** What the plan carries for safety and verification; re-read from the timeline after a crash. */
export const rollbackFacts = z.object({
  cluster: z.string(),
  service: z.string(),
  region: z.string(),
  deploymentController: z.string(),
  path: z.enum(['stop-service-deployment', 'update-service']),
  history: z.enum(['service-deployments', 'describe-services']),
  currentRevision: z.string(),
  targetRevision: z.string(),
  /** Set on the StopServiceDeployment path: the deployment being stopped and rolled back. */
  serviceDeploymentArn: z.string().optional(),
  between: z.array(z.object({ revision: z.string(), labels: z.record(z.string(), z.string()), rolledBack: z.boolean().optional() })),
  desiredCount: z.number(),
  /** Set when the history shows no successful deploy of the target on this service: why it is not known to work here. */
  unproven: z.string().optional(),
  /** Set when the history does not show the target ran, but the incident knows it did: how ("inc-… rolled back to it, …"). */
  ranHere: z.string().optional(),
  /** Revisions known bad when planned (by the incident or by ECS): the safety check blocks going back to one. */
  knownBad: z.array(z.object({ revision: z.string(), why: z.string(), rolledBack: z.boolean().optional() })).default([]),
  /** The target is a newer build than the current one (the undo of a rollback): a roll forward. */
  forward: z.boolean().optional(),
});
export type RollbackFacts = z.output<typeof rollbackFacts>;

const IN_FLIGHT = new Set(['PENDING', 'IN_PROGRESS']);
const ROLLED_BACK = new Set(['rolled-back', 'rolling-back']);


/** `previous`, `41`, `:41`, `checkout-api:41` or a task definition ARN → `family:N`. */
function normaliseTarget(target: string | undefined, family: string): string | undefined | Error {
  if (target === undefined || target === 'previous') return undefined;
  const bare = target.startsWith('arn:') ? revisionOf(target) : target;
  const match = /^(?:([A-Za-z0-9_-]+):|:)?(\d+)$/.exec(bare);
  if (!match) return new Error(`target "${target}" is not a revision: use previous, 41 or ${family}:41`);
  return `${match[1] ?? family}:${match[2]}`;
}

/** The newest successful deploy older than index `from`, of another revision than `not` and none of `bad`. */
function previousSuccessful(deploys: readonly DeployRecord[], from: number, not: string, bad: ReadonlySet<string>): DeployRecord | undefined {
  return deploys.slice(from + 1).find((d) => d.status === 'successful' && d.revision !== not && !bad.has(d.revision));
}

const newer = (revision: string, than: string): boolean => familyOf(revision) === familyOf(than) && numberOf(revision) > numberOf(than);

/**
 * A rollout to an older build than the one it replaces: a rollback already under way (a teammate's, made outside the
 * cockpit). Planned over it, `Roll back` rolled forward to the build it replaced, the one burning, as `✓ Its safety
 * checks pass`.
 */
function rollbackUnderWay(deploys: readonly DeployRecord[], currentIndex: number, current: string): string | undefined {
  const rolling = deploys[currentIndex];
  if (rolling === undefined || (rolling.status !== 'in-progress' && rolling.status !== 'pending')) return undefined;
  const replaced = deploys.slice(currentIndex + 1).find((d) => d.status === 'successful' && d.revision !== current);
  if (replaced === undefined || !newer(replaced.revision, current)) return undefined;
  const since = rolling.startedAt === undefined ? '' : ` (since ${rolling.startedAt.slice(11, 19)}Z)`;
  return `${current} is rolling out now${since}, replacing ${replaced.revision}: a rollback is already under way; wait for it to finish (the deploys panel shows it), then plan again if the burn goes on`;
}

/** What ECS itself says is bad: revisions whose newest deployment it rolled back, or that failed. */
function badInEcs(deploys: readonly DeployRecord[]): KnownBadRevision[] {
  const newest = deploys.filter((d, i) => deploys.findIndex((other) => other.revision === d.revision) === i);
  return newest.flatMap((d) => {
    if (ROLLED_BACK.has(d.status)) return [{ revision: d.revision, why: `rolled back by ECS (${d.ecsStatus})`, rolledBack: true }];
    if (d.status === 'failed') return [{ revision: d.revision, why: `deployment failed in ECS (${d.ecsStatus})` }];
    return [];
  });
}

/** The deploy state a plan is made on: a change to any of it makes the plan stale. */
function observedState(history: History, current: string): Record<string, string> {
  const inFlight = history.deploys.filter((d) => ['pending', 'in-progress', 'rolling-back'].includes(d.status));
  const newest = history.deploys[0];
  return {
    'current revision': current,
    'newest deployment': newest ? `${newest.revision} ${newest.ecsStatus}` : 'none',
    'deployments in flight': inFlight.length === 0 ? 'none' : inFlight.map((d) => `${d.revision} ${d.ecsStatus}`).join(', '),
  };
}

/**
 * Distinct revisions deployed after the target's last successful deploy, oldest first. A revision
 * counts as rolled back only when every one of its deploys in the range was.
 */
function betweenFromHistory(deploys: readonly DeployRecord[], targetIndex: number, target: string, current: string): RevisionRan[] {
  const byRevision = new Map<string, RevisionRan>();
  for (const deploy of deploys.slice(0, targetIndex).reverse()) {
    if (deploy.revision === target) continue;
    const rolledBack =
      (deploy.status === 'rolled-back' || deploy.status === 'rolling-back') && (byRevision.get(deploy.revision)?.rolledBack ?? true);
    byRevision.delete(deploy.revision); // ordered by each revision's latest deploy
    byRevision.set(deploy.revision, { revision: deploy.revision, labels: deploy.labels, rolledBack });
  }
  if (!byRevision.has(current)) {
    byRevision.set(current, { revision: current, labels: deploys.find((d) => d.revision === current)?.labels ?? {} });
  }
  return [...byRevision.values()];
}

/** Without deploy history: every registered revision after the target, up to the current one. */
async function betweenFromTaskDefinitions(api: EcsApi, target: string, current: string, signal: AbortSignal): Promise<Result<RevisionRan[]>> {
  const family = familyOf(current);
  const numbers = Array.from({ length: Math.max(0, numberOf(current) - numberOf(target)) }, (_, i) => numberOf(target) + 1 + i);
  const answers = await Promise.all(numbers.map((n) => api.describeTaskDefinition({ taskDefinition: `${family}:${n}`, include: ['TAGS'] }, signal)));
  const between: RevisionRan[] = [];
  for (const [i, answer] of answers.entries()) {
    if (!answer.ok) {
      if (answer.error.code === 'ClientException') continue; // deleted revision: never deployable, never deployed
      return answer;
    }
    const labels = Object.fromEntries((answer.value.tags ?? []).flatMap((t) => (t.key ? [[t.key, t.value ?? '']] : [])));
    between.push({ revision: `${family}:${numbers[i]}`, labels });
  }
  return ok(between);
}

/** The newest ACTIVE registered revision of the family below the current one, none of `bad`. */
async function previousRegistered(api: EcsApi, current: string, bad: ReadonlySet<string>, signal: AbortSignal): Promise<Result<string | undefined>> {
  const family = familyOf(current);
  const answer = await api.listTaskDefinitions({ familyPrefix: family, sort: 'DESC', status: 'ACTIVE', maxResults: 100 }, signal);
  if (!answer.ok) return answer;
  const older = (answer.value.taskDefinitionArns ?? [])
    .map(revisionOf)
    .find((revision) => familyOf(revision) === family && numberOf(revision) < numberOf(current) && !bad.has(revision));
  return ok(older);
}

interface Choice {
  readonly path: RollbackFacts['path'];
  readonly current: string;
  readonly target: string;
  readonly serviceDeploymentArn?: string;
  readonly between: RevisionRan[];
  readonly unproven?: string;
  readonly ranHere?: string;
}

/**
 * Why a target the history never shows deployed successfully here is a guess: picked from the
 * registered task definitions, or named by the runbook, while the history itself may be partial.
 */
function unprovenTarget(history: History, target: string, current: string, guessed: boolean): string {
  const what = guessed ? `${target}, the newest registered revision below ${current},` : target;
  const partial = history.fallbackReason === undefined ? '' : `; that history is partial (${history.fallbackReason})`;
  return `${what} was never seen deployed successfully in the deployments ECS lists for this service${partial}`;
}

async function choose(
  api: EcsApi,
  history: History,
  requested: string | undefined,
  known: { readonly bad: ReadonlySet<string>; readonly ranHere: ReadonlyMap<string, string> },
  signal: AbortSignal,
): Promise<Result<Choice>> {
  const { bad } = known;
  const { deploys, service } = history;
  const newest = deploys[0];
  const inFlight = history.source === 'service-deployments' && newest !== undefined && IN_FLIGHT.has(newest.ecsStatus);
  const current = inFlight ? newest.revision : service.primaryRevision;
  const currentIndex = inFlight ? 0 : deploys.findIndex((d) => d.current);
  const underWay = requested === undefined ? rollbackUnderWay(deploys, currentIndex, current) : undefined;
  if (underWay !== undefined) return fail('conflict', underWay);
  const automatic = previousSuccessful(deploys, currentIndex, current, bad);
  const target = requested ?? automatic?.revision;
  // What StopServiceDeployment ROLLBACK returns to: ECS's last successful revision, whatever the
  // incident knows of it. After a crash mid-rollback (:41 in flight, :42 rolled back from) that is
  // the bad :42: stopping the rollback put it back.
  const ecsReturnsTo = previousSuccessful(deploys, currentIndex, current, new Set())?.revision;

  if (history.source === 'service-deployments' && target !== undefined) {
    const targetIndex = deploys.findIndex((d, i) => i > currentIndex && d.revision === target && d.status === 'successful');
    if (targetIndex >= 0) {
      const between = betweenFromHistory(deploys, targetIndex, target, current);
      if (inFlight && target === ecsReturnsTo && !bad.has(target)) {
        return ok({ path: 'stop-service-deployment', current, target, serviceDeploymentArn: newest.id, between });
      }
      return ok({ path: 'update-service', current, target, between });
    }
  }
  let resolved = target;
  if (resolved === undefined) {
    const previous = await previousRegistered(api, current, bad, signal);
    if (!previous.ok) return previous;
    resolved = previous.value;
  }
  if (resolved === undefined) {
    return fail('not-found', `no earlier revision of ${current} that is not known bad to roll back to; name one with \`target\``);
  }
  const exists = await api.describeTaskDefinition({ taskDefinition: resolved }, signal);
  if (!exists.ok) {
    return exists.error.code === 'ClientException' ? fail('not-found', `task definition ${resolved} does not exist`, 'ClientException') : exists;
  }
  const between = await betweenFromTaskDefinitions(api, resolved, current, signal);
  if (!between.ok) return between;
  const listed = deploys.some((d) => d.revision === resolved && d.status === 'successful');
  // A deployment ECS no longer lists (drained, or before the history's reach) the incident may have seen run.
  const seen = listed ? undefined : known.ranHere.get(resolved);
  const proof = listed ? {} : seen === undefined ? { unproven: unprovenTarget(history, resolved, current, target === undefined) } : { ranHere: seen };
  return ok({ path: 'update-service', current, target: resolved, between: between.value, ...proof });
}

export async function planRollback(
  api: EcsApi,
  config: EcsConfig,
  params: Readonly<Record<string, unknown>>,
  signal: AbortSignal,
  context?: PlanContext,
): Promise<Result<ActionPlan>> {
  const history = await readHistory(api, config, signal);
  if (!history.ok) return history;
  const family = familyOf(history.value.service.primaryRevision);
  const requested = normaliseTarget(typeof params.target === 'string' ? params.target : undefined, family);
  if (requested instanceof Error) return fail('failed', requested.message);
  const knownBad = [...(context?.avoid ?? []), ...badInEcs(history.value.deploys)].filter(
    (k, i, all) => all.findIndex((other) => other.revision === k.revision) === i,
  );
  const ranHere = new Map((context?.ranHere ?? []).map((r) => [r.revision, r.why]));
  const choice = await choose(api, history.value, requested, { bad: new Set(knownBad.map((k) => k.revision)), ranHere }, signal);
  if (!choice.ok) return choice;
  const { path, current, target, serviceDeploymentArn, between, unproven } = choice.value;

  const call: PlannedCall =
    path === 'stop-service-deployment'
      ? { kind: 'api', operation: 'StopServiceDeployment', args: { serviceDeploymentArn, stopType: 'ROLLBACK' } }
      : { kind: 'api', operation: 'UpdateService', args: { cluster: config.cluster, service: config.service, taskDefinition: target } };
  const how = path === 'stop-service-deployment' ? 'stop the in-progress deployment and let ECS roll back' : 'deploy the target task definition';
  // The undo of a rollback deploys the newer build it left: "Roll back … from :41 to :42" said the opposite.
  const forward = familyOf(target) === familyOf(current) && numberOf(target) > numberOf(current);
  const facts: RollbackFacts = {
    cluster: config.cluster,
    service: config.service,
    region: config.region,
    deploymentController: history.value.service.controller,
    path,
    history: history.value.source,
    currentRevision: current,
    targetRevision: target,
    ...(serviceDeploymentArn ? { serviceDeploymentArn } : {}),
    between,
    desiredCount: history.value.service.desiredCount,
    knownBad,
    ...(unproven === undefined ? {} : { unproven }),
    ...(choice.value.ranHere === undefined ? {} : { ranHere: choice.value.ranHere }),
    ...(forward ? { forward } : {}),
  };
  return ok({
    action: ROLLBACK_ACTION,
    summary: `${forward ? `Roll ${config.service} forward` : `Roll back ${config.service}`} from ${current} to ${target} (${how})`,
    calls: [call],
    facts,
    observed: observedState(history.value, current),
  });
}
