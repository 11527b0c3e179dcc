/**
 * `cockpit status` (the built CLI, a child process) on a runbook whose ecs provider points at a
 * real moto_server, which answers ListServiceDeployments with HTTP 500 and an HTML body.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusSnapshot } from '../../src/session/statusSnapshot';
import { awsTestCredentials } from '../fixtures/ecs/credentials';
import { MOTO_TAGS, motoClient, seedCheckout } from '../fixtures/ecs/motoSeed';
import { cockpit } from '../support/cli';
import { type MotoServer, startMoto } from '../support/moto';

let dir: string;
let moto: MotoServer;

const runbook = (deploys: string) =>
  [
    'version: 1',
    'service: checkout-api',
    'owner: commerce-platform',
    'severity: SEV2',
    'escalation: ["@commerce-oncall"]',
    'providers:',
    `  deploys: { plugin: ecs, cluster: prod, service: checkout-api, ${deploys} }`,
    'first_actions:',
    '  - { id: rollback, title: Roll back, run: { action: deploys.rollback }, confirm: true }',
    '',
  ].join('\n');

/** Dummy credentials; nothing from the developer's ~/.aws; the SDK's Node version notice left on. */
const env = () => ({
  AWS_ACCESS_KEY_ID: 'AKIAMOTO',
  AWS_SECRET_ACCESS_KEY: 'moto-secret',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: join(dir, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false',
  COCKPIT_DATA_DIR: join(dir, 'data'),
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-status-moto-'));
  moto = await startMoto({ runningTasks: 2 });
  const credentials = awsTestCredentials();
  credentials.apply();
  const client = motoClient(moto.url);
  try {
    await seedCheckout(client);
  } finally {
    client.destroy();
    credentials.restore();
  }
  await writeFile(join(dir, 'endpoint.yaml'), runbook(`region: us-east-1, endpoint: "${moto.url}"`));
  await writeFile(join(dir, 'profile.yaml'), runbook('profile: moto'));
  await writeFile(join(dir, 'config'), `[profile moto]\nregion = us-east-1\nendpoint_url = ${moto.url}\n`);
  await writeFile(join(dir, 'credentials'), '[moto]\naws_access_key_id = AKIAMOTO\naws_secret_access_key = moto-secret\n');
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('cockpit status against moto_server', () => {
  it('prints the deploys from DescribeServices, exit 0, nothing on stderr', async () => {
    const result = await cockpit(['status', join(dir, 'endpoint.yaml'), '--json'], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const snapshot = JSON.parse(result.stdout) as StatusSnapshot;
    if (snapshot.deploys.status !== 'ok') throw new Error(result.stdout);
    expect(snapshot.deploys.data.map((d) => [d.revision, d.status, d.labels])).toEqual([['checkout-api:2', 'successful', MOTO_TAGS[2]]]);
    // Partial, and said so (as the TUI's panel does): `"status": "ok"` alone read as the whole history.
    expect(snapshot.deploys.warning).toMatch(/^history from DescribeServices only: ListServiceDeployments failed: /);
  });

  it('prints them as text too', async () => {
    const result = await cockpit(['status', join(dir, 'endpoint.yaml')], { env: env() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('checkout-api:2');
    expect(result.stdout).not.toContain('FAILED');
    expect(result.stdout).toMatch(/\nDEPLOYS {2}\S+ \(ecs\)\n {2}⚠ history from DescribeServices only: /);
  });

  it("a runbook profile's region and endpoint_url reach moto", async () => {
    const result = await cockpit(['status', join(dir, 'profile.yaml'), '--json'], {
      env: { ...env(), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') },
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const snapshot = JSON.parse(result.stdout) as StatusSnapshot;
    expect(snapshot.deploys).toMatchObject({ status: 'ok', data: [{ revision: 'checkout-api:2' }] });
  });

  it('the SDK Node version notice goes to the log (shown with COCKPIT_DEBUG), never to plain stderr', async () => {
    const result = await cockpit(['status', join(dir, 'endpoint.yaml')], { env: { ...env(), COCKPIT_DEBUG: '1' } });
    expect(result.exitCode).toBe(0);
    const sdkWarns = Number(process.versions.node.split('.')[0]) < 22;
    expect(result.stderr.includes('info: AWS SDK: NodeVersionSupportWarning')).toBe(sdkWarns);
    expect(result.stderr).not.toMatch(/^warning: .*NodeVersionSupportWarning/m);
    expect(result.stderr).toMatch(/info: deploys from DescribeServices: ListServiceDeployments failed: ECS at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500/);
  });

  it('missing credentials are reported as missing', async () => {
    const result = await cockpit(['status', join(dir, 'endpoint.yaml')], { env: { ...env(), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/FAILED: no AWS credentials found in the environment/);
    expect(result.stdout).not.toContain('refused');
  });
});
