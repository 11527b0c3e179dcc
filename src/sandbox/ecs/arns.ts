/** ARNs in the shapes ECS uses, so the SDK and the plugin see identifiers they would see in AWS. */

export interface ArnScope {
  readonly region: string;
  readonly accountId: string;
}

const prefix = (scope: ArnScope) => `arn:aws:ecs:${scope.region}:${scope.accountId}`;

export const clusterArn = (scope: ArnScope, cluster: string) => `${prefix(scope)}:cluster/${cluster}`;

export const serviceArn = (scope: ArnScope, cluster: string, service: string) =>
  `${prefix(scope)}:service/${cluster}/${service}`;

export const taskDefinitionArn = (scope: ArnScope, family: string, revision: number) =>
  `${prefix(scope)}:task-definition/${family}:${revision}`;

export const serviceDeploymentArn = (scope: ArnScope, cluster: string, service: string, id: string) =>
  `${prefix(scope)}:service-deployment/${cluster}/${service}/${id}`;

export const serviceRevisionArn = (scope: ArnScope, cluster: string, service: string, id: string) =>
  `${prefix(scope)}:service-revision/${cluster}/${service}/${id}`;

/** `name` or an ARN ending in `/name` (clusters and services accept both). */
export function lastSegment(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
}

/** `family`, `family:3` or a task definition ARN → its parts (`revision` undefined means "latest"). */
export function parseTaskDefinitionRef(ref: string): { family: string; revision?: number } | undefined {
  const bare = ref.startsWith('arn:') ? ref.slice(ref.indexOf('task-definition/') + 'task-definition/'.length) : ref;
  const match = /^([A-Za-z0-9_-]+)(?::(\d+))?$/.exec(bare);
  if (!match) return undefined;
  return match[2] === undefined ? { family: match[1]! } : { family: match[1]!, revision: Number(match[2]) };
}
