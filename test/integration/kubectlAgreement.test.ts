/**
 * The sandbox Kubernetes endpoint checked by a client nobody here wrote: the real `kubectl`
 * (Debian's `kubernetes-client`, installed by scripts/ensure-test-deps.sh; `KUBECTL` names another)
 * sees the same history, performs the same undo, and reports the same rollout status as the
 * kubernetes plugin.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectKubernetes, loadKubeConfig } from '../../plugins/kubernetes/client';
import { kubernetesConfig } from '../../plugins/kubernetes/config';
import kubernetesPlugin from '../../plugins/kubernetes/index';
import { rolloutStatus } from '../../plugins/kubernetes/status';
import type { Deploy, Result } from '../../src/plugins/contract';
import { type KubernetesEndpoint, startKubernetesEndpoint } from '../../src/sandbox/kubernetes';
import { FIXTURE_NOW, MS_PER_POD, type PaymentsWorldOptions, image, paymentsWorld, writeKubeconfig } from '../fixtures/kubernetes/paymentsWorld';
import { findKubectl } from '../fixtures/kubernetes/pluginRig';
import { createTestContext, manualClock, recordingIO } from '../support/pluginContext';
import { cleanupsAfterEach } from '../support/cleanups';

let kubectl: string;
beforeAll(async () => {
  kubectl = await findKubectl();
});

const cleanups = cleanupsAfterEach();

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/** One sandbox endpoint, a kubeconfig for it, kubectl and the plugin both pointed at it. */
async function rig(options: PaymentsWorldOptions = {}) {
  const clock = manualClock(FIXTURE_NOW);
  const endpoint = await startKubernetesEndpoint({ world: paymentsWorld(options), clock: () => clock.nowMs() });
  const dir = await mkdtemp(join(tmpdir(), 'cockpit-kubectl-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }), () => endpoint.close());
  const kubeconfig = await writeKubeconfig(dir, endpoint.url);
  const config = kubernetesConfig.parse({ kubeconfig, context: 'sandbox', deployment: 'payments-api' });
  const { ctx } = createTestContext({ clock, baseDir: dir });
  const plugin = await kubernetesPlugin.create(config, ctx);
  const connection = await loadKubeConfig(config, dir);
  if (connection instanceof Error) throw connection;
  const api = await connectKubernetes(connection, config);
  const run = async (...args: string[]) => {
    const result = await execa(kubectl, ['--kubeconfig', kubeconfig, '--context', 'sandbox', '--cache-dir', join(dir, 'cache'), ...args], { reject: false, timeout: 60_000 });
    return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
  };
  return { clock, endpoint, plugin, api, run };
}

/** `kubectl rollout history` as [revision, change-cause] pairs, oldest first. */
function historyRows(stdout: string): [number, string][] {
  return stdout
    .split('\n')
    .filter((line) => /^\d+\s/.test(line))
    .map((line) => {
      const [, revision, cause] = /^(\d+)\s+(.*)$/.exec(line)!;
      return [Number(revision), cause!.trim()];
    });
}

const pluginRows = (deploys: readonly Deploy[]): [number, string][] =>
  deploys.map((d): [number, string] => [Number(d.revision.split(':')[1]), d.labels['change-cause'] ?? '<none>']).reverse();

const deploymentState = (endpoint: KubernetesEndpoint) => {
  const world = endpoint.world();
  const d = world.deployments[0]!;
  return {
    template: d.template,
    annotations: d.annotations,
    replicaSets: world.replicaSets.map((rs) => [rs.name, rs.annotations['deployment.kubernetes.io/revision'], rs.annotations['deployment.kubernetes.io/revision-history']]),
  };
};

describe('kubectl and the kubernetes plugin agree about the sandbox', () => {
  it('rollout history: the same revisions and change-causes, also for one revision’s template', async () => {
    const r = await rig();
    const history = await r.run('rollout', 'history', 'deployment/payments-api');
    expect(history.exitCode).toBe(0);
    expect(historyRows(history.stdout)).toEqual(pluginRows(value(await r.plugin.deploys!.list(new AbortController().signal))));
    expect(historyRows(history.stdout)).toEqual([
      [40, 'deploy c40'],
      [41, 'deploy c41'],
      [42, 'deploy c42'],
    ]);
    const one = await r.run('rollout', 'history', 'deployment/payments-api', '--revision=41');
    expect(one.stdout).toContain(`Image:\t${image(41)}`);
  }, 120_000);

  it('rollout undo --to-revision: kubectl and the plugin leave the same Deployment and ReplicaSets behind', async () => {
    const byKubectl = await rig();
    const byPlugin = await rig();
    const undo = await byKubectl.run('rollout', 'undo', 'deployment/payments-api', '--to-revision=41');
    expect(undo.stdout).toBe('deployment.apps/payments-api rolled back');
    const rollback = byPlugin.plugin.actions!.rollback!;
    const plan = value(await rollback.plan({ target: '41' }, new AbortController().signal));
    value(await rollback.execute(plan, recordingIO()));
    // kubectl sends the same JSON Patch, less the resourceVersion precondition the plugin adds.
    const kubectlPatch = byKubectl.endpoint.requests.find((q) => q.method === 'PATCH')!;
    const pluginPatch = byPlugin.endpoint.requests.find((q) => q.method === 'PATCH')!;
    expect(kubectlPatch.contentType).toBe(pluginPatch.contentType);
    // (kubectl's Go types also write `creationTimestamp: null`, which the API server drops.)
    const withoutNulls = (body: unknown) => JSON.parse(JSON.stringify(body, (_key, v: unknown) => (v === null ? undefined : v))) as unknown;
    expect(pluginPatch.body).toEqual([...(withoutNulls(kubectlPatch.body) as unknown[]), { op: 'replace', path: '/metadata/resourceVersion', value: expect.any(String) }]);
    expect(deploymentState(byPlugin.endpoint)).toEqual(deploymentState(byKubectl.endpoint));
    // And each sees the other's result the same way.
    const after = await byKubectl.run('rollout', 'history', 'deployment/payments-api');
    expect(historyRows(after.stdout)).toEqual(pluginRows(value(await byKubectl.plugin.deploys!.list(new AbortController().signal))));
    expect(historyRows(after.stdout).map(([n]) => n)).toEqual([40, 42, 43]);
    // Undoing to the revision already running changes nothing, for kubectl too.
    const again = await byKubectl.run('rollout', 'undo', 'deployment/payments-api', '--to-revision=43');
    expect(again.stdout).toContain('skipped rollback (current template already matches revision 43)');
  }, 120_000);

  it('rollout status: the same sentence at each point of the rollout, and at the progress deadline', async () => {
    const r = await rig({ brokenImages: [image(40)] });
    await r.run('rollout', 'undo', 'deployment/payments-api', '--to-revision=41');
    for (const pods of [0, 2, 4]) {
      r.clock.advance(pods === 0 ? 0 : 2 * MS_PER_POD);
      const kubectlSays = await r.run('rollout', 'status', 'deployment/payments-api', '--watch=false');
      const pluginSays = rolloutStatus(value(await r.api.readDeployment('payments-api', new AbortController().signal)));
      expect(kubectlSays.stdout.trim()).toBe(pluginSays.message);
    }
    expect((await r.run('rollout', 'status', 'deployment/payments-api', '--watch=false')).stdout.trim()).toBe('deployment "payments-api" successfully rolled out');

    await r.run('rollout', 'undo', 'deployment/payments-api', '--to-revision=40');
    r.clock.advance(121_000);
    const stuck = await r.run('rollout', 'status', 'deployment/payments-api', '--watch=false');
    const pluginStuck = rolloutStatus(value(await r.api.readDeployment('payments-api', new AbortController().signal)));
    expect(pluginStuck).toMatchObject({ state: 'failed', message: 'deployment "payments-api" exceeded its progress deadline' });
    expect(stuck.stderr).toContain(`error: ${pluginStuck.message}`);
    expect(stuck.exitCode).toBe(1);
  }, 120_000);

  it('rollout status (watching) follows the rollout to the end over a watch, as the plugin’s verification does', async () => {
    const r = await rig();
    await r.run('rollout', 'undo', 'deployment/payments-api', '--to-revision=41');
    const watching = r.run('rollout', 'status', 'deployment/payments-api', '--timeout=60s');
    // Move the virtual clock until kubectl is done (it watches; the endpoint pushes each change).
    let done = false;
    void watching.then(() => (done = true));
    while (!done) {
      r.clock.advance(MS_PER_POD);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const result = await watching;
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('deployment "payments-api" successfully rolled out');
    expect(r.endpoint.requests.some((q) => q.query.includes('watch=true'))).toBe(true);
  }, 120_000);
});
