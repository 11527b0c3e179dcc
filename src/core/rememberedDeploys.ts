import { compareText } from './compareText';
import { DEPLOY_STATUSES, type Deploy } from './deploys';
import type { IncidentState } from './incidentState';

/** A deploy the provider lists, or one the incident remembers; `nowAs`: the revision the same deploy is listed as now. */
export type RememberedDeploy = Deploy & { readonly remembered?: true; readonly nowAs?: string };

/**
 * Each deploy as the incident saw it, and each one it was before under another revision (a Kubernetes ReplicaSet
 * reused: :42's, reused by an undo Argo aborted, is listed as :44, and :42 went from the panel and from the advice's
 * evidence of the cause). A former one keeps its own id apart from the deploy it became.
 */
function incarnations(state: IncidentState): { id: string; revision: string; status: string; startedAt?: string; actor?: string; observedAt: string; nowAs?: string }[] {
  return Object.values(state.deploys).flatMap((d) => [
    d,
    ...(d.formerly ?? []).map((f) => ({ id: `${d.id}@${f.revision}`, revision: f.revision, status: f.status, ...(f.startedAt === undefined ? {} : { startedAt: f.startedAt }), observedAt: f.until, nowAs: d.revision })),
  ]);
}

/**
 * The deploys a provider lists, with the ones this incident rolled back from that it no longer
 * lists, as the incident last saw them (`remembered`). A history read from DescribeServices alone
 * (ECS without its deployments API, moto) drops a deployment once it drains: after the rollback
 * the deploys panel showed `● current :41` alone, and `:42` (the bad build) with its mark was gone.
 * Pure.
 */
export function withRolledBackFrom(listedDeploys: readonly Deploy[], state: IncidentState): readonly RememberedDeploy[] {
  const deploys = listedDeploys.map((d) => keptAbort(d, state));
  const listed = new Set(deploys.map((d) => d.revision));
  const listedIds = new Set(deploys.map((d) => d.id));
  const rolledBackFrom = new Set(state.actions.flatMap((a) => (a.status === 'succeeded' && typeof a.facts?.currentRevision === 'string' && typeof a.facts?.targetRevision === 'string' ? [a.facts.currentRevision] : [])));
  const missing = [...rolledBackFrom].filter((revision) => !listed.has(revision));
  if (missing.length === 0) return deploys;
  const remembered = missing.flatMap((revision): RememberedDeploy[] => {
    const seen = incarnations(state)
      .filter((d) => d.revision === revision)
      .sort((a, b) => compareText(b.startedAt ?? b.observedAt, a.startedAt ?? a.observedAt))[0];
    if (seen === undefined) return [];
    const status = DEPLOY_STATUSES.find((s) => s === seen.status) ?? 'successful';
    const nowAs = seen.nowAs === undefined ? {} : { nowAs: seen.nowAs };
    // Listed now under another revision, before the log recorded it so (a ReplicaSet an undo reused): an id of its own,
    // as a former one has. Two rows under one id drew `⊗ :44 bad — … (act-1)` above the table, the running build's row gone.
    const id = listedIds.has(seen.id) ? `${seen.id}@${revision}` : seen.id;
    return [{ id, revision, artifacts: [], status, ...(seen.startedAt === undefined ? {} : { startedAt: seen.startedAt }), ...(seen.actor === undefined ? {} : { actor: seen.actor }), labels: {}, current: false, remembered: true as const, ...nowAs }];
  });
  // Each in its place by time among the provider's rows, whose order is the provider's.
  const out: RememberedDeploy[] = [...deploys];
  for (const row of remembered) {
    const at = out.findIndex((d) => compareText(d.startedAt ?? '', row.startedAt ?? '') < 0);
    out.splice(at < 0 ? out.length : at, 0, row);
  }
  return out;
}

/**
 * A revision an Argo Rollout aborted, as the incident saw it (its fold keeps the abort): listed later as a past
 * `successful` one, once the Rollout moved on, its row read `successful` and its `⊗` line went (helper-126).
 */
function keptAbort(deploy: Deploy, state: IncidentState): Deploy {
  const seen = state.deploys[deploy.id];
  if (deploy.current || deploy.status !== 'successful' || seen?.revision !== deploy.revision || seen.status !== 'rolled-back' || seen.automaticRollback === undefined) return deploy;
  return { ...deploy, status: 'rolled-back', automaticRollback: seen.automaticRollback };
}
