/**
 * The ecs plugin through the real AWS SDK over HTTP against the sandbox's ECS endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ecsPlugin, { ecsConfig } from '../../plugins/ecs/index';
import type { ActionPlan, ActionRunner, Deploy, PluginInstance, Result } from '../../src/plugins/contract';
import { LIST_MAX_AGE_MS } from '../../plugins/ecs/listedDeployments';
import { type EcsEndpoint, findService, servingTasks, startEcsEndpoint } from '../../src/sandbox/ecs';
import { updateService } from '../../src/sandbox/ecs/world';
import { type CheckoutWorldOptions, FIXTURE_NOW, checkoutSeed, checkoutWorld, image } from '../fixtures/ecs/checkoutWorld';
import { awsTestCredentials } from '../fixtures/ecs/credentials';
import { type ManualClock, createTestContext, manualClock, recordingIO, runOnManualClock } from '../support/pluginContext';
import { cleanupsAfterEach } from '../support/cleanups';

const cleanups = cleanupsAfterEach();
const restoreEnv = awsTestCredentials();
beforeAll(() => restoreEnv.apply());
afterAll(() => restoreEnv.restore());

interface Rig {
  readonly clock: ManualClock;
  readonly endpoint: EcsEndpoint;
  readonly instance: PluginInstance;
  readonly rollback: ActionRunner;
  readonly logs: ReturnType<typeof createTestContext>['logs'];
}

async function rig(world: CheckoutWorldOptions = {}, config: Record<string, unknown> = {}): Promise<Rig> {
  const clock = manualClock(FIXTURE_NOW);
  const endpoint = await startEcsEndpoint({ world: checkoutWorld(world), clock: () => clock.nowMs() });
  cleanups.push(() => endpoint.close());
  const { ctx, logs } = createTestContext({ clock });
  const parsed = ecsConfig.parse({
    region: 'us-east-1',
    cluster: 'prod',
    service: 'checkout-api',
    endpoint: endpoint.url,
    max_attempts: 1,
    ...config,
  });
  const instance = await ecsPlugin.create(parsed, ctx);
  cleanups.push(() => instance.close?.());
  return { clock, endpoint, instance, rollback: instance.actions!.rollback!, logs };
}

const signal = () => new AbortController().signal;
const operations = (endpoint: EcsEndpoint) => endpoint.requests.map((r) => r.operation);
/** The operations in order, except that the first two are asked together and may arrive either way round. */
const inOrder = (endpoint: EcsEndpoint) => {
  const all = operations(endpoint);
  return [...all.slice(0, 2).sort(), ...all.slice(2)];
};
const bodiesOf = (endpoint: EcsEndpoint, operation: string) => endpoint.requests.filter((r) => r.operation === operation).map((r) => r.body);

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/** checkout-api's deploy history as the fixture seeded it, newest first. */
const seededRevisions = () => [...checkoutSeed().services[0]!.history].reverse().map((h) => h.taskDefinition);

describe('ecs plugin: deploys.list', () => {
  it('reads the service deployments API: revisions, images, statuses, times, labels, current', async () => {
    const { endpoint, instance } = await rig();
    const deploys = value(await instance.deploys!.list(signal()));

    const world = endpoint.world();
    const service = findService(world, 'prod', 'checkout-api')!;
    expect(deploys.map((d) => d.revision)).toEqual(seededRevisions());
    expect(deploys.map((d) => d.id)).toEqual([...service.deployments].reverse().map((d) => d.arn));
    expect(deploys.every((d) => d.status === 'successful')).toBe(true);
    expect(deploys.filter((d) => d.current).map((d) => d.revision)).toEqual(['checkout-api:42']);
    const newest = deploys[0]!;
    const newestWorld = service.deployments.at(-1)!;
    expect(newest.artifacts).toContain(image(42));
    expect(newest.startedAt).toBe(new Date(newestWorld.startedAtMs!).toISOString());
    expect(newest.finishedAt).toBe(new Date(newestWorld.finishedAtMs!).toISOString());
    const tags = world.taskDefinitions.find((td) => td.family === 'checkout-api' && td.revision === 42)!.tags;
    expect(newest.labels).toEqual(tags);
    expect(newest.actor).toBe(tags.actor);
    expect(deploys.find((d) => d.revision === 'checkout-api:40')!.labels.migration).toBe('expand_only');

    expect(inOrder(endpoint)).toEqual([
      'DescribeServices',
      'ListServiceDeployments',
      'DescribeServiceDeployments',
      'DescribeServiceRevisions',
      ...Array(4).fill('DescribeTaskDefinition'),
    ]);
    expect(bodiesOf(endpoint, 'ListServiceDeployments')).toEqual([{ cluster: 'prod', service: 'checkout-api', maxResults: 100 }]);
    expect(bodiesOf(endpoint, 'DescribeServiceDeployments')).toEqual([{ serviceDeploymentArns: deploys.map((d) => d.id) }]);
    expect(bodiesOf(endpoint, 'DescribeTaskDefinition')).toContainEqual({
      taskDefinition: world.taskDefinitions.find((td) => td.revision === 42)!.arn,
      include: ['TAGS'],
    });
  });

  it('falls back to DescribeServices when IAM denies ListServiceDeployments, and says why in the log', async () => {
    const { endpoint, instance, logs } = await rig({ latest: 'live' });
    endpoint.injectFault({ kind: 'access-denied', operation: 'ListServiceDeployments' });
    const deploys = value(await instance.deploys!.list(signal()));
    expect(deploys.map((d) => d.revision)).toEqual(['checkout-api:42', 'checkout-api:41']);
    expect(logs.some((l) => l.message.includes('ListServiceDeployments failed'))).toBe(true);
    expect(operations(endpoint)).not.toContain('DescribeServiceDeployments');
  });

  it('says its history is partial when ListServiceDeployments fails: the panel shows why beside the data', async () => {
    // moto answers it with HTTP 500: the deploys panel read `✓ updated` with DescribeServices' one row, and nothing else.
    const { endpoint, instance } = await rig({ latest: 'live' });
    endpoint.injectFault({ kind: 'access-denied', operation: 'ListServiceDeployments' });
    const listed = await instance.deploys!.list(signal());
    expect(listed).toMatchObject({ ok: true, warning: expect.stringMatching(/^history from DescribeServices only: ListServiceDeployments failed: /) });
  });

  it('describes each task definition revision once per plugin instance', async () => {
    const { endpoint, instance } = await rig();
    value(await instance.deploys!.list(signal()));
    const first = bodiesOf(endpoint, 'DescribeTaskDefinition').length;
    value(await instance.deploys!.list(signal()));
    expect(bodiesOf(endpoint, 'DescribeTaskDefinition')).toHaveLength(first);
    expect(bodiesOf(endpoint, 'DescribeServices')).toHaveLength(2);
  });

  it('asks again only what can change: ended deployments, service revisions and task definitions are described once', async () => {
    const { endpoint, instance } = await rig();
    const first = value(await instance.deploys!.list(signal()));
    const before = endpoint.requests.length;
    expect(value(await instance.deploys!.list(signal()))).toEqual(first);
    // DescribeServices shows no new deployment: the list read at the first poll still holds.
    expect(endpoint.requests.slice(before).map((r) => r.operation)).toEqual(['DescribeServices']);
  });

  it('lists again at the poll after a deployment made elsewhere, and shows it', async () => {
    const { clock, endpoint, instance } = await rig();
    value(await instance.deploys!.list(signal()));
    endpoint.update((world) => {
      const made = updateService(world, { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:40' }, clock.nowMs());
      if (!made.ok) throw new Error(made.error.message);
      return made.world;
    });
    const before = endpoint.requests.length;
    const deploys = value(await instance.deploys!.list(signal()));
    expect(deploys[0]).toMatchObject({ revision: 'checkout-api:40', status: 'in-progress', current: true });
    expect(endpoint.requests.slice(before).map((r) => r.operation).slice(0, 2)).toEqual(['DescribeServices', 'ListServiceDeployments']);
  });

  it('lists again once its list is two minutes old, though the service looks the same', async () => {
    const { clock, endpoint, instance } = await rig();
    value(await instance.deploys!.list(signal()));
    clock.advance(LIST_MAX_AGE_MS - 1);
    value(await instance.deploys!.list(signal()));
    expect(bodiesOf(endpoint, 'ListServiceDeployments')).toHaveLength(1);
    clock.advance(1);
    value(await instance.deploys!.list(signal()));
    expect(bodiesOf(endpoint, 'ListServiceDeployments')).toHaveLength(2);
  });

  it('lists afresh for a rollback plan, whatever the panel holds', async () => {
    const { endpoint, instance, rollback } = await rig();
    value(await instance.deploys!.list(signal()));
    value(await rollback.plan({}, signal()));
    expect(bodiesOf(endpoint, 'ListServiceDeployments')).toHaveLength(2);
  });

  it('asks the list at every poll while it fails, and keeps saying why', async () => {
    const { endpoint, instance } = await rig({ latest: 'live' });
    endpoint.injectFault({ kind: 'access-denied', operation: 'ListServiceDeployments', times: 2 });
    for (let i = 0; i < 2; i++) {
      expect(await instance.deploys!.list(signal())).toMatchObject({ ok: true, warning: expect.stringMatching(/ListServiceDeployments failed/) });
    }
    expect(bodiesOf(endpoint, 'ListServiceDeployments')).toHaveLength(2);
  });

  it('describes a deployment in progress at every poll until it has ended, then no more', async () => {
    const { clock, endpoint, instance } = await rig({ latest: 'live' });
    const askedFor = () => bodiesOf(endpoint, 'DescribeServiceDeployments').flatMap((b) => (b as { serviceDeploymentArns: string[] }).serviceDeploymentArns);
    const live = value(await instance.deploys!.list(signal()))[0]!;
    expect(live.status).toBe('in-progress');
    value(await instance.deploys!.list(signal()));
    expect(askedFor().filter((arn) => arn === live.id)).toHaveLength(2);
    expect(askedFor()).toHaveLength(seededRevisions().length + 1);
    clock.advance(10 * 60_000);
    expect(value(await instance.deploys!.list(signal()))[0]).toMatchObject({ id: live.id, status: 'successful', current: true });
    value(await instance.deploys!.list(signal()));
    expect(askedFor().filter((arn) => arn === live.id)).toHaveLength(3);
  });

  it('shows a deployment in progress as in-progress and current', async () => {
    const { instance } = await rig({ latest: 'live' });
    const deploys = value(await instance.deploys!.list(signal()));
    expect(deploys[0]).toMatchObject({ revision: 'checkout-api:42', status: 'in-progress', current: true });
    expect(deploys[0]!.finishedAt).toBeUndefined();
  });

  it('falls back to DescribeServices deployments and task definitions when the service lists no service deployments', async () => {
    const { endpoint, instance } = await rig({ latest: 'live', serviceDeploymentsApi: false });
    const deploys = value(await instance.deploys!.list(signal()));
    const described = findService(endpoint.world(), 'prod', 'checkout-api')!;
    expect(deploys.map((d): Partial<Deploy> => ({ revision: d.revision, status: d.status, current: d.current }))).toEqual([
      { revision: 'checkout-api:42', status: 'in-progress', current: true },
      { revision: 'checkout-api:41', status: 'successful', current: false },
    ]);
    expect(deploys[0]!.id).toBe(described.ecsDeployments.at(-1)!.id);
    expect(deploys[0]!.artifacts).toContain(image(42));
    expect(deploys[1]!.labels.commit).toBe('c41c3d2');
    expect(inOrder(endpoint)).toEqual(['DescribeServices', 'ListServiceDeployments', 'DescribeTaskDefinition', 'DescribeTaskDefinition']);
  });
});

describe('ecs plugin: rollback plan and safety', () => {
  it('plans UpdateService to the previous successful revision when nothing is in flight', async () => {
    const { endpoint, rollback } = await rig();
    const plan = value(await rollback.plan({}, signal()));
    expect(plan.calls).toEqual([
      { kind: 'api', operation: 'UpdateService', args: { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:41' } },
    ]);
    expect(plan.facts).toMatchObject({
      path: 'update-service',
      currentRevision: 'checkout-api:42',
      targetRevision: 'checkout-api:41',
      deploymentController: 'ECS',
      between: [{ revision: 'checkout-api:42', labels: { commit: 'c42d4c3', actor: 'dave' } }],
    });
    expect(plan.summary).toContain('from checkout-api:42 to checkout-api:41');
    expect(rollback.safety(plan).level).toBe('ok');
    // Planning reads only.
    expect(operations(endpoint).filter((op) => !op.startsWith('Describe') && !op.startsWith('List'))).toEqual([]);
  });

  it('plans StopServiceDeployment ROLLBACK while the newest deployment is in progress', async () => {
    const { endpoint, rollback } = await rig({ latest: 'live' });
    const plan = value(await rollback.plan({}, signal()));
    const inFlight = findService(endpoint.world(), 'prod', 'checkout-api')!.deployments.at(-1)!.arn;
    expect(plan.calls).toEqual([{ kind: 'api', operation: 'StopServiceDeployment', args: { serviceDeploymentArn: inFlight, stopType: 'ROLLBACK' } }]);
    expect(plan.facts).toMatchObject({ path: 'stop-service-deployment', currentRevision: 'checkout-api:42', targetRevision: 'checkout-api:41' });
    expect(rollback.safety(plan).level).toBe('ok');
  });

  it('never stops an in-flight deployment when ECS would return to a revision the incident knows is bad: it deploys the target', async () => {
    // After a crash mid-rollback: the rollback's deployment is in flight, and stopping it returns
    // ECS to the revision the incident rolled back from. The plan read "to :40 (stop the in-progress
    // deployment and let ECS roll back)", SAFE, and ECS put the bad build back.
    const { rollback } = await rig({ latest: 'live' });
    const plan = value(await rollback.plan({}, signal(), { avoid: [{ revision: 'checkout-api:41', why: 'rolled back to checkout-api:42 by alice', rolledBack: true }] }));
    expect(plan.calls).toEqual([{ kind: 'api', operation: 'UpdateService', args: { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:40' } }]);
    expect(plan.facts).toMatchObject({ path: 'update-service', currentRevision: 'checkout-api:42', targetRevision: 'checkout-api:40' });
  });

  // A real rig (moto): a teammate's rollback :4 → :3 rolling out, the cockpit opened; `Roll back` planned forward to :4,
  // the build burning, as `✓ Its safety checks pass`, and the deploys panel marked it `↩ target`.
  it.each([true, false])('refuses to plan over a rollback already under way, made outside the cockpit (service deployments API: %s)', async (serviceDeploymentsApi) => {
    const { clock, endpoint, rollback } = await rig({ pendingMs: 120_000, serviceDeploymentsApi });
    endpoint.update((world) => {
      const made = updateService(world, { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:41' }, clock.nowMs());
      if (!made.ok) throw new Error(made.error.message);
      return made.world;
    });
    const plan = await rollback.plan({}, signal());
    expect(plan).toMatchObject({ ok: false, error: { kind: 'conflict', message: expect.stringMatching(/^checkout-api:41 is rolling out now( \(since \d\d:\d\d:\d\dZ\))?, replacing checkout-api:42: a rollback is already under way; wait for it to finish/) } });
    // Named on purpose, a target is planned as asked.
    expect(value(await rollback.plan({ target: '40' }, signal())).facts).toMatchObject({ currentRevision: 'checkout-api:41', targetRevision: 'checkout-api:40' });
  });

  it('plans UpdateService for an explicit older target even while a deployment is in progress', async () => {
    const { rollback } = await rig({ latest: 'live' });
    const plan = value(await rollback.plan({ target: '40' }, signal()));
    expect(plan.calls[0]).toMatchObject({ operation: 'UpdateService', args: { taskDefinition: 'checkout-api:40' } });
  });

  it('asks for a typed confirmation for a jump of more than one revision', async () => {
    const { rollback } = await rig();
    const plan = value(await rollback.plan({ target: 'checkout-api:40' }, signal()));
    expect((plan.facts.between as { revision: string }[]).map((b) => b.revision)).toEqual(['checkout-api:41', 'checkout-api:42']);
    expect(rollback.safety(plan)).toMatchObject({ level: 'typed', reasons: [expect.stringContaining('checkout-api:40')] });
  });

  it('blocks a rollback across a contract migration unless overridden', async () => {
    const { rollback } = await rig({ tags: { 42: { migration: 'contract' } } });
    const plan = value(await rollback.plan({}, signal()));
    const verdict = rollback.safety(plan);
    expect(verdict).toMatchObject({ level: 'blocked', phrase: 'override migration checkout-api:42' });
  });

  it('reports a CODE_DEPLOY service as unsupported, with the reason', async () => {
    const { rollback } = await rig({ controller: 'CODE_DEPLOY' });
    const plan = value(await rollback.plan({}, signal()));
    const verdict = rollback.safety(plan);
    expect(verdict.level).toBe('unsupported');
    expect(verdict.reasons.join(' ')).toContain('CODE_DEPLOY');
  });

  it('without deploy history, targets the previous registered revision and checks every revision in between', async () => {
    const { endpoint, rollback } = await rig({ serviceDeploymentsApi: false, tags: { 41: { migration: 'contract' } } });
    const plan = value(await rollback.plan({ target: '39' }, signal()));
    expect(plan.facts).toMatchObject({ history: 'describe-services', targetRevision: 'checkout-api:39' });
    expect((plan.facts.between as { revision: string }[]).map((b) => b.revision)).toEqual(['checkout-api:40', 'checkout-api:41', 'checkout-api:42']);
    expect(rollback.safety(plan)).toMatchObject({ level: 'blocked', phrase: 'override migration checkout-api:41' });

    const previous = value(await rollback.plan({}, signal()));
    expect(previous.facts.targetRevision).toBe('checkout-api:41');
    expect(bodiesOf(endpoint, 'ListTaskDefinitions')).toContainEqual({ familyPrefix: 'checkout-api', sort: 'DESC', status: 'ACTIVE', maxResults: 100 });
  });

  it('refuses a target that is not a revision, or does not exist', async () => {
    const { rollback } = await rig();
    expect(await rollback.plan({ target: 'yesterday' }, signal())).toMatchObject({ ok: false, error: { kind: 'failed' } });
    expect(await rollback.plan({ target: '17' }, signal())).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });
});

describe('ecs plugin: rollback execute and verify', () => {
  async function executeAndVerify(r: Rig, plan: ActionPlan) {
    const io = recordingIO();
    const executed = value(await r.rollback.execute(plan, io));
    const verified = await runOnManualClock(r.clock, r.rollback.verify(plan, io));
    return { executed, verified, io };
  }

  it('UpdateService path: sends exactly the planned call and verifies until the rollout completes', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    const { executed, verified, io } = await executeAndVerify(r, plan);

    const call = plan.calls[0]!;
    expect(bodiesOf(r.endpoint, 'UpdateService')).toEqual([call.kind === 'api' ? call.args : undefined]);
    expect(executed.details.operation).toBe('UpdateService');
    expect(value(verified).summary).toContain('checkout-api:41');
    expect(servingTasks(r.endpoint.world(), 'prod', 'checkout-api')).toEqual([{ taskDefinition: 'checkout-api:41', running: 6 }]);

    const messages = io.progress.updates.map((u) => u.message);
    expect(messages[0]).toMatch(/^tasks \d\/6 running, rollout IN_PROGRESS$/);
    const done = io.progress.updates.map((u) => u.done!);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new Set(done).size).toBeGreaterThan(3);
    const updated = findService(r.endpoint.world(), 'prod', 'checkout-api')!.deployments.at(-1)!;
    expect(updated.status).toBe('SUCCESSFUL');
    // Polled through the injected clock: virtual time moved by the rollout's length, no real waiting.
    expect(r.clock.nowMs()).toBeGreaterThanOrEqual(updated.finishedAtMs!);
    // The rollback's deployment of :41 is nobody's the plugin can name: :41's `actor` tag (carol) registered the build.
    // `status` read it `by carol` once the incident that made it was resolved. Its first deployment keeps her name.
    const deploys = value(await r.instance.deploys!.list(signal())).filter((d) => d.revision === 'checkout-api:41');
    expect(deploys.map((d) => [d.current, d.actor])).toEqual([[true, undefined], [false, 'carol']]);
  });

  it('StopServiceDeployment path: rolls back the deployment in flight and waits for ROLLBACK_SUCCESSFUL', async () => {
    const r = await rig({ latest: 'live' });
    const plan = value(await r.rollback.plan({}, signal()));
    const { verified, io } = await executeAndVerify(r, plan);

    expect(bodiesOf(r.endpoint, 'StopServiceDeployment')).toEqual([{ serviceDeploymentArn: plan.facts.serviceDeploymentArn, stopType: 'ROLLBACK' }]);
    expect(value(verified).details.revision).toBe('checkout-api:41');
    const stopped = findService(r.endpoint.world(), 'prod', 'checkout-api')!.deployments.at(-1)!;
    expect(stopped.status).toBe('ROLLBACK_SUCCESSFUL');
    expect(io.progress.updates.some((u) => u.message.includes('deployment ROLLBACK_IN_PROGRESS'))).toBe(true);
    expect(operations(r.endpoint)).toContain('DescribeServiceDeployments');
  });

  it('StopServiceDeployment path: waits while ECS has not yet made the rollback PRIMARY', async () => {
    const r = await rig({ latest: 'live', pendingMs: 12_000 });
    const plan = value(await r.rollback.plan({}, signal()));
    const { verified, io } = await executeAndVerify(r, plan);
    expect(verified.ok).toBe(true);
    expect(io.progress.updates[0]!.message).toBe('waiting for ECS to start the rollback, deployment ROLLBACK_REQUESTED');
  });

  it('cancels verification on the signal and stops polling; the rollback goes on in ECS', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    const controller = new AbortController();
    const io = recordingIO(controller.signal, () => controller.abort());
    value(await r.rollback.execute(plan, io));
    const verified = await runOnManualClock(r.clock, r.rollback.verify(plan, io));
    expect(verified).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    expect(io.progress.updates).toHaveLength(1);
    const requestsAtCancel = r.endpoint.requests.length;
    r.clock.advance(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.endpoint.requests.length).toBe(requestsAtCancel);
    expect(findService(r.endpoint.world(), 'prod', 'checkout-api')!.deployments.at(-1)!.status).toBe('IN_PROGRESS');
  });

  it('gives up after stable_timeout with the last progress in the message', async () => {
    const r = await rig({}, { stable_timeout: '20s' });
    const plan = value(await r.rollback.plan({}, signal()));
    const { verified } = await executeAndVerify(r, plan);
    expect(verified).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    if (!verified.ok) expect(verified.error.message).toMatch(/within 20s \(tasks \d\/6 running/);
  });

  it('keeps polling through throttling during verification', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    const io = recordingIO();
    value(await r.rollback.execute(plan, io));
    r.endpoint.injectFault({ kind: 'throttle', operation: 'DescribeServices', times: 2 });
    const verified = await runOnManualClock(r.clock, r.rollback.verify(plan, io));
    expect(verified.ok).toBe(true);
    expect(io.progress.updates.filter((u) => u.message.includes('throttled'))).toHaveLength(2);
  });
});

describe('ecs plugin: AWS errors as typed errors', () => {
  it.each([
    ['throttle', 'throttled', 'ThrottlingException'],
    ['access-denied', 'unauthorized', 'AccessDeniedException'],
    ['server-error', 'invalid-response', 'HTTP 500'],
  ] as const)('%s → %s', async (fault, kind, code) => {
    const { endpoint, instance } = await rig();
    endpoint.injectFault({ kind: fault, operation: 'DescribeServices' });
    const result = await instance.deploys!.list(signal());
    expect(result).toMatchObject({ ok: false, error: { kind, code } });
    if (!result.ok) expect(result.error.message).not.toMatch(/\n\s+at /);
    // ListServiceDeployments goes out with DescribeServices; nothing follows the failure.
    expect(endpoint.requests.map((r) => [r.operation, r.status]).sort()).toEqual([
      ['DescribeServices', fault === 'server-error' ? 500 : 400],
      ['ListServiceDeployments', 200],
    ]);
  });

  it('lets the SDK retry a throttled call up to max_attempts', async () => {
    const { endpoint, instance } = await rig({}, { max_attempts: 2 });
    endpoint.injectFault({ kind: 'throttle', operation: 'DescribeServices', times: 1 });
    expect((await instance.deploys!.list(signal())).ok).toBe(true);
    expect(endpoint.requests.filter((r) => r.operation === 'DescribeServices').map((r) => r.status)).toEqual([400, 200]);
  });

  it('service or cluster not found → not-found', async () => {
    const missingService = await rig({}, { service: 'checkout-apj' });
    expect(await missingService.instance.deploys!.list(signal())).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    const missingCluster = await rig({}, { cluster: 'staging' });
    expect(await missingCluster.instance.deploys!.list(signal())).toMatchObject({
      ok: false,
      error: { kind: 'not-found', code: 'ClusterNotFoundException' },
    });
  });

  it('ServiceNotFoundException from an operation → not-found', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    const elsewhere: ActionPlan = { ...plan, calls: [{ kind: 'api', operation: 'UpdateService', args: { cluster: 'prod', service: 'gone', taskDefinition: 'checkout-api:41' } }] };
    expect(await r.rollback.execute(elsewhere, recordingIO())).toMatchObject({ ok: false, error: { kind: 'not-found', code: 'ServiceNotFoundException' } });
  });

  it('StopServiceDeployment on a deployment that finished meanwhile → conflict', async () => {
    const r = await rig({ latest: 'live' });
    const plan = value(await r.rollback.plan({}, signal()));
    r.clock.advance(10 * 60_000);
    expect(await r.rollback.execute(plan, recordingIO())).toMatchObject({ ok: false, error: { kind: 'conflict', code: 'ConflictException' } });
  });

  it('a closed port → unreachable', async () => {
    const r = await rig();
    await r.endpoint.close();
    const result = await r.instance.deploys!.list(signal());
    expect(result).toMatchObject({ ok: false, error: { kind: 'unreachable', code: 'ECONNREFUSED' } });
  });

  it('a slow endpoint → timeout after request_timeout', async () => {
    const r = await rig({}, { request_timeout: '200ms' });
    r.endpoint.injectFault({ kind: 'latency', ms: 2_000 });
    const result = await r.instance.deploys!.list(signal());
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });
});

describe('ecs plugin: drill guard', () => {
  it('refuses a non-loopback endpoint in a drill and accepts the sandbox one', async () => {
    const endpoint = await startEcsEndpoint({ world: checkoutWorld(), clock: () => FIXTURE_NOW });
    cleanups.push(() => endpoint.close());
    const { ctx } = createTestContext({ drill: true });
    const base = { region: 'us-east-1', cluster: 'prod', service: 'checkout-api', max_attempts: 1 };
    await expect(ecsPlugin.create(ecsConfig.parse(base), ctx)).rejects.toThrow(/loopback/);
    await expect(ecsPlugin.create(ecsConfig.parse({ ...base, endpoint: 'https://ecs.us-east-1.amazonaws.com' }), ctx)).rejects.toThrow(/loopback/);
    const instance = await ecsPlugin.create(ecsConfig.parse({ ...base, endpoint: endpoint.url }), ctx);
    cleanups.push(() => instance.close?.());
    expect((await instance.deploys!.list(signal())).ok).toBe(true);
  });
});

describe('ecs plugin: AWS SDK process warnings', () => {
  it('routes the SDK NodeVersionSupportWarning into the plugin log, never to stderr', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const child = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/fixtures/ecs/listDeploysChild.ts'], {
      env: { ...process.env, ...restoreEnv.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined },
      timeout: 15_000,
    });
    const report = JSON.parse(child.stdout) as { listed: number; logs: { level: string; message: string }[] };
    expect(report.listed).toBeGreaterThan(0);
    expect(child.stderr).toBe('');
    const sdkWarns = Number(process.versions.node.split('.')[0]) < 22;
    // Info, not warn: `cockpit status` prints warnings on stderr (test/cli/statusMoto.test.ts).
    expect(report.logs.some((l) => l.level === 'info' && l.message.includes('NodeVersionSupportWarning'))).toBe(sdkWarns);
  });
});
