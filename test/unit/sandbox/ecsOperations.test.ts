import { describe, expect, it } from 'vitest';
import { type OperationResult, runOperation } from '../../../src/sandbox/ecs/operations';
import { findService } from '../../../src/sandbox/ecs';
import { FIXTURE_NOW, MS_PER_TASK, checkoutWorld } from '../../fixtures/ecs/checkoutWorld';

function body(result: OperationResult): Record<string, unknown> {
  if ('error' in result) throw new Error(`expected an answer, got ${result.error.type}`);
  return result.body as Record<string, unknown>;
}

describe('sandbox ECS operations', () => {
  it('lists no service deployments for a service without the service deployments API', () => {
    const world = checkoutWorld({ serviceDeploymentsApi: false });
    const answer = body(runOperation(world, 'ListServiceDeployments', { cluster: 'prod', service: 'checkout-api' }, FIXTURE_NOW));
    expect(answer.serviceDeployments).toEqual([]);
    const described = body(runOperation(world, 'DescribeServices', { cluster: 'prod', services: ['checkout-api'] }, FIXTURE_NOW));
    expect(described.services).toEqual([expect.not.objectContaining({ currentServiceDeployment: expect.anything() })]);
  });

  it('filters service deployments by createdAt (epoch seconds)', () => {
    const world = checkoutWorld();
    const deployments = findService(world, 'prod', 'checkout-api')!.deployments;
    const after = deployments.at(-2)!.createdAtMs / 1000;
    const answer = body(runOperation(world, 'ListServiceDeployments', { service: 'checkout-api', cluster: 'prod', createdAt: { after } }, FIXTURE_NOW));
    expect((answer.serviceDeployments as { serviceDeploymentArn: string }[]).map((d) => d.serviceDeploymentArn)).toEqual([deployments.at(-1)!.arn]);
  });

  it('moves the world to the request time before answering', () => {
    const world = checkoutWorld({ latest: 'live' });
    const result = runOperation(world, 'DescribeServices', { cluster: 'prod', services: ['checkout-api'] }, FIXTURE_NOW + 10 * MS_PER_TASK);
    const primary = (body(result).services as { deployments: { runningCount: number; rolloutState: string }[] }[])[0]!.deployments;
    expect(primary).toEqual([expect.objectContaining({ runningCount: 6, rolloutState: 'COMPLETED' })]);
    expect('world' in result && findService(result.world, 'prod', 'checkout-api')!.deployments.at(-1)!.status).toBe('SUCCESSFUL');
  });

  it.each([
    ['DescribeServiceDeployments', { serviceDeploymentArns: Array.from({ length: 21 }, (_, i) => `arn-${i}`) }, 'InvalidParameterException'],
    ['DescribeServices', { services: Array.from({ length: 11 }, (_, i) => `svc-${i}`) }, 'InvalidParameterException'],
    ['DescribeServices', { cluster: 'prod' }, 'InvalidParameterException'],
    ['DescribeServices', { cluster: 'nope', services: ['checkout-api'] }, 'ClusterNotFoundException'],
    ['ListServiceDeployments', { cluster: 'prod', service: 'nope' }, 'ServiceNotFoundException'],
    ['DescribeTaskDefinition', { taskDefinition: 'checkout-api:99' }, 'ClientException'],
    ['DeleteService', { service: 'checkout-api' }, 'UnknownOperationException'],
  ])('%s %o → %s', (operation, request, type) => {
    const result = runOperation(checkoutWorld(), operation, request, FIXTURE_NOW);
    expect('error' in result && result.error.type).toBe(type);
  });
});
