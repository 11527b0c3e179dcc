import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type World,
  advance,
  createWorld,
  findService,
  servingTasks,
  stopServiceDeployment,
  updateService,
} from '../../../src/sandbox/ecs';
import { FIXTURE_NOW, MS_PER_TASK, checkoutSeed, checkoutWorld } from '../../fixtures/ecs/checkoutWorld';

const checkout = (world: World) => findService(world, 'prod', 'checkout-api')!;
const newest = (world: World) => checkout(world).deployments.at(-1)!;
const serving = (world: World) => Object.fromEntries(servingTasks(world, 'prod', 'checkout-api').map((t) => [t.taskDefinition, t.running]));

function expectOk<T>(outcome: { ok: true; world: World; value: T } | { ok: false; error: { type: string } }) {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.type}`);
  return outcome;
}

describe('ECS world: a live deployment', () => {
  const live = () => createWorld(checkoutSeed({ latest: 'live' }));
  const liveStartedAt = FIXTURE_NOW - 25_000;

  it('starts one task of the new revision per msPerTask and stops one old task each time', () => {
    const world = advance(live(), FIXTURE_NOW);
    const steps = Math.floor(25_000 / MS_PER_TASK);
    expect(serving(world)).toEqual({ 'checkout-api:42': steps, 'checkout-api:41': 6 - steps });
    expect(newest(world)).toMatchObject({ status: 'IN_PROGRESS', startedAtMs: liveStartedAt });
    expect(checkout(world).ecsDeployments.at(-1)!.rolloutState).toBe('IN_PROGRESS');
  });

  it('completes once every task runs the target revision, at the time the last one started', () => {
    const world = advance(live(), FIXTURE_NOW + 10 * MS_PER_TASK);
    expect(serving(world)).toEqual({ 'checkout-api:42': 6 });
    expect(newest(world)).toMatchObject({ status: 'SUCCESSFUL', finishedAtMs: liveStartedAt + 6 * MS_PER_TASK });
    expect(checkout(world).ecsDeployments.at(-1)!.rolloutState).toBe('COMPLETED');
    expect(checkout(world).rollout).toBeNull();
  });

  it('never changes the world it was given', () => {
    const before = live();
    const snapshot = structuredClone(before);
    advance(before, FIXTURE_NOW + 60_000);
    expect(before).toEqual(snapshot);
  });

  it('ends in the same state however time is cut into steps (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 25_000 }), { maxLength: 12 }), (increments) => {
        let stepped = advance(live(), liveStartedAt);
        let t = liveStartedAt;
        for (const dt of increments) stepped = advance(stepped, (t += dt));
        expect(stepped).toEqual(advance(live(), t));
      }),
    );
  });

  it('keeps the number of running tasks between desired and desired + 1 during a rollout (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * MS_PER_TASK }), (elapsed) => {
        const total = Object.values(serving(advance(live(), liveStartedAt + elapsed))).reduce((a, b) => a + b, 0);
        expect(total).toBe(6);
      }),
    );
  });
});

describe('ECS world: StopServiceDeployment ROLLBACK', () => {
  it('moves through ROLLBACK_REQUESTED and ROLLBACK_IN_PROGRESS to ROLLBACK_SUCCESSFUL on the last good revision', () => {
    const start = checkoutWorld({ latest: 'live' });
    const badTasks = serving(start)['checkout-api:42']!;
    const arn = newest(start).arn;
    const stopped = expectOk(stopServiceDeployment(start, { serviceDeploymentArn: arn, stopType: 'ROLLBACK' }, FIXTURE_NOW));
    expect(newest(stopped.world).status).toBe('ROLLBACK_REQUESTED');
    const lastGood = checkout(start).deployments.at(-2)!.targetRevisionArn;
    expect(newest(stopped.world).rollback).toMatchObject({ serviceRevisionArn: lastGood, startedAtMs: FIXTURE_NOW });

    const rolling = advance(stopped.world, FIXTURE_NOW + 1);
    expect(newest(rolling).status).toBe('ROLLBACK_IN_PROGRESS');
    expect(checkout(rolling).ecsDeployments.at(-1)!.revisionArn).toBe(lastGood);

    const halfway = advance(stopped.world, FIXTURE_NOW + MS_PER_TASK);
    expect(serving(halfway)['checkout-api:42']).toBe(badTasks - 1);

    const done = advance(stopped.world, FIXTURE_NOW + badTasks * MS_PER_TASK);
    expect(newest(done)).toMatchObject({ status: 'ROLLBACK_SUCCESSFUL', finishedAtMs: FIXTURE_NOW + badTasks * MS_PER_TASK });
    expect(serving(done)).toEqual({ 'checkout-api:41': 6 });
  });

  it('keeps the failing deployment PRIMARY until the requested rollback starts', () => {
    const pendingMs = 15_000;
    const start = advance(createWorld({ ...checkoutSeed({ latest: 'live' }), pendingMs }), FIXTURE_NOW);
    const stopped = expectOk(stopServiceDeployment(start, { serviceDeploymentArn: newest(start).arn }, FIXTURE_NOW));
    const primaryAfter = (ms: number) => checkout(advance(stopped.world, FIXTURE_NOW + ms)).ecsDeployments.at(-1)!;
    expect(primaryAfter(pendingMs - 1).revisionArn).toBe(newest(start).targetRevisionArn);
    expect(primaryAfter(pendingMs).revisionArn).toBe(newest(stopped.world).rollback!.serviceRevisionArn);
    expect(serving(advance(stopped.world, FIXTURE_NOW + pendingMs - 1))).toEqual(serving(start));
  });

  it('waits pendingMs before tasks move', () => {
    const world = advance(createWorld({ ...checkoutSeed({ latest: 'live' }), pendingMs: 30_000 }), FIXTURE_NOW);
    expect(newest(world).status).toBe('PENDING');
    expect(serving(world)).toEqual({ 'checkout-api:41': 6 });
  });

  it('refuses a deployment that already finished', () => {
    const world = checkoutWorld({ latest: 'successful' });
    const outcome = stopServiceDeployment(world, { serviceDeploymentArn: newest(world).arn, stopType: 'ROLLBACK' }, FIXTURE_NOW);
    expect(outcome).toMatchObject({ ok: false, error: { type: 'ConflictException' } });
  });

  it('does not know deployments of a service without the service deployments API, nor made-up ARNs', () => {
    const world = checkoutWorld({ latest: 'live', serviceDeploymentsApi: false });
    for (const arn of [newest(world).arn, 'arn:aws:ecs:us-east-1:000000000000:service-deployment/prod/checkout-api/nope']) {
      expect(stopServiceDeployment(world, { serviceDeploymentArn: arn }, FIXTURE_NOW)).toMatchObject({
        ok: false,
        error: { type: 'ServiceDeploymentNotFoundException' },
      });
    }
  });
});

describe('ECS world: UpdateService', () => {
  it('starts a new deployment of the task definition that replaces the running tasks one by one', () => {
    const world = checkoutWorld({ latest: 'successful' });
    const before = newest(world);
    const updated = expectOk(updateService(world, { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:41' }, FIXTURE_NOW));
    const deployment = newest(updated.world);
    expect(deployment.arn).not.toBe(before.arn);
    expect(deployment.status).toBe('PENDING');
    expect(deployment.sourceRevisionArns).toEqual([before.targetRevisionArn]);
    expect(advance(updated.world, FIXTURE_NOW).services[0]!.deployments.at(-1)!.status).toBe('IN_PROGRESS');
    expect(serving(advance(updated.world, FIXTURE_NOW + 2 * MS_PER_TASK))).toEqual({ 'checkout-api:41': 2, 'checkout-api:42': 4 });
    const done = advance(updated.world, FIXTURE_NOW + 6 * MS_PER_TASK);
    expect(newest(done).status).toBe('SUCCESSFUL');
    expect(serving(done)).toEqual({ 'checkout-api:41': 6 });
  });

  it('supersedes a deployment still in progress', () => {
    const world = checkoutWorld({ latest: 'live' });
    const inFlight = newest(world).arn;
    const updated = expectOk(updateService(world, { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:40' }, FIXTURE_NOW));
    expect(checkout(updated.world).deployments.find((d) => d.arn === inFlight)).toMatchObject({ status: 'STOPPED', stoppedAtMs: FIXTURE_NOW });
    expect(serving(advance(updated.world, FIXTURE_NOW + 6 * MS_PER_TASK))).toEqual({ 'checkout-api:40': 6 });
  });

  it('never changes the world it was given, even one with nothing rolling out (which reads share uncopied)', () => {
    const world = checkoutWorld({ latest: 'successful' });
    const snapshot = structuredClone(world);
    expect(advance(world, FIXTURE_NOW)).toBe(world);
    expectOk(updateService(world, { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:41' }, FIXTURE_NOW));
    expectOk(updateService(world, { cluster: 'prod', service: 'checkout-api', desiredCount: 3 }, FIXTURE_NOW));
    stopServiceDeployment(world, { serviceDeploymentArn: newest(world).arn }, FIXTURE_NOW);
    expect(world).toEqual(snapshot);
  });

  it('applies a scale change without a new deployment', () => {
    const world = checkoutWorld();
    const count = checkout(world).deployments.length;
    const scaled = expectOk(updateService(world, { cluster: 'prod', service: 'checkout-api', desiredCount: 3 }, FIXTURE_NOW));
    expect(checkout(scaled.world).deployments).toHaveLength(count);
    expect(serving(scaled.world)).toEqual({ 'checkout-api:42': 3 });
  });

  it.each([
    [{ controller: 'CODE_DEPLOY' as const }, { service: 'checkout-api', taskDefinition: 'checkout-api:41' }, 'InvalidParameterException'],
    [{}, { service: 'nope', taskDefinition: 'checkout-api:41' }, 'ServiceNotFoundException'],
    [{}, { cluster: 'staging', service: 'checkout-api', taskDefinition: 'checkout-api:41' }, 'ClusterNotFoundException'],
    [{}, { service: 'checkout-api', taskDefinition: 'checkout-api:99' }, 'ClientException'],
  ])('refuses %o %o with %s', (options, request, type) => {
    const world = checkoutWorld(options);
    expect(updateService(world, { cluster: 'prod', ...request }, FIXTURE_NOW)).toMatchObject({ ok: false, error: { type } });
  });
});

describe('ECS world: seeded history', () => {
  it('records a rolled-back deployment and keeps the previous revision serving', () => {
    const seed = checkoutSeed();
    const service = seed.services[0]!;
    const world = createWorld({
      ...seed,
      services: [{ ...service, history: [...service.history.slice(0, 3), { ...service.history[3]!, outcome: 'rolled-back' }] }],
    });
    const rolledBack = newest(world);
    expect(rolledBack.status).toBe('ROLLBACK_SUCCESSFUL');
    expect(rolledBack.rollback?.serviceRevisionArn).toBe(checkout(world).deployments.at(-2)!.targetRevisionArn);
    expect(serving(world)).toEqual({ 'checkout-api:41': 6 });
  });

  it('rejects a history that names an unknown task definition', () => {
    const seed = checkoutSeed();
    const service = seed.services[0]!;
    expect(() => createWorld({ ...seed, services: [{ ...service, history: [{ taskDefinition: 'checkout-api:7', createdAtMs: 0 }] }] })).toThrow(
      /unknown task definition checkout-api:7/,
    );
  });
});
