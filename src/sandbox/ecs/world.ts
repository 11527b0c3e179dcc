/**
 * An in-memory ECS world: task definitions, services and their deployments, and tasks that start
 * over time. Pure: every transition takes a world and a time in ms and returns a new world, so the
 * drill can drive it with a virtual clock and tests can step it exactly.
 *
 * Tasks roll one at a time: every `msPerTask` one task of the deployment's target revision starts
 * and, once the service is above its desired count, one task of an older revision stops (a
 * rolling update with minimum healthy 100%). A deployment completes when only its target revision
 * runs, at the desired count.
 */
import { serviceArn, serviceDeploymentArn, serviceRevisionArn, taskDefinitionArn } from './arns';
import { findCluster, findService, findServiceDeployment, findTaskDefinition, primaryRevisionArn, revisionTaskDefinition, servingRevisionArn } from './lookups';
import type {
  ContainerImage,
  DeploymentControllerType,
  EcsDeployment,
  Outcome,
  Rollout,
  RolloutState,
  Service,
  ServiceDeployment,
  TaskDefinition,
  World,
} from './model';

// ---------------------------------------------------------------------------------------------
// Seeding

export interface TaskDefinitionSeed {
  readonly family: string;
  readonly revision: number;
  readonly containers: readonly ContainerImage[];
  /** `migration`, `commit`, `actor`, ... */
  readonly tags?: Readonly<Record<string, string>>;
  readonly registeredAtMs: number;
  readonly status?: 'ACTIVE' | 'INACTIVE';
}

export interface DeploySeed {
  /** `family:revision` */
  readonly taskDefinition: string;
  readonly createdAtMs: number;
  /**
   * How a past deployment ended. Left out on the last entry, the deployment is live: it rolls
   * out from `createdAtMs` as time advances.
   */
  readonly outcome?: 'successful' | 'rolled-back' | 'stopped';
}

export interface ServiceSeed {
  readonly cluster: string;
  readonly name: string;
  readonly desiredCount: number;
  readonly controller?: DeploymentControllerType;
  readonly serviceDeploymentsApi?: boolean;
  /** Oldest first. */
  readonly history: readonly DeploySeed[];
}

export interface WorldSeed {
  readonly region?: string;
  readonly accountId?: string;
  readonly msPerTask?: number;
  readonly pendingMs?: number;
  readonly taskDefinitions: readonly TaskDefinitionSeed[];
  readonly services: readonly ServiceSeed[];
}

export function createWorld(seed: WorldSeed): World {
  const scope = { region: seed.region ?? 'us-east-1', accountId: seed.accountId ?? '000000000000' };
  const world: World = {
    scope,
    msPerTask: seed.msPerTask ?? 10_000,
    pendingMs: seed.pendingMs ?? 0,
    clusters: [...new Set(seed.services.map((s) => s.cluster))],
    taskDefinitions: seed.taskDefinitions.map((td) => ({
      arn: taskDefinitionArn(scope, td.family, td.revision),
      family: td.family,
      revision: td.revision,
      containers: td.containers,
      tags: td.tags ?? {},
      registeredAtMs: td.registeredAtMs,
      status: td.status ?? 'ACTIVE',
    })),
    services: [],
    nextId: 1,
  };
  for (const serviceSeed of seed.services) {
    const first = serviceSeed.history[0];
    if (!first) throw new Error(`service ${serviceSeed.name} needs at least one deployment in its history`);
    const service: Service = {
      cluster: serviceSeed.cluster,
      name: serviceSeed.name,
      arn: serviceArn(scope, serviceSeed.cluster, serviceSeed.name),
      createdAtMs: first.createdAtMs,
      desiredCount: serviceSeed.desiredCount,
      controller: serviceSeed.controller ?? 'ECS',
      serviceDeploymentsApi: serviceSeed.serviceDeploymentsApi ?? true,
      revisions: [],
      deployments: [],
      ecsDeployments: [],
      fleet: {},
      rollout: null,
    };
    world.services.push(service);
    for (const entry of serviceSeed.history) {
      const taskDefinition = findTaskDefinition(world, entry.taskDefinition);
      if (!taskDefinition) throw new Error(`unknown task definition ${entry.taskDefinition} in the history of ${service.name}`);
      const deployment = startDeployment(world, service, taskDefinition.arn, entry.createdAtMs);
      if (entry.outcome) settleSeededDeployment(world, service, deployment, entry.outcome, entry.createdAtMs);
    }
  }
  return world;
}

/** A past deployment, finished at once: as long after its start as its tasks needed. */
function settleSeededDeployment(
  world: World,
  service: Service,
  deployment: ServiceDeployment,
  outcome: NonNullable<DeploySeed['outcome']>,
  createdAtMs: number,
): void {
  const finishedAtMs = createdAtMs + world.pendingMs + service.desiredCount * world.msPerTask;
  deployment.startedAtMs = createdAtMs + world.pendingMs;
  deployment.updatedAtMs = finishedAtMs;
  const primary = service.ecsDeployments.at(-1)!;
  if (outcome === 'successful') {
    deployment.status = 'SUCCESSFUL';
    deployment.finishedAtMs = finishedAtMs;
    service.fleet = { [deployment.targetRevisionArn]: service.desiredCount };
    primary.rolloutState = 'COMPLETED';
    primary.updatedAtMs = finishedAtMs;
  } else if (outcome === 'stopped') {
    // Stopped before any task moved: DescribeServices no longer shows it.
    deployment.status = 'STOPPED';
    deployment.stoppedAtMs = finishedAtMs;
    service.ecsDeployments.pop();
  } else {
    const previous = servingRevisionArn(service);
    if (!previous) throw new Error(`${service.name}: a rolled-back deployment needs an earlier successful one`);
    deployment.status = 'ROLLBACK_SUCCESSFUL';
    deployment.finishedAtMs = finishedAtMs;
    deployment.rollback = { reason: 'rolled back', startedAtMs: createdAtMs, serviceRevisionArn: previous };
    primary.rolloutState = 'FAILED';
    primary.rolloutStateReason = 'rolled back';
    service.ecsDeployments.push(newEcsDeployment(world, previous, createdAtMs, 'COMPLETED'));
  }
  service.rollout = null;
}

// ---------------------------------------------------------------------------------------------
// Transitions

const clone = (world: World): World => structuredClone(world);
const nextId = (world: World) => world.nextId++;
/** The world advanced to `nowMs`, as a copy a transition may change. */
const advancedCopy = (world: World, nowMs: number): World => {
  const advanced = advance(world, nowMs);
  return advanced === world ? clone(world) : advanced;
};

function newEcsDeployment(world: World, revisionArn: string, atMs: number, rolloutState: RolloutState): EcsDeployment {
  return { id: `ecs-svc/${String(nextId(world)).padStart(19, '0')}`, revisionArn, createdAtMs: atMs, updatedAtMs: atMs, rolloutState };
}

/** A new service revision and a PENDING deployment of it; an unfinished rollout is superseded. */
function startDeployment(world: World, service: Service, taskDefinitionArn: string, nowMs: number): ServiceDeployment {
  const superseded = service.rollout && service.deployments.find((d) => d.arn === service.rollout!.deploymentArn);
  if (superseded) {
    superseded.status = 'STOPPED';
    superseded.statusReason = 'superseded by a newer deployment';
    superseded.stoppedAtMs = nowMs;
    superseded.updatedAtMs = nowMs;
    const primary = service.ecsDeployments.at(-1)!;
    primary.rolloutState = 'FAILED';
    primary.rolloutStateReason = 'superseded by a newer deployment';
  }
  const id = String(nextId(world));
  const revision = { arn: serviceRevisionArn(world.scope, service.cluster, service.name, id), taskDefinitionArn, createdAtMs: nowMs };
  service.revisions.push(revision);
  const deployment: ServiceDeployment = {
    arn: serviceDeploymentArn(world.scope, service.cluster, service.name, id),
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
    sourceRevisionArns: Object.keys(service.fleet).filter((arn) => (service.fleet[arn] ?? 0) > 0),
    targetRevisionArn: revision.arn,
    status: 'PENDING',
  };
  service.deployments.push(deployment);
  service.ecsDeployments.push(newEcsDeployment(world, revision.arn, nowMs, 'IN_PROGRESS'));
  service.rollout = { deploymentArn: deployment.arn, targetRevisionArn: revision.arn, sinceMs: nowMs + world.pendingMs, steps: 0 };
  return deployment;
}

/** Moves every rollout forward to `nowMs`: statuses leave PENDING/REQUESTED, tasks start and stop. */
export function advance(world: World, nowMs: number): World {
  // Most requests are reads while nothing rolls out: the world is then returned as it is, uncopied.
  if (!world.services.some((service) => service.rollout && nowMs >= service.rollout.sinceMs)) return world;
  const next = clone(world);
  for (const service of next.services) advanceService(next, service, nowMs);
  return next;
}

function advanceService(world: World, service: Service, nowMs: number): void {
  const rollout = service.rollout;
  if (!rollout || nowMs < rollout.sinceMs) return;
  const deployment = service.deployments.find((d) => d.arn === rollout.deploymentArn)!;
  if (deployment.status === 'PENDING') {
    deployment.status = 'IN_PROGRESS';
    deployment.startedAtMs = rollout.sinceMs;
    deployment.updatedAtMs = rollout.sinceMs;
  } else if (deployment.status === 'ROLLBACK_REQUESTED') {
    deployment.status = 'ROLLBACK_IN_PROGRESS';
    deployment.updatedAtMs = rollout.sinceMs;
    // Only now does the rollback become the PRIMARY deployment that DescribeServices shows.
    const failed = service.ecsDeployments.at(-1)!;
    failed.rolloutState = 'FAILED';
    failed.rolloutStateReason = 'rolled back by StopServiceDeployment';
    failed.updatedAtMs = rollout.sinceMs;
    service.ecsDeployments.push(newEcsDeployment(world, rollout.targetRevisionArn, rollout.sinceMs, 'IN_PROGRESS'));
  }
  const due = Math.floor((nowMs - rollout.sinceMs) / world.msPerTask);
  while (rollout.steps < due && !rolloutComplete(service, rollout)) {
    rollout.steps += 1;
    replaceOneTask(service, rollout.targetRevisionArn);
  }
  if (rolloutComplete(service, rollout)) {
    const finishedAtMs = rollout.sinceMs + rollout.steps * world.msPerTask;
    deployment.status = deployment.status === 'ROLLBACK_IN_PROGRESS' ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL';
    deployment.finishedAtMs = finishedAtMs;
    deployment.updatedAtMs = finishedAtMs;
    const primary = service.ecsDeployments.at(-1)!;
    primary.rolloutState = 'COMPLETED';
    primary.updatedAtMs = finishedAtMs;
    service.fleet = { [rollout.targetRevisionArn]: service.desiredCount };
    service.rollout = null;
  }
}

function rolloutComplete(service: Service, rollout: Rollout): boolean {
  return Object.entries(service.fleet).every(([arn, running]) => running === (arn === rollout.targetRevisionArn ? service.desiredCount : 0))
    && service.fleet[rollout.targetRevisionArn] === service.desiredCount;
}

/** One step of a rolling update: start a target task, then stop one task over the desired count. */
function replaceOneTask(service: Service, targetArn: string): void {
  const fleet = service.fleet;
  if ((fleet[targetArn] ?? 0) < service.desiredCount) fleet[targetArn] = (fleet[targetArn] ?? 0) + 1;
  const total = Object.values(fleet).reduce((sum, n) => sum + n, 0);
  if (total <= service.desiredCount) return;
  const old = Object.keys(fleet).find((arn) => arn !== targetArn && (fleet[arn] ?? 0) > 0);
  const victim = old ?? targetArn;
  fleet[victim] = (fleet[victim] ?? 0) - 1;
}

export interface UpdateServiceRequest {
  readonly cluster?: string;
  readonly service: string;
  readonly taskDefinition?: string;
  readonly desiredCount?: number;
  readonly forceNewDeployment?: boolean;
}

/** UpdateService: a new task definition (or a forced deployment) starts a new deployment. */
export function updateService(world: World, request: UpdateServiceRequest, nowMs: number): Outcome<Service> {
  const next = advancedCopy(world, nowMs);
  const cluster = findCluster(next, request.cluster);
  if (typeof cluster !== 'string') return { ok: false, error: cluster };
  const service = findService(next, cluster, request.service);
  if (!service) return { ok: false, error: { type: 'ServiceNotFoundException', message: 'Service not found.' } };
  let taskDefinition: TaskDefinition | undefined;
  if (request.taskDefinition !== undefined) {
    if (service.controller !== 'ECS') {
      return {
        ok: false,
        error: {
          type: 'InvalidParameterException',
          message: `Unable to update task definition on services with a ${service.controller} deployment controller.`,
        },
      };
    }
    taskDefinition = findTaskDefinition(next, request.taskDefinition);
    if (!taskDefinition || taskDefinition.status !== 'ACTIVE') {
      return { ok: false, error: { type: 'ClientException', message: 'TaskDefinition not found.' } };
    }
  }
  if (request.desiredCount !== undefined) service.desiredCount = request.desiredCount;
  const primary = primaryRevisionArn(service);
  const currentTaskDefinition = primary ? revisionTaskDefinition(next, service, primary).arn : undefined;
  if (taskDefinition && (taskDefinition.arn !== currentTaskDefinition || request.forceNewDeployment)) {
    startDeployment(next, service, taskDefinition.arn, nowMs);
  } else if (request.forceNewDeployment && currentTaskDefinition) {
    startDeployment(next, service, currentTaskDefinition, nowMs);
  } else if (request.desiredCount !== undefined && !service.rollout && primary) {
    // A scale change alone rolls no new revision; the sandbox resizes at once (a rollout in
    // progress converges to the new count instead).
    service.fleet = { [primary]: request.desiredCount };
  }
  return { ok: true, world: next, value: service };
}

export interface StopServiceDeploymentRequest {
  readonly serviceDeploymentArn: string;
  readonly stopType?: string;
}

/**
 * StopServiceDeployment: only a PENDING or IN_PROGRESS deployment can be stopped. ROLLBACK (the
 * default) rolls the service back to the revision its last successful deployment left serving.
 */
export function stopServiceDeployment(world: World, request: StopServiceDeploymentRequest, nowMs: number): Outcome<string> {
  const next = advancedCopy(world, nowMs);
  const found = findServiceDeployment(next, request.serviceDeploymentArn);
  if (!found || !found.service.serviceDeploymentsApi) {
    return { ok: false, error: { type: 'ServiceDeploymentNotFoundException', message: 'The service deployment does not exist.' } };
  }
  const { service, deployment } = found;
  if (deployment.status !== 'PENDING' && deployment.status !== 'IN_PROGRESS') {
    return {
      ok: false,
      error: { type: 'ConflictException', message: `The service deployment is ${deployment.status} and can no longer be stopped.` },
    };
  }
  if (request.stopType !== undefined && request.stopType !== 'ROLLBACK') {
    return { ok: false, error: { type: 'UnsupportedFeatureException', message: `stopType ${request.stopType} is not supported here.` } };
  }
  const previous = servingRevisionArn(service);
  if (!previous) {
    return { ok: false, error: { type: 'ConflictException', message: 'There is no successful service revision to roll back to.' } };
  }
  deployment.status = 'ROLLBACK_REQUESTED';
  deployment.statusReason = 'rollback requested by StopServiceDeployment';
  deployment.updatedAtMs = nowMs;
  deployment.rollback = { reason: 'StopServiceDeployment requested a rollback', startedAtMs: nowMs, serviceRevisionArn: previous };
  service.rollout = { deploymentArn: deployment.arn, targetRevisionArn: previous, sinceMs: nowMs + next.pendingMs, steps: 0 };
  return { ok: true, world: next, value: deployment.arn };
}
