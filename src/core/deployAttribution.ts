import { compareText } from './compareText';
import type { Deploy } from './deploys';
import type { ActionState } from './incident';

/**
 * A provider names the actor of a deployment after its revision (ECS: the task definition's
 * `actor` tag), so the deployment a rollback creates to :41 would read "by carol", who made :41
 * a day ago. The cockpit knows better: a deployment of the rollback's target revision that
 * started after the rollback was planned is that rollback's, made by whoever confirmed it.
 * Kubernetes gives that deployment a new revision number (an undo to :41 makes :43 from :41's
 * ReplicaSet): it is the target's when the target is among its former revisions, and it began
 * when that rollback started.
 */
export function attributeRollbackDeploys(deploys: readonly Deploy[], actions: readonly ActionState[], responder?: string): Deploy[] {
  const rollbacks = actions.filter((a) => typeof a.facts?.targetRevision === 'string' && a.startedAt !== undefined);
  if (rollbacks.length === 0) return [...deploys];
  return deploys.map((d) => {
    // A reused ReplicaSet no longer serving has no time of its own in Kubernetes (the :43 a rollback made read
    // no age and no actor once undone): the newest rollback to one of its former revisions made it.
    if (d.startedAt === undefined && (d.formerRevisions ?? []).length === 0) return d;
    const started = d.startedAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(d.startedAt);
    // The newest rollback to this revision planned before the deployment began.
    const by = rollbacks
      .filter((a) => isDeployOf(d, a.facts!.targetRevision as string) && Date.parse(a.plannedAt) <= started)
      .sort((a, b) => compareText(b.plannedAt, a.plannedAt))[0];
    if (by === undefined) return d;
    const actor = by.confirmedBy ?? responder;
    // A reused ReplicaSet's time is the controller's latest progress, which moves with every pod
    // (its age read 1s, 7s, 1s): the rollout began when the rollback that made it started.
    const reused = (d.formerRevisions ?? []).includes(by.facts!.targetRevision as string);
    return { ...d, ...(actor === undefined ? {} : { actor }), ...(reused ? { startedAt: by.startedAt! } : {}) };
  });
}

const isDeployOf = (d: Deploy, revision: string) => d.revision === revision || (d.formerRevisions ?? []).includes(revision);
