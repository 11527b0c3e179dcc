/** The `rollback` action: plan → safety → (confirm, by the session) → execute → verify. */
import { parseDuration } from '../../src/core/duration';
import { rollbackUndo } from '../../src/core/actions';
import { rollbackSafety } from '../../src/core/rollbackSafety';
import { type Observation, pollUntilSettled } from '../../src/core/verifyPolling';
import {
  type ActionIO,
  type ActionOutcome,
  type ActionRunner,
  type PluginContext,
  type Result,
  type SafetyVerdict,
  fail,
  ok,
  planFacts,
} from '../../src/plugins/contract';
import { analysisOf } from './argoAnalysis';
import { argoStatusOf } from './argoStatus';
import type { JsonPatchOperation, KubernetesApi } from './client';
import type { KubernetesConfig } from './config';
import { imagesOf, selectorString } from './history';
import { type RollbackFacts, planRollback, rollbackFacts } from './rollbackPlan';
import { rolloutCompletedAt } from './status';
import { type Workload, type WorkloadObject, workloadRef } from './workload';

const sameImages = (a: readonly string[], b: readonly string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

export function createRollbackRunner(api: KubernetesApi, config: KubernetesConfig, workload: Workload, ctx: PluginContext): ActionRunner {
  const timeoutMs = parseDuration(config.rollout_timeout)!;
  const pollIntervalMs = parseDuration(config.poll_interval)!;
  const { name } = workload;
  const ref = workloadRef(workload);

  /**
   * A Rollout's own verdict on top of its phase: its analysis of the revision, and that revision
   * promoted to stable. When nothing stands in the way: the AnalysisRuns that passed, for the summary.
   */
  async function argoVerdict(rollout: WorkloadObject, facts: RollbackFacts, signal: AbortSignal): Promise<Result<Observation> | { readonly passed: readonly string[] }> {
    const analysis = await analysisOf(api, rollout, signal);
    if (!analysis.ok) return analysis;
    const phase = workload.status(rollout);
    // A roll forward (an undo's) is said as one: "the rollback to payments-api:42" stood beside "the undo of act-1".
    const change = `the ${facts.forward === true ? 'roll forward' : 'rollback'} to ${facts.targetRevision}`;
    if (analysis.value.failed) return fail('failed', `${analysis.value.failed} (${phase.message}): ${change} did not pass its analysis`, 'AnalysisRunFailed');
    if (phase.state === 'failed') return fail('failed', `${phase.message}: ${change} did not become healthy`, 'Degraded');
    if (phase.state === 'progressing') return ok({ done: false, message: phase.message, count: { done: phase.updated, total: phase.desired } });
    const { stableRS, currentPodHash } = argoStatusOf(rollout);
    if (stableRS !== currentPodHash) return ok({ done: false, message: `${phase.message}: stable is ${stableRS ?? 'none'}, not yet ${currentPodHash ?? '?'}` });
    if (analysis.value.pending) return ok({ done: false, message: analysis.value.pending });
    return { passed: analysis.value.passed };
  }

  /** One look, as `kubectl rollout status` (or `kubectl argo rollouts status`) takes it, then the images the ready pods run. */
  async function observe(facts: RollbackFacts, signal: AbortSignal): Promise<Result<Observation>> {
    const object = await workload.read(signal);
    if (!object.ok) return object;
    const images = imagesOf(object.value.spec?.template);
    if (!sameImages(images, facts.targetImages)) {
      return fail('conflict', `${ref} now runs ${images.join(', ')}, not ${facts.targetImages.join(', ')}: another change replaced the rollback`);
    }
    const status = workload.status(object.value);
    let analysed = '';
    if (workload.kind === 'Rollout') {
      const verdict = await argoVerdict(object.value, facts, signal);
      if (!('passed' in verdict)) return verdict;
      analysed = verdict.passed.length === 0 ? '' : `; analysis passed (${verdict.passed.map((run) => `AnalysisRun ${run}`).join(', ')})`;
    }
    if (status.state === 'failed') return fail('failed', `${status.message}: the rollback to ${facts.targetRevision} did not become available`, 'ProgressDeadlineExceeded');
    if (status.state === 'progressing') return ok({ done: false, message: status.message, count: { done: status.updated, total: status.desired } });
    const pods = await api.listPods(selectorString(object.value.spec?.selector), signal);
    if (!pods.ok) return pods;
    const running = pods.value.filter((p) => p.status?.phase === 'Running' && p.metadata?.deletionTimestamp === undefined);
    const strays = running.filter((p) => !sameImages((p.status?.containerStatuses ?? []).map((c) => c.image), facts.targetImages));
    if (strays.length > 0) {
      const seen = [...new Set(strays.flatMap((p) => (p.status?.containerStatuses ?? []).map((c) => c.image)))].join(', ');
      return ok({ done: false, message: `${strays.length} pods still run ${seen}`, count: { done: running.length - strays.length, total: status.desired } });
    }
    const revision = `${name}:${object.value.metadata?.annotations?.[workload.revisionAnnotation] ?? '?'}`;
    const completed = rolloutCompletedAt(object.value);
    return ok({
      done: true,
      ...(completed === undefined ? {} : { completedAt: completed }),
      details: { revision, images: facts.targetImages },
      summary: `${status.message}: ${running.length}/${status.desired} pods run ${facts.targetImages.join(', ')} (${revision}, the template of ${facts.targetRevision})${analysed}`,
    });
  }

  return {
    plan: (params, signal, context) => planRollback(api, workload, params, signal, context),

    undo: rollbackUndo,

    safety(plan): SafetyVerdict {
      const facts = planFacts(rollbackFacts, plan);
      if (!facts) return { level: 'unsupported', reasons: ['the plan does not carry the facts of a Kubernetes rollback; plan again'] };
      return rollbackSafety({
        current: facts.currentRevision,
        target: facts.targetRevision,
        between: facts.between,
        knownBad: facts.knownBad,
        ...(facts.forward === true ? { forward: true } : {}),
        ...(facts.currentBuild === undefined ? {} : { currentBuild: facts.currentBuild }),
        calls: plan.calls,
        ...(facts.gitOps ? { gitOps: { owner: facts.gitOps, workload: workloadRef({ resource: facts.kind === 'Rollout' ? 'rollout' : 'deployment', name: facts.deployment }) } } : {}),
      });
    },

    async execute(plan, io): Promise<Result<ActionOutcome>> {
      const facts = planFacts(rollbackFacts, plan);
      const call = plan.calls[0];
      if (!facts || call?.kind !== 'api' || !Array.isArray(call.args.patch)) return fail('failed', 'the plan is not a Kubernetes rollback plan');
      // Exactly the patch the responder confirmed; its resourceVersion refuses a Deployment that moved.
      const answer = await workload.patch(call.args.patch as JsonPatchOperation[], io.signal);
      if (!answer.ok) return answer;
      const revision = answer.value.metadata?.annotations?.[workload.revisionAnnotation];
      return ok({
        // An undo's roll forward said "Rolled … back to the template of :42", as its plan no longer does.
        summary: `Rolled ${ref} ${facts.forward === true ? 'forward' : 'back'} to the template of ${facts.targetRevision} (now revision ${revision ?? '?'}); the rollout replaces ${facts.currentRevision}'s pods`,
        details: { operation: call.operation, revision, generation: answer.value.metadata?.generation, resourceVersion: answer.value.metadata?.resourceVersion },
      });
    },

    async verify(plan, io: ActionIO): Promise<Result<ActionOutcome>> {
      const facts = planFacts(rollbackFacts, plan);
      if (!facts) return fail('failed', 'the plan is not a Kubernetes rollback plan');
      return pollUntilSettled({
        clock: ctx.clock,
        signal: io.signal,
        ...(io.madeAt ? { since: io.madeAt } : {}),
        timeoutMs,
        intervalMs: pollIntervalMs,
        observe: (signal) => observe(facts, signal),
        progress: (update) => io.progress(update),
        unanswered: (error) => `the API server did not answer (${error.kind}): ${error.message}`,
        cancelled: 'verification cancelled; the rollout itself goes on in the cluster',
        timedOut: (lastSeen) => `${ref} did not roll out ${facts.targetRevision} within ${config.rollout_timeout} (${lastSeen})`,
      });
    },
  };
}
