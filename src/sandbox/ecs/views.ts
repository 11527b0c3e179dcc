/**
 * The world's objects in the JSON shapes the ECS API returns. Timestamps are epoch seconds (the
 * SDK rejects ISO strings on this protocol).
 */
import { createHash } from 'node:crypto';
import { clusterArn } from './arns';
import { revisionTaskDefinition } from './lookups';
import type { Service, ServiceDeployment, ServiceRevision, TaskDefinition, World } from './model';

const seconds = (ms: number) => ms / 1000;
const optionalSeconds = (ms: number | undefined) => (ms === undefined ? undefined : seconds(ms));

/** A stable stand-in for a registry digest, so the same image always shows the same digest. */
const digestOf = (image: string) => `sha256:${createHash('sha256').update(image).digest('hex')}`;

export function taskDefinitionView(td: TaskDefinition) {
  return {
    taskDefinitionArn: td.arn,
    family: td.family,
    revision: td.revision,
    status: td.status,
    containerDefinitions: td.containers.map((c) => ({ name: c.name, image: c.image, essential: true })),
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    registeredAt: seconds(td.registeredAtMs),
  };
}

export const tagsView = (tags: Readonly<Record<string, string>>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

const running = (service: Service, revisionArn: string) => service.fleet[revisionArn] ?? 0;

/** DescribeServices' `deployments`: the PRIMARY one, then older ones that still run tasks. */
function ecsDeploymentsView(world: World, service: Service) {
  const newestFirst = [...service.ecsDeployments].reverse();
  const primary = newestFirst[0];
  if (!primary) return [];
  const shown = newestFirst.filter(
    (d, i) =>
      d === primary ||
      (running(service, d.revisionArn) > 0 &&
        d.revisionArn !== primary.revisionArn &&
        newestFirst.findIndex((other) => other.revisionArn === d.revisionArn) === i),
  );
  return shown.map((d) => ({
    id: d.id,
    status: d === primary ? 'PRIMARY' : 'ACTIVE',
    taskDefinition: revisionTaskDefinition(world, service, d.revisionArn).arn,
    desiredCount: d === primary ? service.desiredCount : running(service, d.revisionArn),
    pendingCount: 0,
    runningCount: running(service, d.revisionArn),
    failedTasks: 0,
    createdAt: seconds(d.createdAtMs),
    updatedAt: seconds(d.updatedAtMs),
    launchType: 'FARGATE',
    rolloutState: d.rolloutState,
    ...(d.rolloutStateReason === undefined ? {} : { rolloutStateReason: d.rolloutStateReason }),
  }));
}

export function serviceView(world: World, service: Service) {
  const deployments = ecsDeploymentsView(world, service);
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: clusterArn(world.scope, service.cluster),
    status: 'ACTIVE',
    desiredCount: service.desiredCount,
    runningCount: Object.values(service.fleet).reduce((sum, n) => sum + n, 0),
    pendingCount: 0,
    launchType: 'FARGATE',
    taskDefinition: deployments[0]?.taskDefinition,
    deploymentController: { type: service.controller },
    deploymentConfiguration: {
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: false, rollback: false },
    },
    deployments,
    events: [],
    createdAt: seconds(service.createdAtMs),
    ...(service.serviceDeploymentsApi && service.deployments.length > 0
      ? { currentServiceDeployment: service.deployments.at(-1)!.arn }
      : {}),
  };
}

export function serviceDeploymentBriefView(world: World, service: Service, d: ServiceDeployment) {
  return {
    serviceDeploymentArn: d.arn,
    serviceArn: service.arn,
    clusterArn: clusterArn(world.scope, service.cluster),
    createdAt: seconds(d.createdAtMs),
    startedAt: optionalSeconds(d.startedAtMs),
    finishedAt: optionalSeconds(d.finishedAtMs),
    targetServiceRevisionArn: d.targetRevisionArn,
    status: d.status,
    statusReason: d.statusReason,
  };
}

export function serviceDeploymentView(world: World, service: Service, d: ServiceDeployment) {
  return {
    ...serviceDeploymentBriefView(world, service, d),
    stoppedAt: optionalSeconds(d.stoppedAtMs),
    updatedAt: seconds(d.updatedAtMs),
    sourceServiceRevisions: d.sourceRevisionArns.map((arn) => ({
      arn,
      requestedTaskCount: 0,
      runningTaskCount: running(service, arn),
      pendingTaskCount: 0,
    })),
    targetServiceRevision: {
      arn: d.targetRevisionArn,
      requestedTaskCount: service.desiredCount,
      runningTaskCount: running(service, d.targetRevisionArn),
      pendingTaskCount: 0,
    },
    rollback: d.rollback && {
      reason: d.rollback.reason,
      startedAt: seconds(d.rollback.startedAtMs),
      serviceRevisionArn: d.rollback.serviceRevisionArn,
    },
    deploymentCircuitBreaker: { status: 'DISABLED', failureCount: 0, threshold: 0 },
    alarms: { status: 'DISABLED' },
  };
}

export function serviceRevisionView(world: World, service: Service, revision: ServiceRevision) {
  const td = revisionTaskDefinition(world, service, revision.arn);
  return {
    serviceRevisionArn: revision.arn,
    serviceArn: service.arn,
    clusterArn: clusterArn(world.scope, service.cluster),
    taskDefinition: td.arn,
    containerImages: td.containers.map((c) => ({ containerName: c.name, image: c.image, imageDigest: digestOf(c.image) })),
    launchType: 'FARGATE',
    createdAt: seconds(revision.createdAtMs),
  };
}
