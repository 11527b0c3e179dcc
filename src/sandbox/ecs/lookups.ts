/** Finding things in the ECS world, the way ECS resolves names, ARNs and `family:N` references. */
import { lastSegment, parseTaskDefinitionRef } from './arns';
import type { EcsError, Service, ServiceDeployment, ServiceRevision, TaskDefinition, World } from './model';

export function findCluster(world: World, nameOrArn: string | undefined): string | EcsError {
  const name = lastSegment(nameOrArn ?? 'default');
  return world.clusters.includes(name) ? name : { type: 'ClusterNotFoundException', message: 'Cluster not found.' };
}

export function findService(world: World, cluster: string, nameOrArn: string): Service | undefined {
  const name = lastSegment(nameOrArn);
  return world.services.find((s) => s.cluster === cluster && s.name === name);
}

/** `family`, `family:N` or an ARN; `family` alone is the latest ACTIVE revision. */
export function findTaskDefinition(world: World, ref: string): TaskDefinition | undefined {
  const parsed = parseTaskDefinitionRef(ref);
  if (!parsed) return undefined;
  const family = world.taskDefinitions.filter((td) => td.family === parsed.family);
  if (parsed.revision !== undefined) return family.find((td) => td.revision === parsed.revision);
  return family.filter((td) => td.status === 'ACTIVE').sort((a, b) => b.revision - a.revision)[0];
}

export function findServiceDeployment(world: World, arn: string): { service: Service; deployment: ServiceDeployment } | undefined {
  for (const service of world.services) {
    const deployment = service.deployments.find((d) => d.arn === arn);
    if (deployment) return { service, deployment };
  }
  return undefined;
}

export function findRevision(world: World, arn: string): { service: Service; revision: ServiceRevision } | undefined {
  for (const service of world.services) {
    const revision = service.revisions.find((r) => r.arn === arn);
    if (revision) return { service, revision };
  }
  return undefined;
}

export function revisionTaskDefinition(world: World, service: Service, revisionArn: string): TaskDefinition {
  const revision = service.revisions.find((r) => r.arn === revisionArn);
  const taskDefinition = revision && world.taskDefinitions.find((td) => td.arn === revision.taskDefinitionArn);
  if (!taskDefinition) throw new Error(`world invariant: revision ${revisionArn} has no task definition`);
  return taskDefinition;
}

/** The revision the service converges to: its PRIMARY deployment's. */
export function primaryRevisionArn(service: Service): string | undefined {
  return service.ecsDeployments.at(-1)?.revisionArn;
}

/** Running tasks by task definition (`family:N`), for the drill's traffic model. */
export function servingTasks(world: World, cluster: string, service: string): { taskDefinition: string; running: number }[] {
  const found = findService(world, cluster, service);
  if (!found) return [];
  return Object.entries(found.fleet)
    .filter(([, running]) => running > 0)
    .map(([revisionArn, running]) => {
      const td = revisionTaskDefinition(world, found, revisionArn);
      return { taskDefinition: `${td.family}:${td.revision}`, running };
    });
}

/** The revision a completed rollout left serving: what a rollback returns to. */
export function servingRevisionArn(service: Service): string | undefined {
  for (let i = service.deployments.length - 1; i >= 0; i--) {
    const d = service.deployments[i]!;
    if (d.status === 'SUCCESSFUL') return d.targetRevisionArn;
    if (d.status === 'ROLLBACK_SUCCESSFUL') return d.rollback?.serviceRevisionArn;
  }
  return undefined;
}
