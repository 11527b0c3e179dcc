/**
 * The Argo Rollouts controller's part of the sandbox: an AnalysisRun for each revision it rolls
 * out, which decides one pod step in (the world's `failingAnalysis` says which builds fail), and
 * the abort a failed analysis causes: the stable ReplicaSet scaled back up, the new one down, the
 * Rollout Degraded with its template left as it was (an abort is no rollback). Pure transitions.
 */
import { newUid, ownedBy } from './lookups';
import { type Deployment, type ReplicaSet, REVISION, type World } from './model';

/** A Rollout's analysis of `rs`: seeded history passed it; a new rollout's is measured from `atMs`. */
export function startAnalysis(world: World, d: Deployment, rs: ReplicaSet, atMs: number, seeded: boolean): void {
  const revision = Number(rs.annotations[REVISION] ?? 0);
  const outcome = !seeded && world.failingAnalysis.includes(rs.origin) ? 'Failed' : 'Successful';
  world.analysisRuns.push({
    name: `${d.name}-${rs.hash}-${revision}`,
    uid: newUid(world),
    namespace: d.namespace,
    owner: d.name,
    hash: rs.hash,
    revision,
    createdAtMs: atMs,
    decidesAtMs: atMs + world.msPerPod,
    outcome,
    phase: seeded ? outcome : 'Running',
    resourceVersion: (world.resourceVersion += 1),
  });
}

export const analysisRunsOf = (world: World, d: Deployment) => world.analysisRuns.filter((a) => a.namespace === d.namespace && a.owner === d.name);

export const FAILED_METRIC = 'Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)';

/** Decides the rolling revision's analysis when its time has come; true when that aborted the update. */
export function decideAnalysis(world: World, d: Deployment, atMs: number): boolean {
  const rollout = d.rollout!;
  const rs = world.replicaSets.find((r) => r.name === rollout.newReplicaSet);
  const run = rs && analysisRunsOf(world, d).filter((a) => a.hash === rs.hash).at(-1);
  if (!rs || !run || run.phase !== 'Running' || atMs < run.decidesAtMs) return false;
  run.phase = run.outcome;
  run.resourceVersion = world.resourceVersion += 1;
  if (run.outcome === 'Successful') return false;
  for (const owned of ownedBy(world, d)) {
    const count = owned.name === d.stableReplicaSet ? d.replicas : 0;
    if (owned.replicas === count) continue;
    owned.replicas = count;
    owned.resourceVersion = world.resourceVersion += 1;
  }
  d.aborted = `RolloutAborted: Rollout aborted update to revision ${run.revision}: ${FAILED_METRIC}`;
  d.rollout = null;
  d.settledAtMs = run.decidesAtMs;
  d.resourceVersion = world.resourceVersion += 1;
  return true;
}
