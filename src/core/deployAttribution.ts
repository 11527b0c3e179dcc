import { compareText } from './compareText';
import type { Deploy } from './deploys';
import type { PreviousIncident, RollbackMade } from './events';
import type { ActionState } from './incident';

/** The rollbacks `actions` made (and their undos); `responder` makes those nobody confirmed by name. */
export function rollbacksOf(actions: readonly ActionState[], responder?: string): RollbackMade[] {
  return actions.flatMap((a) => {
    const by = a.confirmedBy ?? a.startedBy ?? responder;
    return typeof a.facts?.targetRevision === 'string' && a.startedAt !== undefined ? [{ revision: a.facts.targetRevision, plannedAt: a.plannedAt, startedAt: a.startedAt, ...(by === undefined ? {} : { by }) }] : [];
  });
}

/**
 * A provider names the actor of a deployment after its revision (ECS: the task definition's
 * `actor` tag), so the deployment a rollback creates to :41 would read "by carol", who made :41
 * a day ago. The cockpit knows better: a deployment of the rollback's target revision that
 * started after the rollback was planned is that rollback's, made by whoever confirmed it. Also
 * the previous incident's (`previous.rollbacks`): once it was resolved, the next incident's panel,
 * `status` and timeline read its rollback's deployment "by carol" again (ECS without
 * ListServiceDeployments keeps no newer deployment to tell a redeploy by).
 * Kubernetes gives that deployment a new revision number (an undo to :41 makes :43 from :41's
 * ReplicaSet): it is the target's when the target is among its former revisions, and it began
 * when that rollback started.
 */
export function attributeRollbackDeploys(deploys: readonly Deploy[], actions: readonly ActionState[], responder?: string, previous?: PreviousIncident): Deploy[] {
  const rollbacks = [...(previous?.rollbacks ?? []), ...rollbacksOf(actions, responder)];
  if (rollbacks.length === 0) return [...deploys];
  return deploys.map((d) => {
    // A reused ReplicaSet no longer serving has no time of its own in Kubernetes (the :43 a rollback made read
    // no age and no actor once undone): the newest rollback to one of its former revisions made it.
    if (d.startedAt === undefined && (d.formerRevisions ?? []).length === 0) return d;
    const started = d.startedAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(d.startedAt);
    // The newest rollback to this revision planned before the deployment began.
    const made = rollbacks.filter((a) => isDeployOf(d, a.revision) && Date.parse(a.plannedAt) <= started).sort((a, b) => compareText(b.plannedAt, a.plannedAt))[0];
    if (made === undefined) return d;
    // A reused ReplicaSet's time is the controller's latest progress, which moves with every pod
    // (its age read 1s, 7s, 1s): the rollout began when the rollback that made it started.
    const reused = (d.formerRevisions ?? []).includes(made.revision);
    return { ...d, ...(made.by === undefined ? {} : { actor: made.by }), ...(reused ? { startedAt: made.startedAt } : {}) };
  });
}

const isDeployOf = (d: Deploy, revision: string) => d.revision === revision || (d.formerRevisions ?? []).includes(revision);
