/** A deployment as a deploys provider reports it (the plugin contract re-exports it). */

/** Every status a deploy may have, in the order a rollout goes through them. */
export const DEPLOY_STATUSES = ['pending', 'in-progress', 'successful', 'failed', 'stopped', 'rolling-back', 'rolled-back'] as const;
export type DeployStatus = (typeof DEPLOY_STATUSES)[number];

export interface Deploy {
  /** Provider id of the deployment (an ECS service deployment ARN, ...). */
  readonly id: string;
  /** What a human calls this version: `checkout-api:42`. */
  readonly revision: string;
  readonly artifacts: readonly string[];
  readonly status: DeployStatus;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly actor?: string;
  /** From task definition tags and the like: `migration`, `commit`, ... */
  readonly labels: Readonly<Record<string, string>>;
  /** The revision serving traffic now. */
  readonly current: boolean;
  /**
   * Revisions this same build was deployed as before: Kubernetes reuses a ReplicaSet when a
   * rollback sets an older template, so after an undo to :41 the new revision :43 is :41's build.
   */
  readonly formerRevisions?: readonly string[];
  /**
   * Set when the platform itself rolled this deploy back, not a person (ECS: its deployment
   * circuit breaker or CloudWatch alarms triggered): `by` names it (`ECS`), `reason` is its own
   * words. Read with `status`: `rolling-back`, `rolled-back` ("rolled back by ECS") or `failed`
   * (the automatic rollback failed).
   */
  readonly automaticRollback?: AutomaticRollback;
}

export interface AutomaticRollback {
  readonly by: string;
  readonly reason: string;
}

/** `rolled back by ECS: why`; a failed deploy's was an automatic rollback that failed too. */
export const automaticRollbackText = (status: string, { by, reason }: AutomaticRollback): string =>
  `${status === 'failed' ? 'automatic rollback by' : 'rolled back by'} ${by}: ${reason}`;
