import type { Recommendation, RecommendationInput } from './recommendationTypes';

/**
 * The advice, with what a rollback or an undo whose check failed (an Argo Rollout aborted it) left when it is the newest
 * change of the deployed revision: the build before it may still run, but the workload may still be set to the build it
 * went to, and a retry or a GitOps sync rolls that out (core/openEnds.ts says so at resolve). The panels read
 * `● current :43` and the advice nothing of it; of a rollback forced through a contract migration's block and aborted,
 * the Rollout was left set to the build the migration breaks, said only in the resolve dialog (helper-143).
 */
export function withFailedRollout(input: RecommendationInput, recommendation: Recommendation): Recommendation {
  const rollbacks = [...input.actions, ...(input.undone ?? [])].filter((a) => a.kind === 'rollback');
  const newest = rollbacks.reduce<(typeof rollbacks)[number] | undefined>((a, b) => (a === undefined || b.startedAt > a.startedAt ? b : a), undefined);
  if (newest?.kind !== 'rollback' || newest.status !== 'unverified') return recommendation;
  // A rollback that is the newest change of all has advice of its own (`The rollback to :41 failed its check: see what runs now`).
  const later = input.actions.some((a) => a.startedAt > newest.startedAt);
  if (newest.undo !== true && !later) return recommendation;
  const left = `${newest.id}, ${newest.undo === true ? 'an undo' : 'a rollback'}, failed its check: ${newest.to} may still be what the workload is set to, and a retry rolls it out again`;
  // First: at 80x24 the panel folded it into `… 5 more lines`, the one warning of a retry rolling the bad build out.
  return { ...recommendation, evidence: [left, ...recommendation.evidence] };
}
