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
import type { EcsApi } from './client';
import type { EcsConfig } from './config';
import { describeService, revisionOf } from './history';
import { type RollbackFacts, planRollback, rollbackFacts } from './rollbackPlan';

export function createRollbackRunner(api: EcsApi, config: EcsConfig, ctx: PluginContext): ActionRunner {
  const stableTimeoutMs = parseDuration(config.stable_timeout)!;
  const pollIntervalMs = parseDuration(config.poll_interval)!;

  /** One look at the service: finished, failed, or how far along. */
  async function observe(facts: RollbackFacts, signal: AbortSignal): Promise<Result<Observation>> {
    let deploymentStatus: string | undefined;
    let deploymentFinishedAt: Date | undefined;
    if (facts.path === 'stop-service-deployment' && facts.serviceDeploymentArn) {
      const answer = await api.describeServiceDeployments({ serviceDeploymentArns: [facts.serviceDeploymentArn] }, signal);
      if (!answer.ok) return answer;
      deploymentStatus = answer.value.serviceDeployments?.[0]?.status;
      deploymentFinishedAt = answer.value.serviceDeployments?.[0]?.finishedAt;
      if (deploymentStatus === undefined) return fail('not-found', `service deployment ${facts.serviceDeploymentArn} is gone`);
      if (deploymentStatus === 'ROLLBACK_FAILED' || deploymentStatus === 'STOPPED') {
        return fail('failed', `ECS reports the rollback as ${deploymentStatus}`, deploymentStatus);
      }
      if (deploymentStatus === 'SUCCESSFUL') {
        return fail('conflict', `the deployment of ${facts.currentRevision} finished before the rollback took effect; plan again`);
      }
    }
    const service = await describeService(api, config, signal);
    if (!service.ok) return service;
    const primary = service.value.deployments.find((d) => d.status === 'PRIMARY');
    const primaryRevision = primary?.taskDefinition ? revisionOf(primary.taskDefinition) : service.value.primaryRevision;
    if (primaryRevision !== facts.targetRevision) {
      // ECS may take a moment after StopServiceDeployment to make the rollback the PRIMARY deployment.
      if (deploymentStatus !== undefined && deploymentStatus !== 'ROLLBACK_SUCCESSFUL') {
        const message = `waiting for ECS to start the rollback, deployment ${deploymentStatus}`;
        return ok({ done: false, message, count: { done: 0, total: service.value.desiredCount } });
      }
      // The service is set to the target and no deployment of it runs yet: nothing replaced the
      // rollback (moto starts none on UpdateService; "another deployment replaced it" was false).
      if (service.value.primaryRevision === facts.targetRevision) {
        const message = `${config.service} is set to ${facts.targetRevision}; waiting for ECS to start its deployment (the PRIMARY one is still ${primaryRevision})`;
        return ok({ done: false, message, count: { done: 0, total: service.value.desiredCount } });
      }
      return fail(
        'conflict',
        `${config.service} is now deploying ${primaryRevision}, not ${facts.targetRevision}: another deployment replaced the rollback`,
      );
    }
    const running = primary?.runningCount ?? service.value.runningCount;
    const desired = primary?.desiredCount ?? service.value.desiredCount;
    const rollout = primary?.rolloutState ?? 'UNKNOWN';
    if (rollout === 'FAILED') {
      return fail('failed', `the rollout of ${facts.targetRevision} failed: ${primary?.rolloutStateReason ?? 'no reason given'}`, 'FAILED');
    }
    const drained = service.value.deployments.length === 1;
    // waitUntilServicesStable looks only at counts; ECS must also call the rollout finished: the
    // service deployment ROLLBACK_SUCCESSFUL on the stop path, the rollout state COMPLETED otherwise.
    const finished = deploymentStatus === undefined ? rollout === 'COMPLETED' : deploymentStatus === 'ROLLBACK_SUCCESSFUL' && rollout !== 'IN_PROGRESS';
    if (finished && drained && running === desired) {
      // When ECS finished it: the deployment's end on the stop path, the rollout's last change otherwise.
      const completed = deploymentFinishedAt ?? primary?.updatedAt;
      return ok({
        done: true,
        summary: `${config.service} runs ${facts.targetRevision}: ${running}/${desired} tasks, rollout COMPLETED`,
        details: { revision: facts.targetRevision },
        ...(completed === undefined ? {} : { completedAt: new Date(completed).toISOString() }),
      });
    }
    const status = deploymentStatus ? `, deployment ${deploymentStatus}` : '';
    return ok({ done: false, message: `tasks ${running}/${desired} running, rollout ${rollout}${status}`, count: { done: running, total: desired } });
  }

  return {
    plan: (params, signal, context) => planRollback(api, config, params, signal, context),

    undo: rollbackUndo,

    safety(plan): SafetyVerdict {
      const facts = planFacts(rollbackFacts, plan);
      if (!facts) return { level: 'unsupported', reasons: ['the plan does not carry the facts of an ECS rollback; plan again'] };
      return rollbackSafety({
        current: facts.currentRevision,
        target: facts.targetRevision,
        between: facts.between,
        deploymentController: facts.deploymentController,
        knownBad: facts.knownBad,
        ...(facts.unproven === undefined ? {} : { unproven: facts.unproven }),
        ...(facts.ranHere === undefined ? {} : { ranHere: facts.ranHere }),
        ...(facts.forward === true ? { forward: true } : {}),
      });
    },

    async execute(plan, io): Promise<Result<ActionOutcome>> {
      const facts = planFacts(rollbackFacts, plan);
      const call = plan.calls[0];
      if (!facts || call?.kind !== 'api') return fail('failed', 'the plan is not an ECS rollback plan');
      // Exactly the call the responder confirmed, with its arguments.
      if (call.operation === 'StopServiceDeployment') {
        const answer = await api.stopServiceDeployment({ serviceDeploymentArn: String(call.args.serviceDeploymentArn), stopType: 'ROLLBACK' }, io.signal);
        if (!answer.ok) return answer;
        return ok({
          summary: `Stopped the deployment of ${facts.currentRevision}; ECS is rolling back to ${facts.targetRevision}`,
          details: { operation: call.operation, serviceDeploymentArn: answer.value.serviceDeploymentArn },
        });
      }
      const answer = await api.updateService(
        { cluster: String(call.args.cluster), service: String(call.args.service), taskDefinition: String(call.args.taskDefinition) },
        io.signal,
      );
      if (!answer.ok) return answer;
      const primary = answer.value.service?.deployments?.find((d) => d.status === 'PRIMARY');
      return ok({
        summary: `Started a deployment of ${facts.targetRevision} to replace ${facts.currentRevision}`,
        details: { operation: call.operation, deploymentId: primary?.id, taskDefinition: primary?.taskDefinition },
      });
    },

    async verify(plan, io: ActionIO): Promise<Result<ActionOutcome>> {
      const facts = planFacts(rollbackFacts, plan);
      if (!facts) return fail('failed', 'the plan is not an ECS rollback plan');
      return pollUntilSettled({
        clock: ctx.clock,
        signal: io.signal,
        ...(io.madeAt ? { since: io.madeAt } : {}),
        timeoutMs: stableTimeoutMs,
        intervalMs: pollIntervalMs,
        observe: (signal) => observe(facts, signal),
        progress: (update) => io.progress(update),
        unanswered: (error) => `ECS did not answer (${error.kind}): ${error.message}`,
        cancelled: 'verification cancelled; the rollback itself goes on in ECS',
        timedOut: (lastSeen) => `${config.service} did not reach ${facts.targetRevision} within ${config.stable_timeout} (${lastSeen})`,
      });
    },
  };
}
