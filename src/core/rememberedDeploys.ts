import { compareText } from './compareText';
import type { Deploy, DeployStatus } from './deploys';
import type { IncidentState } from './incidentState';

const STATUSES: readonly DeployStatus[] = ['pending', 'in-progress', 'successful', 'failed', 'stopped', 'rolling-back', 'rolled-back'];

/**
 * The deploys a provider lists, with the ones this incident rolled back from that it no longer
 * lists, as the incident last saw them (`remembered`). A history read from DescribeServices alone
 * (ECS without its deployments API, moto) drops a deployment once it drains: after the rollback
 * the deploys panel showed `● current :41` alone, and `:42` (the bad build) with its mark was gone.
 * Pure.
 */
export function withRolledBackFrom(deploys: readonly Deploy[], state: IncidentState): readonly (Deploy & { readonly remembered?: true })[] {
  const listed = new Set(deploys.map((d) => d.revision));
  const rolledBackFrom = new Set(state.actions.flatMap((a) => (a.status === 'succeeded' && typeof a.facts?.currentRevision === 'string' && typeof a.facts?.targetRevision === 'string' ? [a.facts.currentRevision] : [])));
  const missing = [...rolledBackFrom].filter((revision) => !listed.has(revision));
  if (missing.length === 0) return deploys;
  const remembered = missing.flatMap((revision) => {
    const seen = Object.values(state.deploys)
      .filter((d) => d.revision === revision)
      .sort((a, b) => compareText(b.startedAt ?? b.observedAt, a.startedAt ?? a.observedAt))[0];
    if (seen === undefined) return [];
    const status = STATUSES.find((s) => s === seen.status) ?? 'successful';
    return [{ id: seen.id, revision, artifacts: [], status, ...(seen.startedAt === undefined ? {} : { startedAt: seen.startedAt }), ...(seen.actor === undefined ? {} : { actor: seen.actor }), labels: {}, current: false, remembered: true as const }];
  });
  // Each in its place by time among the provider's rows, whose order is the provider's.
  const out: (Deploy & { readonly remembered?: true })[] = [...deploys];
  for (const row of remembered) {
    const at = out.findIndex((d) => compareText(d.startedAt ?? '', row.startedAt ?? '') < 0);
    out.splice(at < 0 ? out.length : at, 0, row);
  }
  return out;
}
