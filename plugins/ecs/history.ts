/**
 * A service's deploy history: from the service deployments API where the service has it
 * (ListServiceDeployments → DescribeServiceDeployments → DescribeServiceRevisions), otherwise from
 * DescribeServices' deployments. Labels come from task definition tags either way.
 */
import type { Deployment, Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import { type Deploy, type DeployStatus, type ProviderError, type Result, fail, ok } from '../../src/plugins/contract';
import { compareText } from '../../src/core/compareText';
import type { EcsApi } from './client';
import type { EcsConfig } from './config';
import type { ListedDeployments } from './listedDeployments';
import { familyOf, numberOf } from './revisionParts';

/**
 * How many deployments the panel and the rollback planner look back over: the panel pages
 * through them and says how many there are (one ListServiceDeployments page, described 20 at a time).
 */
const HISTORY_LIMIT = 100;
/** DescribeServiceDeployments and DescribeServiceRevisions take at most 20 ARNs. */
const DESCRIBE_BATCH = 20;

export interface ServiceSnapshot {
  readonly serviceArn: string;
  readonly controller: string;
  readonly desiredCount: number;
  readonly runningCount: number;
  /** `family:N` of the PRIMARY deployment: what the service runs or converges to. */
  readonly primaryRevision: string;
  readonly deployments: readonly Deployment[];
  /** The service deployment ARN ECS names as the service's latest, where the API has it. */
  readonly currentServiceDeployment?: string;
}

export interface DeployRecord extends Deploy {
  readonly taskDefinitionArn: string;
  /** ECS's own status (`IN_PROGRESS`, `ROLLBACK_SUCCESSFUL`, rollout `COMPLETED`, ...). */
  readonly ecsStatus: string;
}

export interface History {
  readonly service: ServiceSnapshot;
  /** Newest first. */
  readonly deploys: readonly DeployRecord[];
  readonly source: 'service-deployments' | 'describe-services';
  /** Why the service deployments API was not used, when one of its calls failed rather than listed nothing. */
  readonly fallbackReason?: string;
}

interface TaskDefinitionFacts {
  readonly revision: string;
  readonly images: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

const SERVICE_DEPLOYMENT_STATUS: Readonly<Record<string, DeployStatus>> = {
  PENDING: 'pending',
  IN_PROGRESS: 'in-progress',
  SUCCESSFUL: 'successful',
  STOPPED: 'stopped',
  STOP_REQUESTED: 'stopped',
  ROLLBACK_REQUESTED: 'rolling-back',
  ROLLBACK_IN_PROGRESS: 'rolling-back',
  ROLLBACK_SUCCESSFUL: 'rolled-back',
  ROLLBACK_FAILED: 'failed',
};

const ROLLOUT_STATUS: Readonly<Record<string, DeployStatus>> = {
  IN_PROGRESS: 'in-progress',
  COMPLETED: 'successful',
  FAILED: 'failed',
};

/** `arn:...:task-definition/checkout-api:42` → `checkout-api:42`. */
export function revisionOf(taskDefinitionArn: string): string {
  return taskDefinitionArn.slice(taskDefinitionArn.lastIndexOf('/') + 1);
}

const iso = (date: Date | undefined) => date?.toISOString();
const chunks = <T>(items: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export async function describeService(api: EcsApi, config: EcsConfig, signal: AbortSignal): Promise<Result<ServiceSnapshot>> {
  const answer = await api.describeServices({ cluster: config.cluster, services: [config.service] }, signal);
  if (!answer.ok) return answer;
  const service: Service | undefined = answer.value.services?.[0];
  if (!service?.serviceArn || !service.taskDefinition) {
    return fail('not-found', `service ${config.service} not found in cluster ${config.cluster} (${config.region})`, 'MISSING');
  }
  return ok({
    serviceArn: service.serviceArn,
    controller: service.deploymentController?.type ?? 'ECS',
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    primaryRevision: revisionOf(service.taskDefinition),
    deployments: service.deployments ?? [],
    ...(service.currentServiceDeployment ? { currentServiceDeployment: service.currentServiceDeployment } : {}),
  });
}

/** Tags and images of each task definition; one that no longer exists has none. */
async function describeTaskDefinitions(
  api: EcsApi,
  arns: readonly string[],
  signal: AbortSignal,
): Promise<Result<ReadonlyMap<string, TaskDefinitionFacts>>> {
  const unique = [...new Set(arns)];
  const answers = await Promise.all(unique.map((arn) => api.describeTaskDefinition({ taskDefinition: arn, include: ['TAGS'] }, signal)));
  const facts = new Map<string, TaskDefinitionFacts>();
  for (const [i, answer] of answers.entries()) {
    const arn = unique[i]!;
    if (!answer.ok) {
      // ClientException is how ECS says a task definition is gone; keep the deploy, without labels.
      if (answer.error.code === 'ClientException') {
        facts.set(arn, { revision: revisionOf(arn), images: [], labels: {} });
        continue;
      }
      return answer;
    }
    const labels = Object.fromEntries((answer.value.tags ?? []).flatMap((t) => (t.key ? [[t.key, t.value ?? '']] : [])));
    const images = (answer.value.taskDefinition?.containerDefinitions ?? []).flatMap((c) => (c.image ? [c.image] : []));
    facts.set(arn, { revision: revisionOf(arn), images, labels });
  }
  return ok(facts);
}

/** Newest first, at most HISTORY_LIMIT; ECS pages by `nextToken`. */
async function listServiceDeployments(api: EcsApi, config: EcsConfig, signal: AbortSignal): Promise<Result<string[]>> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await api.listServiceDeployments(
      { cluster: config.cluster, service: config.service, maxResults: HISTORY_LIMIT - arns.length, ...(nextToken ? { nextToken } : {}) },
      signal,
    );
    if (!page.ok) return page;
    arns.push(...(page.value.serviceDeployments ?? []).flatMap((d) => (d.serviceDeploymentArn ? [d.serviceDeploymentArn] : [])));
    nextToken = page.value.nextToken;
  } while (nextToken && arns.length < HISTORY_LIMIT);
  return ok(arns);
}

async function describeInBatches<T>(
  arns: readonly string[],
  describe: (batch: string[]) => Promise<Result<readonly T[]>>,
): Promise<Result<T[]>> {
  const described: T[] = [];
  for (const batch of chunks(arns, DESCRIBE_BATCH)) {
    const answer = await describe(batch);
    if (!answer.ok) return answer;
    described.push(...answer.value);
  }
  return ok(described);
}

/** What the service deployments API gave: the deploys, or why the deploys panel must do without it. */
type ServiceDeploymentsRead = { readonly records: DeployRecord[] } | { readonly fallbackReason: string };

/**
 * Cancellation propagates; any other failure of the service deployments API (a partition or an
 * ECS-compatible server without it, an IAM policy written before it, a 5xx, throttling) is a reason
 * to read DescribeServices instead: the deploys panel still works without it.
 */
function unavailable(operation: string, error: ProviderError): Result<{ readonly fallbackReason: string }> {
  return error.kind === 'cancelled' ? { ok: false, error } : ok({ fallbackReason: `${operation} failed: ${error.message}` });
}

/** ECS rolled the deployment back on its own: its circuit breaker or its CloudWatch alarms triggered. */
function automaticRollback(d: ServiceDeployment): Deploy['automaticRollback'] {
  if (!d.status?.startsWith('ROLLBACK_')) return undefined;
  const breaker = d.deploymentCircuitBreaker?.status === 'TRIGGERED';
  const alarms = d.alarms?.status === 'TRIGGERED';
  if (!breaker && !alarms) return undefined;
  const trigger = breaker ? 'the deployment circuit breaker triggered' : `alarms triggered: ${(d.alarms?.triggeredAlarmNames ?? []).join(', ')}`;
  return { by: 'ECS', reason: d.rollback?.reason ?? d.statusReason ?? trigger };
}

async function fromServiceDeployments(
  api: EcsApi,
  arns: readonly string[],
  signal: AbortSignal,
): Promise<Result<ServiceDeploymentsRead>> {
  const deployments = await describeInBatches<ServiceDeployment>(arns, async (batch) => {
    const answer = await api.describeServiceDeployments({ serviceDeploymentArns: batch }, signal);
    return answer.ok ? ok(answer.value.serviceDeployments ?? []) : answer;
  });
  if (!deployments.ok) return unavailable('DescribeServiceDeployments', deployments.error);
  const revisionArns = [...new Set(deployments.value.flatMap((d) => (d.targetServiceRevision?.arn ? [d.targetServiceRevision.arn] : [])))];
  const revisions = await describeInBatches(revisionArns, async (batch) => {
    const answer = await api.describeServiceRevisions({ serviceRevisionArns: batch }, signal);
    return answer.ok ? ok(answer.value.serviceRevisions ?? []) : answer;
  });
  if (!revisions.ok) return unavailable('DescribeServiceRevisions', revisions.error);
  const revisionByArn = new Map(revisions.value.map((r) => [r.serviceRevisionArn, r]));
  const taskDefinitionArns = revisions.value.flatMap((r) => (r.taskDefinition ? [r.taskDefinition] : []));
  const taskDefinitions = await describeTaskDefinitions(api, taskDefinitionArns, signal);
  if (!taskDefinitions.ok) return taskDefinitions;

  const records = deployments.value.flatMap((d): DeployRecord[] => {
    const revision = revisionByArn.get(d.targetServiceRevision?.arn);
    const facts = revision?.taskDefinition ? taskDefinitions.value.get(revision.taskDefinition) : undefined;
    if (!d.serviceDeploymentArn || !revision?.taskDefinition || !facts) return [];
    const images = (revision.containerImages ?? []).flatMap((c) => (c.image ? [c.image] : []));
    const byEcs = automaticRollback(d);
    return [
      {
        id: d.serviceDeploymentArn,
        revision: facts.revision,
        artifacts: images.length > 0 ? images : facts.images,
        status: SERVICE_DEPLOYMENT_STATUS[d.status ?? ''] ?? 'failed',
        ecsStatus: d.status ?? 'UNKNOWN',
        startedAt: iso(d.startedAt ?? d.createdAt),
        finishedAt: iso(d.finishedAt ?? d.stoppedAt),
        actor: facts.labels.actor,
        labels: facts.labels,
        current: false,
        ...(byEcs ? { automaticRollback: byEcs } : {}),
        taskDefinitionArn: revision.taskDefinition,
      },
    ];
  });
  return ok({ records: records.sort((a, b) => compareText(b.startedAt ?? '', a.startedAt ?? '')) });
}

async function fromDescribeServices(api: EcsApi, service: ServiceSnapshot, signal: AbortSignal): Promise<Result<DeployRecord[]>> {
  const arns = service.deployments.flatMap((d) => (d.taskDefinition ? [d.taskDefinition] : []));
  const taskDefinitions = await describeTaskDefinitions(api, arns, signal);
  if (!taskDefinitions.ok) return taskDefinitions;
  const records = service.deployments.flatMap((d): DeployRecord[] => {
    const facts = d.taskDefinition ? taskDefinitions.value.get(d.taskDefinition) : undefined;
    if (!d.id || !d.taskDefinition || !facts) return [];
    const rollout = d.rolloutState ?? (d.status === 'PRIMARY' ? 'IN_PROGRESS' : 'COMPLETED');
    return [
      {
        id: d.id,
        revision: facts.revision,
        artifacts: facts.images,
        status: ROLLOUT_STATUS[rollout] ?? 'failed',
        ecsStatus: `${d.status ?? 'UNKNOWN'} ${rollout}`,
        startedAt: iso(d.createdAt),
        finishedAt: rollout === 'IN_PROGRESS' ? undefined : iso(d.updatedAt),
        actor: facts.labels.actor,
        labels: facts.labels,
        current: false,
        taskDefinitionArn: d.taskDefinition,
      },
    ];
  });
  return ok(records.sort((a, b) => compareText(b.startedAt ?? '', a.startedAt ?? '')));
}

/**
 * The deploy the service runs or converges to: the newest one of the PRIMARY revision that was
 * not rolled back or stopped.
 */
function markCurrent(records: readonly DeployRecord[], primaryRevision: string): DeployRecord[] {
  const currentIndex = records.findIndex(
    (r) => r.revision === primaryRevision && !['rolling-back', 'rolled-back', 'stopped', 'failed'].includes(r.status),
  );
  return records.map((r, i) => (i === currentIndex ? { ...r, current: true } : r));
}

/**
 * A deployment of an older revision than one deployed before it (a rollback's, the cockpit's or
 * anyone's) was not made by the revision's author: its `actor` label tells who registered the
 * build. `status` read the rollback root made as `by erin` once the incident that knew was resolved.
 */
function withoutAuthorsOfRedeploys(records: readonly DeployRecord[]): DeployRecord[] {
  return records.map((r, i) => {
    const redeploy = records.slice(i + 1).some((older) => familyOf(older.revision) === familyOf(r.revision) && numberOf(older.revision) > numberOf(r.revision));
    if (!redeploy || r.actor === undefined) return r;
    const { actor: _author, ...rest } = r;
    return rest;
  });
}

/**
 * DescribeServices, and the list of service deployments: from `memory` where the service looks as
 * it did when it was last listed (listedDeployments.ts), otherwise asked.
 */
async function describeAndList(
  api: EcsApi,
  config: EcsConfig,
  signal: AbortSignal,
  memory: ListedDeployments | undefined,
): Promise<readonly [Result<ServiceSnapshot>, Result<readonly string[]>]> {
  if (memory?.holdsOne !== true) {
    // Independent questions, asked together: each round trip is a visible part of the first frame.
    const both = await Promise.all([describeService(api, config, signal), listServiceDeployments(api, config, signal)]);
    if (both[0].ok && both[1].ok) memory?.remember(both[0].value, both[1].value);
    return both;
  }
  const service = await describeService(api, config, signal);
  if (!service.ok) return [service, ok([])];
  const recalled = memory.recall(service.value);
  if (recalled !== undefined) return [service, ok(recalled)];
  const listed = await listServiceDeployments(api, config, signal);
  if (listed.ok) memory.remember(service.value, listed.value);
  return [service, listed];
}

/**
 * `memory`: the deploys panel's, so that its polls list only when the service changed. A rollback's
 * plan passes none and lists afresh.
 */
export async function readHistory(api: EcsApi, config: EcsConfig, signal: AbortSignal, memory?: ListedDeployments): Promise<Result<History>> {
  const [service, listed] = await describeAndList(api, config, signal, memory);
  if (!service.ok) return service;
  let fallbackReason: string | undefined;
  if (!listed.ok) {
    const fallback = unavailable('ListServiceDeployments', listed.error);
    if (!fallback.ok) return fallback;
    fallbackReason = fallback.value.fallbackReason;
  } else if (listed.value.length > 0) {
    const read = await fromServiceDeployments(api, listed.value, signal);
    if (!read.ok) return read;
    if ('records' in read.value) {
      return ok({ service: service.value, deploys: markCurrent(withoutAuthorsOfRedeploys(read.value.records), service.value.primaryRevision), source: 'service-deployments' });
    }
    fallbackReason = read.value.fallbackReason;
  }
  // Services whose deployments predate the API list nothing: their history is DescribeServices'.
  const records = await fromDescribeServices(api, service.value, signal);
  if (!records.ok) return records;
  return ok({
    service: service.value,
    deploys: markCurrent(withoutAuthorsOfRedeploys(records.value), service.value.primaryRevision),
    source: 'describe-services',
    ...(fallbackReason === undefined ? {} : { fallbackReason }),
  });
}

/** A DeployRecord as the contract's Deploy, without the plugin's own fields. */
export function toDeploy({ taskDefinitionArn: _arn, ecsStatus: _status, ...deploy }: DeployRecord): Deploy {
  return deploy;
}
