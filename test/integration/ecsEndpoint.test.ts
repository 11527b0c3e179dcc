/**
 * The sandbox's ECS endpoint spoken to directly by @aws-sdk/client-ecs (and by raw HTTP for what
 * the SDK would never send), so its wire format is checked by a client we did not write.
 */
import {
  ClusterNotFoundException,
  ConflictException,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTaskDefinitionsCommand,
  ServiceNotFoundException,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EcsEndpoint, findService, startEcsEndpoint } from '../../src/sandbox/ecs';
import { type CheckoutWorldOptions, FIXTURE_NOW, MS_PER_TASK, checkoutWorld, image } from '../fixtures/ecs/checkoutWorld';
import { awsTestCredentials } from '../fixtures/ecs/credentials';
import { cleanupsAfterEach } from '../support/cleanups';

const env = awsTestCredentials();
beforeAll(() => env.apply());
afterAll(() => env.restore());
const cleanups = cleanupsAfterEach();

async function open(options: CheckoutWorldOptions = {}) {
  let now = FIXTURE_NOW;
  const endpoint = await startEcsEndpoint({ world: checkoutWorld(options), clock: () => now });
  const client = new ECSClient({ region: 'us-east-1', endpoint: endpoint.url, maxAttempts: 1 });
  cleanups.push(() => client.destroy(), () => endpoint.close());
  return { endpoint, client, setNow: (ms: number) => (now = ms) };
}

const newestDeployment = (endpoint: EcsEndpoint) => findService(endpoint.world(), 'prod', 'checkout-api')!.deployments.at(-1)!;

async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('sandbox ECS endpoint through the AWS SDK', () => {
  it('DescribeServices: the service with PRIMARY and ACTIVE deployments, and MISSING failures', async () => {
    const { client, endpoint } = await open({ latest: 'live' });
    const answer = await client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['checkout-api', 'nope'] }));
    const service = answer.services![0]!;
    expect(service.serviceName).toBe('checkout-api');
    expect(service.deploymentController?.type).toBe('ECS');
    expect(service.taskDefinition).toMatch(/task-definition\/checkout-api:42$/);
    expect(service.deployments!.map((d) => [d.status, d.taskDefinition?.split('/')[1], d.rolloutState])).toEqual([
      ['PRIMARY', 'checkout-api:42', 'IN_PROGRESS'],
      ['ACTIVE', 'checkout-api:41', 'COMPLETED'],
    ]);
    expect(service.deployments![0]!.runningCount! + service.deployments![1]!.runningCount!).toBe(service.desiredCount);
    expect(service.createdAt).toBeInstanceOf(Date);
    expect(service.currentServiceDeployment).toBe(newestDeployment(endpoint).arn);
    expect(answer.failures).toEqual([{ arn: 'nope', reason: 'MISSING' }]);
    expect(endpoint.requests).toEqual([
      { operation: 'DescribeServices', body: { cluster: 'prod', services: ['checkout-api', 'nope'] }, atMs: FIXTURE_NOW, status: 200 },
    ]);
  });

  it('ListServiceDeployments: newest first, paged by nextToken, filtered by status', async () => {
    const { client, endpoint } = await open();
    const first = await client.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'checkout-api', maxResults: 3 }));
    const second = await client.send(
      new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'checkout-api', maxResults: 3, nextToken: first.nextToken! }),
    );
    const all = [...first.serviceDeployments!, ...second.serviceDeployments!];
    expect(second.nextToken).toBeUndefined();
    const world = findService(endpoint.world(), 'prod', 'checkout-api')!;
    expect(all.map((d) => d.serviceDeploymentArn)).toEqual([...world.deployments].reverse().map((d) => d.arn));
    expect(all[0]!.createdAt!.getTime()).toBe(world.deployments.at(-1)!.createdAtMs);
    const inProgress = await client.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'checkout-api', status: ['IN_PROGRESS'] }));
    expect(inProgress.serviceDeployments).toEqual([]);
  });

  it('DescribeServiceDeployments and DescribeServiceRevisions: counts, rollback, images', async () => {
    const { client, endpoint } = await open({ latest: 'live' });
    const arn = newestDeployment(endpoint).arn;
    await client.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
    const described = await client.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn, `${arn}x`] }));
    const deployment = described.serviceDeployments![0]!;
    expect(deployment.status).toBe('ROLLBACK_IN_PROGRESS');
    expect(deployment.rollback?.startedAt?.getTime()).toBe(FIXTURE_NOW);
    expect(deployment.targetServiceRevision?.requestedTaskCount).toBe(6);
    expect(described.failures).toEqual([{ arn: `${arn}x`, reason: 'MISSING' }]);

    const revisions = await client.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [deployment.targetServiceRevision!.arn!, deployment.rollback!.serviceRevisionArn!] }),
    );
    expect(revisions.serviceRevisions!.map((r) => r.taskDefinition?.split('/')[1])).toEqual(['checkout-api:42', 'checkout-api:41']);
    expect(revisions.serviceRevisions![0]!.containerImages).toContainEqual(expect.objectContaining({ containerName: 'app', image: image(42) }));
    expect(revisions.serviceRevisions![0]!.containerImages![0]!.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('DescribeTaskDefinition and ListTaskDefinitions: tags on request, newest first with sort DESC', async () => {
    const { client } = await open();
    const withTags = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'checkout-api:40', include: ['TAGS'] }));
    expect(withTags.tags).toContainEqual({ key: 'migration', value: 'expand_only' });
    expect(withTags.taskDefinition?.registeredAt).toBeInstanceOf(Date);
    const latest = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'checkout-api' }));
    expect(latest.taskDefinition?.revision).toBe(42);
    expect(latest.tags).toBeUndefined();

    const listed = await client.send(new ListTaskDefinitionsCommand({ familyPrefix: 'checkout', sort: 'DESC', maxResults: 2 }));
    expect(listed.taskDefinitionArns!.map((arn) => arn.split('/')[1])).toEqual(['checkout-api:42', 'checkout-api:41']);
    expect(listed.nextToken).toBeDefined();
  });

  it('UpdateService starts a deployment that progresses with the injected clock', async () => {
    const { client, endpoint, setNow } = await open();
    const updated = await client.send(new UpdateServiceCommand({ cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:41' }));
    expect(updated.service?.deployments?.[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', runningCount: 0 });
    setNow(FIXTURE_NOW + 3 * MS_PER_TASK);
    const later = await client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['checkout-api'] }));
    expect(later.services![0]!.deployments![0]).toMatchObject({ runningCount: 3, rolloutState: 'IN_PROGRESS' });
    expect(endpoint.requests.map((r) => r.atMs)).toEqual([FIXTURE_NOW, FIXTURE_NOW + 3 * MS_PER_TASK]);
  });

  it('errors arrive as the SDK exception classes', async () => {
    const { client, endpoint } = await open();
    const missing = await rejection(client.send(new UpdateServiceCommand({ cluster: 'prod', service: 'nope', taskDefinition: 'checkout-api:41' })));
    expect(missing).toBeInstanceOf(ServiceNotFoundException);
    expect(missing.message).toBe('Service not found.');
    expect(await rejection(client.send(new DescribeServicesCommand({ cluster: 'staging', services: ['checkout-api'] })))).toBeInstanceOf(
      ClusterNotFoundException,
    );
    const finished = newestDeployment(endpoint).arn;
    expect(await rejection(client.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: finished })))).toBeInstanceOf(ConflictException);
    expect(endpoint.requests.map((r) => r.errorType)).toEqual(['ServiceNotFoundException', 'ClusterNotFoundException', 'ConflictException']);
  });

  it('injects throttling, access denied and a non-JSON 500, scoped by operation and count', async () => {
    const { client, endpoint } = await open();
    const describe = () => client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['checkout-api'] }));
    endpoint.injectFault({ kind: 'throttle', operation: 'DescribeServices', times: 1 });
    const throttled = await rejection(describe());
    expect([throttled.name, throttled.message, throttled.$metadata?.httpStatusCode]).toEqual(['ThrottlingException', 'Rate exceeded', 400]);
    await expect(client.send(new ListTaskDefinitionsCommand({}))).resolves.toBeDefined();
    await expect(describe()).resolves.toBeDefined();

    endpoint.injectFault({ kind: 'access-denied' });
    expect((await rejection(describe())).name).toBe('AccessDeniedException');
    endpoint.clearFaults();

    endpoint.injectFault({ kind: 'server-error', times: 1 });
    const broken = await rejection(describe());
    expect(broken.name).toBe('SyntaxError');
    expect(broken.$metadata?.httpStatusCode).toBe(500);
    expect(endpoint.requests.map((r) => r.status)).toEqual([400, 200, 200, 400, 500]);
  });

  it('adds latency on request', async () => {
    const { client, endpoint } = await open();
    endpoint.injectFault({ kind: 'latency', ms: 150, times: 1 });
    const started = performance.now();
    await client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['checkout-api'] }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('sandbox ECS endpoint over raw HTTP', () => {
  const post = (url: string, headers: Record<string, string>, body: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', ...headers }, body });
  const signed = { authorization: 'AWS4-HMAC-SHA256 Credential=AKIASANDBOX000000000/20261122/us-east-1/ecs/aws4_request, Signature=x' };
  const target = (op: string) => ({ 'x-amz-target': `AmazonEC2ContainerServiceV20141113.${op}` });

  it('answers AWS JSON 1.1 with epoch-second timestamps', async () => {
    const { endpoint } = await open();
    const response = await post(endpoint.url, { ...signed, ...target('DescribeTaskDefinition') }, JSON.stringify({ taskDefinition: 'checkout-api:42' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    const body = (await response.json()) as { taskDefinition: { registeredAt: unknown } };
    const td = endpoint.world().taskDefinitions.find((t) => t.revision === 42)!;
    expect(body.taskDefinition.registeredAt).toBe(td.registeredAtMs / 1000);
  });

  it.each([
    ['an unsigned request', target('DescribeServices'), '{}', 'MissingAuthenticationTokenException'],
    ['an unknown operation', { ...signed, ...target('RunTask') }, '{}', 'UnknownOperationException'],
    ['a body that is not JSON', { ...signed, ...target('DescribeServices') }, '{nope', 'SerializationException'],
    ['a body missing required fields', { ...signed, ...target('DescribeServices') }, '{}', 'InvalidParameterException'],
  ])('refuses %s with a typed 400', async (_, headers, body, type) => {
    const { endpoint } = await open();
    const response = await post(endpoint.url, headers, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe(type);
    expect(endpoint.requests[0]?.errorType).toBe(type);
  });
});
