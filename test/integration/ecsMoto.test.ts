/**
 * The ecs plugin through the real AWS SDK against a real moto_server, an ECS implementation we did
 * not write, beside the sandbox endpoint (ecs.test.ts). moto lacks the service deployments API
 * (HTTP 500, HTML body), makes one deployment per service and runs no tasks: see test/support/moto.ts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ecsPlugin, { ecsConfig } from '../../plugins/ecs/index';
import type { PluginInstance, Result } from '../../src/plugins/contract';
import { decidingReasons } from '../../src/core/actions';
import { awsTestCredentials } from '../fixtures/ecs/credentials';
import { MOTO_REGION, MOTO_TAGS, motoClient, motoImage, seedCheckout } from '../fixtures/ecs/motoSeed';
import { type MotoServer, startMoto } from '../support/moto';
import { createTestContext, recordingIO } from '../support/pluginContext';

const RUNNING = 2;
let moto: MotoServer;
let client: ECSClient;
let dir: string;
const credentials = awsTestCredentials();
const cleanups: (() => Promise<void> | void)[] = [];
/** Environment variables a test changes, restored after it. */
const savedEnv = new Map<string, string | undefined>();
const setEnv = (values: Record<string, string | undefined>) => {
  for (const [key, value] of Object.entries(values)) {
    if (!savedEnv.has(key)) savedEnv.set(key, process.env[key]);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
};

beforeAll(async () => {
  credentials.apply();
  dir = await mkdtemp(join(tmpdir(), 'cockpit-moto-'));
  // Every service moto makes reports RUNNING tasks; otherwise it reports none, ever.
  moto = await startMoto({ runningTasks: RUNNING });
  client = motoClient(moto.url);
}, 60_000);
afterAll(async () => {
  client?.destroy();
  await moto?.stop();
  await rm(dir, { recursive: true, force: true });
  credentials.restore();
});
beforeEach(async () => {
  await moto.reset();
  // Nothing from the developer's own ~/.aws: empty shared files unless a test writes its own.
  await writeFile(join(dir, 'empty'), '');
  setEnv({ AWS_CONFIG_FILE: join(dir, 'empty'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'empty'), AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const [key, value] of savedEnv) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  savedEnv.clear();
});

async function plugin(config: Record<string, unknown> = {}) {
  const { ctx, logs } = createTestContext();
  const parsed = ecsConfig.parse({ region: MOTO_REGION, cluster: 'prod', service: 'checkout-api', endpoint: moto.url, max_attempts: 1, ...config });
  const instance: PluginInstance = await ecsPlugin.create(parsed, ctx);
  cleanups.push(() => instance.close?.());
  return { instance, logs, rollback: instance.actions!.rollback! };
}

const signal = () => new AbortController().signal;
function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}
async function serviceTaskDefinition(): Promise<string | undefined> {
  const answer = await client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['checkout-api'] }));
  return answer.services?.[0]?.taskDefinition;
}

describe('ecs plugin against moto_server: deploys.list', () => {
  it('falls back to DescribeServices when ListServiceDeployments answers HTTP 500, and logs why', async () => {
    await seedCheckout(client);
    const { instance, logs } = await plugin();
    const deploys = value(await instance.deploys!.list(signal()));
    // moto's one deployment (CreateService on :2), with its task definition's image and tags.
    expect(deploys.map((d) => [d.revision, d.status, d.actor])).toEqual([['checkout-api:2', 'successful', 'bob']]);
    expect(deploys[0]!.artifacts).toEqual([motoImage(2)]);
    expect(deploys[0]!.labels).toEqual(MOTO_TAGS[2]);
    const reason = logs.find((l) => l.message.includes('DescribeServices'));
    expect(reason?.message).toMatch(/ListServiceDeployments failed: ECS at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500/);
    expect(reason?.level).not.toBe('warn');
  });

  it('an aborted read is cancelled, not a fallback', async () => {
    await seedCheckout(client);
    const { instance } = await plugin();
    const controller = new AbortController();
    controller.abort();
    expect(await instance.deploys!.list(controller.signal)).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
  });
});

describe('ecs plugin against moto_server: rollback', () => {
  it('plans back to the deployed revision, lands UpdateService, and verifies by reading the service back', async () => {
    await seedCheckout(client);
    const { rollback } = await plugin({ poll_interval: '10ms', stable_timeout: '5s' });
    const plan = value(await rollback.plan({}, signal()));
    expect(plan.calls).toEqual([{ kind: 'api', operation: 'UpdateService', args: { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:2' } }]);
    expect(plan.facts).toMatchObject({ history: 'describe-services', currentRevision: 'checkout-api:3', targetRevision: 'checkout-api:2' });
    expect((plan.facts as { between: unknown }).between).toEqual([{ revision: 'checkout-api:3', labels: MOTO_TAGS[3] }]);
    // :2 ran here (moto's one deployment): one revision back, nothing to type.
    expect(rollback.safety(plan)).toEqual({ level: 'ok', reasons: ['one revision back'] });

    value(await rollback.execute(plan, recordingIO()));
    expect(await serviceTaskDefinition()).toBe('checkout-api:2');
    // Passes because moto's only deployment is of :2 with RUNNING tasks: moto rolled nothing out.
    const verified = value(await rollback.verify(plan, recordingIO()));
    expect(verified.summary).toBe(`checkout-api runs checkout-api:2: ${RUNNING}/${RUNNING} tasks, rollout COMPLETED`);
  });

  it('to a revision moto never deployed: the call lands, and verification does not claim success', async () => {
    await seedCheckout(client);
    const { rollback } = await plugin({ poll_interval: '10ms', stable_timeout: '5s' });
    const plan = value(await rollback.plan({ target: '1' }, signal()));
    expect(plan.facts).toMatchObject({ currentRevision: 'checkout-api:3', targetRevision: 'checkout-api:1' });
    // Named by the runbook, never seen running here, with a history read from DescribeServices alone: typed, and said why.
    const safety = rollback.safety(plan);
    expect(safety.level).toBe('typed');
    // A guessed target is typed in full, not the service's name.
    expect(safety).toMatchObject({ phrase: 'checkout-api:1' });
    expect(decidingReasons(safety)[0]).toMatch(
      /^checkout-api:1 was never seen deployed successfully in the deployments ECS lists for this service; that history is partial \(ListServiceDeployments failed: ECS at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500/,
    );
    value(await rollback.execute(plan, recordingIO()));
    expect(await serviceTaskDefinition()).toBe('checkout-api:1');
    // UpdateService makes no deployment in moto: the PRIMARY one is still :2's. Nothing replaced the
    // rollback (it said so): it waits for ECS to start one, and says so when it never does.
    const io = recordingIO();
    const verified = await rollback.verify(plan, io);
    expect(verified.ok).toBe(false);
    if (!verified.ok) expect(verified.error.message).toMatch(/^checkout-api did not reach checkout-api:1 within 5s \(checkout-api is set to checkout-api:1; waiting for ECS to start its deployment \(the PRIMARY one is still checkout-api:2\)\)/);
    expect(io.progress.updates.map((u) => u.message)).toContain('checkout-api is set to checkout-api:1; waiting for ECS to start its deployment (the PRIMARY one is still checkout-api:2)');
  });

  it('without a successful deploy, targets the newest registered revision below the current one (moto ignores sort)', async () => {
    // RUNNING < desired: moto's one deployment stays IN_PROGRESS.
    await seedCheckout(client, { desiredCount: RUNNING + 1 });
    const { rollback } = await plugin();
    const plan = value(await rollback.plan({}, signal()));
    expect(plan.facts).toMatchObject({ currentRevision: 'checkout-api:3', targetRevision: 'checkout-api:2' });
    expect(decidingReasons(rollback.safety(plan))[0]).toMatch(/^checkout-api:2, the newest registered revision below checkout-api:3, was never seen deployed successfully/);
  });

  // Incident B on a real rig: ECS read through DescribeServices had dropped A's fix once another
  // deploy replaced it, and the plan back to it asked to type `checkout-api:41`, "never seen
  // deployed successfully", though A ran on it to a resolve with its burn over.
  it('a target moto does not list but the incident knows ran here is planned without a guess, and a known-bad revision passed over is named', async () => {
    await seedCheckout(client, { desiredCount: RUNNING + 1 });
    const { rollback } = await plugin();
    const ranHere = [{ revision: 'checkout-api:1', why: 'inc-A rolled back to it, and was resolved at 09:39Z with its burn over' }];
    const avoid = [{ revision: 'checkout-api:2', why: 'rolled back by inc-A, the previous incident', rolledBack: true }];
    const plan = value(await rollback.plan({}, signal(), { avoid, ranHere }));
    expect(plan.facts).toMatchObject({ history: 'describe-services', currentRevision: 'checkout-api:3', targetRevision: 'checkout-api:1' });
    expect(rollback.safety(plan)).toEqual({
      level: 'ok',
      reasons: [
        'one revision back (checkout-api:2 was rolled back: no version step)',
        'passes over checkout-api:2, rolled back by inc-A, the previous incident',
        'checkout-api:1 ran here: inc-A rolled back to it, and was resolved at 09:39Z with its burn over',
        'checkout-api:2 ran an expand_only migration, which checkout-api:1 tolerates',
      ],
    });
    // Without what the incident knows, the same plan is a guess, typed in full.
    const guessed = value(await rollback.plan({ target: '1' }, signal(), { avoid }));
    expect(rollback.safety(guessed)).toMatchObject({ level: 'typed', phrase: 'checkout-api:1' });
  });
});

describe('ecs plugin against moto_server: AWS conventions', () => {
  const WEST = 'eu-west-1';
  const seedWest = async () => {
    const west = (await import('@aws-sdk/client-ecs')).ECSClient;
    const c = new west({ region: WEST, endpoint: moto.url, maxAttempts: 1 });
    await seedCheckout(c);
    c.destroy();
  };

  it('a runbook profile brings its region and endpoint_url from the shared config file', async () => {
    await seedWest();
    await writeFile(join(dir, 'config'), `[profile moto]\nregion = ${WEST}\nendpoint_url = ${moto.url}\n`);
    await writeFile(join(dir, 'credentials'), '[moto]\naws_access_key_id = AKIAMOTO\naws_secret_access_key = moto-secret\n');
    setEnv({ AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });
    const { instance } = await plugin({ region: undefined, endpoint: undefined, profile: 'moto' });
    expect(value(await instance.deploys!.list(signal())).map((d) => d.revision)).toEqual(['checkout-api:2']);
  });

  it.each(['AWS_REGION', 'AWS_DEFAULT_REGION'])('without a runbook region, %s chooses it', async (variable) => {
    await seedWest();
    setEnv({ [variable]: WEST });
    const { instance } = await plugin({ region: undefined });
    expect(value(await instance.deploys!.list(signal())).map((d) => d.revision)).toEqual(['checkout-api:2']);
  });

  it('errors name the endpoint the profile chose', async () => {
    await writeFile(join(dir, 'config-closed'), `[profile closed]\nregion = ${WEST}\nendpoint_url = http://127.0.0.1:9\n`);
    await writeFile(join(dir, 'credentials-closed'), '[closed]\naws_access_key_id = AKIAMOTO\naws_secret_access_key = moto-secret\n');
    setEnv({ AWS_CONFIG_FILE: join(dir, 'config-closed'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials-closed') });
    const { instance } = await plugin({ region: undefined, endpoint: undefined, profile: 'closed' });
    const listed = await instance.deploys!.list(signal());
    expect(listed).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
    if (!listed.ok) expect(listed.error.message).toContain('http://127.0.0.1:9');
  });

  it('missing credentials are reported as missing, for a profile and for the environment', async () => {
    await seedCheckout(client);
    setEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    const fromEnvironment = await (await plugin()).instance.deploys!.list(signal());
    expect(fromEnvironment).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    if (!fromEnvironment.ok) expect(fromEnvironment.error.message).toMatch(/^no AWS credentials found in the environment/);
    const fromProfile = await (await plugin({ profile: 'nobody' })).instance.deploys!.list(signal());
    expect(fromProfile).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    if (!fromProfile.ok) {
      expect(fromProfile.error.message).toMatch(/^no AWS credentials found for profile nobody/);
      expect(fromProfile.error.message).not.toMatch(/refused/);
    }
  });
});
