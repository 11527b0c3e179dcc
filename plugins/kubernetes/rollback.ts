/** The `rollback` action: plan → safety → (confirm, by the session) → execute → verify. */
import { parseDuration } from '../../src/core/duration';
import { rollbackSafety } from '../../src/core/rollbackSafety';
import { type Observation, pollUntilSettled } from '../../src/core/verifyPolling';
import {
  type ActionIO,
  type ActionOutcome,
  type ActionPlan,
  type ActionRunner,
  type PluginContext,
  type Result,
  type SafetyVerdict,
  fail,
  ok,
} from '../../src/plugins/contract';
import type { JsonPatchOperation, KubernetesApi } from './client';
import type { KubernetesConfig } from './config';
import { REVISION, imagesOf, selectorString } from './history';
import { type RollbackFacts, planRollback, rollbackFacts } from './rollbackPlan';
import { rolloutStatus } from './status';

function readFacts(plan: ActionPlan): RollbackFacts | undefined {
  const parsed = rollbackFacts.safeParse(plan.facts);
  return parsed.success ? parsed.data : undefined;
}

const sameImages = (a: readonly string[], b: readonly string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

export function createRollbackRunner(api: KubernetesApi, config: KubernetesConfig & { deployment: string }, ctx: PluginContext): ActionRunner {
  const timeoutMs = parseDuration(config.rollout_timeout)!;
  const pollIntervalMs = parseDuration(config.poll_interval)!;
  const name = config.deployment;

  /** One look, as `kubectl rollout status` takes it, then the images the ready pods run. */
  async function observe(facts: RollbackFacts, signal: AbortSignal): Promise<Result<Observation>> {
    const deployment = await api.readDeployment(name, signal);
    if (!deployment.ok) return deployment;
    const images = imagesOf(deployment.value.spec?.template);
    if (!sameImages(images, facts.targetImages)) {
      return fail('conflict', `deployment/${name} now runs ${images.join(', ')}, not ${facts.targetImages.join(', ')}: another change replaced the rollback`);
    }
    const status = rolloutStatus(deployment.value);
    if (status.state === 'failed') return fail('failed', `${status.message}: the rollback to ${facts.targetRevision} did not become available`, 'ProgressDeadlineExceeded');
    if (status.state === 'progressing') return ok({ done: false, message: status.message, count: { done: status.updated, total: status.desired } });
    const pods = await api.listPods(selectorString(deployment.value.spec?.selector), signal);
    if (!pods.ok) return pods;
    const running = pods.value.filter((p) => p.status?.phase === 'Running' && p.metadata?.deletionTimestamp === undefined);
    const strays = running.filter((p) => !sameImages((p.status?.containerStatuses ?? []).map((c) => c.image), facts.targetImages));
    if (strays.length > 0) {
      const seen = [...new Set(strays.flatMap((p) => (p.status?.containerStatuses ?? []).map((c) => c.image)))].join(', ');
      return ok({ done: false, message: `${strays.length} pods still run ${seen}`, count: { done: running.length - strays.length, total: status.desired } });
    }
    const revision = `${name}:${deployment.value.metadata?.annotations?.[REVISION] ?? '?'}`;
    return ok({
      done: true,
      details: { revision, images: facts.targetImages },
      summary: `${status.message}: ${running.length}/${status.desired} pods run ${facts.targetImages.join(', ')} (${revision}, the template of ${facts.targetRevision})`,
    });
  }

  return {
    plan: (params, signal, context) => planRollback(api, name, params, signal, context),

    safety(plan): SafetyVerdict {
      const facts = readFacts(plan);
      if (!facts) return { level: 'unsupported', reasons: ['the plan does not carry the facts of a Kubernetes rollback; plan again'] };
      return rollbackSafety({
        current: facts.currentRevision,
        target: facts.targetRevision,
        between: facts.between,
        knownBad: facts.knownBad,
        ...(facts.gitOps ? { gitOps: { owner: facts.gitOps, workload: `deployment/${facts.deployment}` } } : {}),
      });
    },

    async execute(plan, io): Promise<Result<ActionOutcome>> {
      const facts = readFacts(plan);
      const call = plan.calls[0];
      if (!facts || call?.kind !== 'api' || !Array.isArray(call.args.patch)) return fail('failed', 'the plan is not a Kubernetes rollback plan');
      // Exactly the patch the responder confirmed; its resourceVersion refuses a Deployment that moved.
      const answer = await api.patchDeployment(String(call.args.name), call.args.patch as JsonPatchOperation[], io.signal);
      if (!answer.ok) return answer;
      const revision = answer.value.metadata?.annotations?.[REVISION];
      return ok({
        summary: `Rolled deployment/${facts.deployment} back to the template of ${facts.targetRevision} (now revision ${revision ?? '?'}); the rollout replaces ${facts.currentRevision}'s pods`,
        details: { operation: call.operation, revision, generation: answer.value.metadata?.generation, resourceVersion: answer.value.metadata?.resourceVersion },
      });
    },

    async verify(plan, io: ActionIO): Promise<Result<ActionOutcome>> {
      const facts = readFacts(plan);
      if (!facts) return fail('failed', 'the plan is not a Kubernetes rollback plan');
      return pollUntilSettled({
        clock: ctx.clock,
        signal: io.signal,
        timeoutMs,
        intervalMs: pollIntervalMs,
        observe: (signal) => observe(facts, signal),
        progress: (update) => io.progress(update),
        unanswered: (error) => `the API server did not answer (${error.kind}): ${error.message}`,
        cancelled: 'verification cancelled; the rollout itself goes on in the cluster',
        timedOut: (lastSeen) => `deployment/${name} did not roll out ${facts.targetRevision} within ${config.rollout_timeout} (${lastSeen})`,
      });
    },
  };
}
