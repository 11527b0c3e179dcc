/**
 * readHistory over a scripted EcsApi: which failures of the service deployments API fall back to
 * DescribeServices (any but cancellation), and how an automatic rollback by ECS is reported.
 */
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import type { EcsApi } from '../../../plugins/ecs/client';
import { ecsConfig, type EcsConfig } from '../../../plugins/ecs/config';
import { readHistory, toDeploy } from '../../../plugins/ecs/history';
import { type ProviderError, type Result, ok } from '../../../src/plugins/contract';

const config = ecsConfig.parse({ region: 'us-east-1', cluster: 'prod', service: 'checkout-api' }) as EcsConfig;
const td = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/checkout-api:${n}`;
const sdArn = (n: number) => `arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/checkout-api/d${n}`;
const srArn = (n: number) => `arn:aws:ecs:us-east-1:123456789012:service-revision/prod/checkout-api/r${n}`;
const failed = (error: ProviderError) => async () => ({ ok: false as const, error });
const notCalled = async (): Promise<Result<never>> => {
  throw new Error('not expected');
};

function api(overrides: Partial<EcsApi> = {}, deployments: ServiceDeployment[] = []): EcsApi {
  return {
    describeServices: async () =>
      ok({
        $metadata: {},
        services: [
          {
            serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/checkout-api',
            taskDefinition: td(41),
            desiredCount: 2,
            runningCount: 2,
            deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: td(41), rolloutState: 'COMPLETED', createdAt: new Date(1_000) }],
          },
        ],
      }),
    listServiceDeployments: async () => ok({ $metadata: {}, serviceDeployments: deployments.map((d) => ({ serviceDeploymentArn: d.serviceDeploymentArn })) }),
    describeServiceDeployments: async () => ok({ $metadata: {}, serviceDeployments: deployments }),
    describeServiceRevisions: async (input) =>
      ok({
        $metadata: {},
        serviceRevisions: (input.serviceRevisionArns ?? []).map((arn) => ({ serviceRevisionArn: arn, taskDefinition: td(Number(arn.slice(arn.lastIndexOf('r') + 1))) })),
      }),
    describeTaskDefinition: async (input) => ok({ $metadata: {}, taskDefinition: { taskDefinitionArn: input.taskDefinition }, tags: [] }),
    listTaskDefinitions: notCalled,
    stopServiceDeployment: notCalled,
    updateService: notCalled,
    close: () => undefined,
    ...overrides,
  };
}

const deployment = (n: number, status: string, extra: Partial<ServiceDeployment> = {}): ServiceDeployment => ({
  serviceDeploymentArn: sdArn(n),
  targetServiceRevision: { arn: srArn(n) },
  status: status as ServiceDeployment['status'],
  createdAt: new Date(n * 1_000),
  ...extra,
});
const signal = new AbortController().signal;
const serverError: ProviderError = { kind: 'invalid-response', message: 'ECS at http://127.0.0.1:5000 answered HTTP 500 with a body that is not an ECS response', code: 'HTTP 500' };
const cancelled: ProviderError = { kind: 'cancelled', message: 'the ECS request was cancelled' };

describe('readHistory: falling back to DescribeServices', () => {
  it.each([
    ['ListServiceDeployments', { listServiceDeployments: failed(serverError) }],
    ['DescribeServiceDeployments', { describeServiceDeployments: failed(serverError) }],
    ['DescribeServiceRevisions', { describeServiceRevisions: failed(serverError) }],
    ['ListServiceDeployments', { listServiceDeployments: failed({ kind: 'throttled', message: 'Rate exceeded' }) }],
  ] as const)('when %s fails, with the reason', async (operation, overrides) => {
    const history = await readHistory(api(overrides, [deployment(42, 'SUCCESSFUL')]), config, signal);
    expect(history).toMatchObject({ ok: true, value: { source: 'describe-services' } });
    if (!history.ok) return;
    expect(history.value.fallbackReason).toMatch(new RegExp(`^${operation} failed: `));
    expect(history.value.deploys.map((d) => [d.revision, d.status, d.current])).toEqual([['checkout-api:41', 'successful', true]]);
  });

  it.each([
    ['ListServiceDeployments', { listServiceDeployments: failed(cancelled) }],
    ['DescribeServiceDeployments', { describeServiceDeployments: failed(cancelled) }],
    ['DescribeServiceRevisions', { describeServiceRevisions: failed(cancelled) }],
  ] as const)('never when %s was cancelled', async (_operation, overrides) => {
    expect(await readHistory(api(overrides, [deployment(42, 'SUCCESSFUL')]), config, signal)).toEqual({ ok: false, error: cancelled });
  });

  it('uses the service deployments API when it answers', async () => {
    const history = await readHistory(api({}, [deployment(42, 'SUCCESSFUL')]), config, signal);
    expect(history).toMatchObject({ ok: true, value: { source: 'service-deployments' } });
    if (history.ok) expect(history.value.fallbackReason).toBeUndefined();
  });
});

describe('readHistory: rollbacks by ECS itself', () => {
  it('a deployment ECS rolled back because its circuit breaker or alarms triggered says so', async () => {
    const deployments = [
      deployment(43, 'ROLLBACK_IN_PROGRESS', { alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['checkout-5xx'] } }),
      deployment(42, 'ROLLBACK_SUCCESSFUL', {
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
        rollback: { reason: 'circuit breaker threshold exceeded', startedAt: new Date(42_500), serviceRevisionArn: srArn(41) },
      }),
      deployment(41, 'SUCCESSFUL'),
      // Rolled back on a responder's StopServiceDeployment: nothing ECS did on its own.
      deployment(40, 'ROLLBACK_SUCCESSFUL', { deploymentCircuitBreaker: { status: 'MONITORING_COMPLETE' }, alarms: { status: 'DISABLED' } }),
    ];
    const history = await readHistory(api({}, deployments), config, signal);
    if (!history.ok) throw new Error(history.error.message);
    expect(history.value.deploys.map(toDeploy).map((d) => [d.revision, d.status, d.automaticRollback])).toEqual([
      ['checkout-api:43', 'rolling-back', { by: 'ECS', reason: 'alarms triggered: checkout-5xx' }],
      ['checkout-api:42', 'rolled-back', { by: 'ECS', reason: 'circuit breaker threshold exceeded' }],
      ['checkout-api:41', 'successful', undefined],
      ['checkout-api:40', 'rolled-back', undefined],
    ]);
  });
});
