/**
 * What the Rollout controller's analysis says about the revision it rolls out: the AnalysisRuns
 * the Rollout owns for its current pod template (label `rollouts-pod-template-hash`) and its
 * current revision (annotation `rollout.argoproj.io/revision`: an undo reuses a template, and
 * the runs of its earlier revision are history), as `kubectl argo rollouts get rollout` lists them. Failed, Error and Inconclusive are verdicts
 * against it; Pending and Running are not yet in.
 */
import { type Result, ok } from '../../src/plugins/contract';
import { argoStatusOf } from './argoStatus';
import type { AnalysisRun, KubernetesApi } from './client';
import { ROLLOUT, type WorkloadObject } from './workload';

export interface AnalysisVerdict {
  /** `AnalysisRun x Failed: why`, for the first run that failed. */
  readonly failed?: string;
  /** `AnalysisRun x Running`, while one is not decided. */
  readonly pending?: string;
  /** Names of the runs that succeeded. */
  readonly passed: readonly string[];
}

const AGAINST = new Set(['Failed', 'Error', 'Inconclusive']);

const line = (run: AnalysisRun) => `AnalysisRun ${run.metadata?.name ?? '?'} ${run.status?.phase ?? 'Pending'}${run.status?.message ? `: ${run.status.message}` : ''}`;

export async function analysisOf(api: KubernetesApi, rollout: WorkloadObject, signal: AbortSignal): Promise<Result<AnalysisVerdict>> {
  const hash = argoStatusOf(rollout).currentPodHash;
  if (hash === undefined) return ok({ pending: 'the Rollout names no current pod template hash yet', passed: [] });
  const runs = await api.listAnalysisRuns(`${ROLLOUT.hashLabel}=${hash}`, signal);
  if (!runs.ok) return runs;
  const uid = rollout.metadata?.uid;
  const revision = rollout.metadata?.annotations?.[ROLLOUT.revisionAnnotation];
  const ofRevision = (run: AnalysisRun) => revision === undefined || (run.metadata?.annotations?.[ROLLOUT.revisionAnnotation] ?? revision) === revision;
  const owned = runs.value.filter((run) => ofRevision(run) && run.metadata?.ownerReferences?.some((ref) => ref.kind === 'Rollout' && ref.uid === uid));
  const failed = owned.find((run) => AGAINST.has(run.status?.phase ?? ''));
  const pending = owned.find((run) => !AGAINST.has(run.status?.phase ?? '') && run.status?.phase !== 'Successful');
  return ok({
    ...(failed ? { failed: line(failed) } : {}),
    ...(pending ? { pending: line(pending) } : {}),
    passed: owned.filter((run) => run.status?.phase === 'Successful').map((run) => run.metadata?.name ?? '?'),
  });
}
