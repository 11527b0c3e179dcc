/**
 * The ECS operations the sandbox answers, as pure functions of (world, request body, time). The
 * HTTP server only moves bytes; everything an operation decides is here.
 */
import * as z from 'zod';
import { taskDefinitionView, serviceDeploymentBriefView, serviceDeploymentView, serviceRevisionView, serviceView, tagsView } from './views';
import { findCluster, findRevision, findService, findServiceDeployment, findTaskDefinition } from './lookups';
import type { EcsError, World } from './model';
import { advance, stopServiceDeployment, updateService } from './world';
import { compareText } from '../../core/compareText';

export type OperationResult = { readonly world: World; readonly body: unknown } | { readonly error: EcsError };

type Handler = (world: World, body: unknown, nowMs: number) => OperationResult;

const invalid = (message: string): OperationResult => ({ error: { type: 'InvalidParameterException', message } });

/** Parses the request body with `schema`, answering InvalidParameterException when it does not fit. */
function operation<S extends z.ZodType>(schema: S, run: (world: World, input: z.output<S>, nowMs: number) => OperationResult): Handler {
  return (world, body, nowMs) => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) return invalid(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    return run(world, parsed.data, nowMs);
  };
}

const arnList = (max: number) => z.array(z.string()).min(1).max(max);
const epochSeconds = z.number();

/** Pages of a list: `nextToken` is the offset of the next page. */
function page<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined, limit: number) {
  const start = nextToken === undefined ? 0 : Number(nextToken);
  const size = maxResults ?? limit;
  const end = start + size;
  return { items: items.slice(start, end), nextToken: end < items.length ? String(end) : undefined };
}

const handlers: Record<string, Handler> = {
  DescribeServices: operation(
    z.object({ cluster: z.string().optional(), services: arnList(10), include: z.array(z.string()).optional() }),
    (world, input) => {
      const cluster = findCluster(world, input.cluster);
      if (typeof cluster !== 'string') return { error: cluster };
      const services = [];
      const failures = [];
      for (const name of input.services) {
        const service = findService(world, cluster, name);
        if (service) services.push(serviceView(world, service));
        else failures.push({ arn: name, reason: 'MISSING' });
      }
      return { world, body: { services, failures } };
    },
  ),

  ListServiceDeployments: operation(
    z.object({
      service: z.string(),
      cluster: z.string().optional(),
      status: z.array(z.string()).optional(),
      createdAt: z.object({ before: epochSeconds.optional(), after: epochSeconds.optional() }).optional(),
      maxResults: z.number().int().min(1).max(100).optional(),
      nextToken: z.string().optional(),
    }),
    (world, input) => {
      const cluster = findCluster(world, input.cluster);
      if (typeof cluster !== 'string') return { error: cluster };
      const service = findService(world, cluster, input.service);
      if (!service) return { error: { type: 'ServiceNotFoundException', message: 'Service not found.' } };
      const { before, after } = input.createdAt ?? {};
      const matching = (service.serviceDeploymentsApi ? [...service.deployments].reverse() : []).filter(
        (d) =>
          (!input.status || input.status.includes(d.status)) &&
          (before === undefined || d.createdAtMs < before * 1000) &&
          (after === undefined || d.createdAtMs > after * 1000),
      );
      const { items, nextToken } = page(matching, input.maxResults, input.nextToken, 20);
      return { world, body: { serviceDeployments: items.map((d) => serviceDeploymentBriefView(world, service, d)), nextToken } };
    },
  ),

  DescribeServiceDeployments: operation(z.object({ serviceDeploymentArns: arnList(20) }), (world, input) => {
    const serviceDeployments = [];
    const failures = [];
    for (const arn of input.serviceDeploymentArns) {
      const found = findServiceDeployment(world, arn);
      if (found && found.service.serviceDeploymentsApi) serviceDeployments.push(serviceDeploymentView(world, found.service, found.deployment));
      else failures.push({ arn, reason: 'MISSING' });
    }
    return { world, body: { serviceDeployments, failures } };
  }),

  DescribeServiceRevisions: operation(z.object({ serviceRevisionArns: arnList(20) }), (world, input) => {
    const serviceRevisions = [];
    const failures = [];
    for (const arn of input.serviceRevisionArns) {
      const found = findRevision(world, arn);
      if (found) serviceRevisions.push(serviceRevisionView(world, found.service, found.revision));
      else failures.push({ arn, reason: 'MISSING' });
    }
    return { world, body: { serviceRevisions, failures } };
  }),

  StopServiceDeployment: operation(
    z.object({ serviceDeploymentArn: z.string(), stopType: z.string().optional() }),
    (world, input, nowMs) => {
      const outcome = stopServiceDeployment(world, input, nowMs);
      return outcome.ok ? { world: outcome.world, body: { serviceDeploymentArn: outcome.value } } : { error: outcome.error };
    },
  ),

  UpdateService: operation(
    z.object({
      cluster: z.string().optional(),
      service: z.string(),
      taskDefinition: z.string().optional(),
      desiredCount: z.number().int().min(0).optional(),
      forceNewDeployment: z.boolean().optional(),
    }),
    (world, input, nowMs) => {
      const outcome = updateService(world, input, nowMs);
      return outcome.ok ? { world: outcome.world, body: { service: serviceView(outcome.world, outcome.value) } } : { error: outcome.error };
    },
  ),

  ListTaskDefinitions: operation(
    z.object({
      familyPrefix: z.string().optional(),
      status: z.enum(['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS']).optional(),
      sort: z.enum(['ASC', 'DESC']).optional(),
      maxResults: z.number().int().min(1).max(100).optional(),
      nextToken: z.string().optional(),
    }),
    (world, input) => {
      const status = input.status ?? 'ACTIVE';
      const direction = input.sort === 'DESC' ? -1 : 1;
      const matching = world.taskDefinitions
        .filter((td) => td.status === status && (input.familyPrefix === undefined || td.family.startsWith(input.familyPrefix)))
        .sort((a, b) => direction * (compareText(a.family, b.family) || a.revision - b.revision));
      const { items, nextToken } = page(matching, input.maxResults, input.nextToken, 100);
      return { world, body: { taskDefinitionArns: items.map((td) => td.arn), nextToken } };
    },
  ),

  DescribeTaskDefinition: operation(
    z.object({ taskDefinition: z.string(), include: z.array(z.string()).optional() }),
    (world, input) => {
      const td = findTaskDefinition(world, input.taskDefinition);
      if (!td) return { error: { type: 'ClientException', message: 'Unable to describe task definition.' } };
      const withTags = input.include?.includes('TAGS') ?? false;
      return { world, body: { taskDefinition: taskDefinitionView(td), ...(withTags ? { tags: tagsView(td.tags) } : {}) } };
    },
  ),
};

/** Runs one operation at `nowMs`, after moving the world forward to that time. */
export function runOperation(world: World, operationName: string, body: unknown, nowMs: number): OperationResult {
  const handler = handlers[operationName];
  if (!handler) return { error: { type: 'UnknownOperationException', message: `The sandbox does not implement ${operationName}.` } };
  return handler(advance(world, nowMs), body, nowMs);
}
