/** The sandbox ECS world's data: plain, serialisable state that the pure transitions replace. */
import type { ArnScope } from './arns';

export type DeploymentControllerType = 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';

export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED';

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface ContainerImage {
  readonly name: string;
  readonly image: string;
}

export interface TaskDefinition {
  readonly arn: string;
  readonly family: string;
  readonly revision: number;
  readonly containers: readonly ContainerImage[];
  readonly tags: Readonly<Record<string, string>>;
  readonly registeredAtMs: number;
  readonly status: 'ACTIVE' | 'INACTIVE';
}

/** What ECS calls a service revision: the task definition (and settings) one deployment rolled out. */
export interface ServiceRevision {
  readonly arn: string;
  readonly taskDefinitionArn: string;
  readonly createdAtMs: number;
}

/** A deployment as the service deployments API (ListServiceDeployments, ...) reports it. */
export interface ServiceDeployment {
  readonly arn: string;
  readonly createdAtMs: number;
  startedAtMs?: number;
  finishedAtMs?: number;
  stoppedAtMs?: number;
  updatedAtMs: number;
  readonly sourceRevisionArns: readonly string[];
  readonly targetRevisionArn: string;
  status: ServiceDeploymentStatus;
  statusReason?: string;
  rollback?: { readonly reason: string; readonly startedAtMs: number; readonly serviceRevisionArn: string };
}

/** A deployment as DescribeServices reports it (one per rollout phase; the newest is PRIMARY). */
export interface EcsDeployment {
  readonly id: string;
  readonly revisionArn: string;
  readonly createdAtMs: number;
  updatedAtMs: number;
  rolloutState: RolloutState;
  rolloutStateReason?: string;
}

/** The rollout the service is working through: which revision it converges to, since when. */
export interface Rollout {
  readonly deploymentArn: string;
  readonly targetRevisionArn: string;
  readonly sinceMs: number;
  /** Task replacements already applied. */
  steps: number;
}

export interface Service {
  readonly cluster: string;
  readonly name: string;
  readonly arn: string;
  readonly createdAtMs: number;
  desiredCount: number;
  readonly controller: DeploymentControllerType;
  /** False for services whose deployments predate the service deployments API: it lists nothing. */
  readonly serviceDeploymentsApi: boolean;
  readonly revisions: ServiceRevision[];
  /** Oldest first. */
  readonly deployments: ServiceDeployment[];
  /** Oldest first; the last one is PRIMARY. */
  readonly ecsDeployments: EcsDeployment[];
  /** Running tasks by service revision ARN. */
  fleet: Record<string, number>;
  rollout: Rollout | null;
}

export interface World {
  readonly scope: ArnScope;
  /** Virtual time one task takes to start (and an old one to stop). */
  readonly msPerTask: number;
  /** How long a new deployment (or a requested rollback) waits before tasks start. */
  readonly pendingMs: number;
  readonly clusters: readonly string[];
  readonly taskDefinitions: TaskDefinition[];
  readonly services: Service[];
  nextId: number;
}

export interface EcsError {
  /** The exception name the SDK maps to a class: `ServiceNotFoundException`, ... */
  readonly type: string;
  readonly message: string;
}

export type Outcome<T> = { readonly ok: true; readonly world: World; readonly value: T } | { readonly ok: false; readonly error: EcsError };
