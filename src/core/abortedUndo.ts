import type { Recommendation, RecommendationInput } from './recommendationTypes';

/**
 * The advice, with what an undo Argo aborted left when it is the newest change of the deployed
 * revision: the build the rollback went to still runs, but the Rollout may still be set to the
 * build the undo went back to, and a retry rolls it out (core/openEnds.ts says so at resolve). The
 * panels read `● current :43` and the advice nothing of it.
 */
export function withAbortedUndo(input: RecommendationInput, recommendation: Recommendation): Recommendation {
  const rollbacks = [...input.actions, ...(input.undone ?? [])].filter((a) => a.kind === 'rollback');
  const newest = rollbacks.reduce<(typeof rollbacks)[number] | undefined>((a, b) => (a === undefined || b.startedAt > a.startedAt ? b : a), undefined);
  if (newest?.kind !== 'rollback' || newest.undo !== true || newest.status !== 'unverified') return recommendation;
  const left = `${newest.id}, an undo, failed its check: ${newest.to} may still be what the workload is set to, and a retry rolls it out again`;
  // First: at 80x24 the panel folded it into `… 5 more lines`, the one warning of a retry rolling the bad build out.
  return { ...recommendation, evidence: [left, ...recommendation.evidence] };
}
