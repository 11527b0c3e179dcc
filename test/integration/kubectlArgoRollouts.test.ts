/**
 * The sandbox's Argo Rollouts resources checked by the real `kubectl` (the `kubectl argo rollouts`
 * plugin is not installed here, so kubectl reads them as any client of the CRDs does): it finds
 * Rollouts and AnalysisRuns through discovery, sees the same current template and revision as the
 * kubernetes plugin, and the JSON Patch `kubectl argo rollouts undo` sends leaves the same Rollout
 * behind as the plugin's undo.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionPlan } from '../../src/plugins/contract';
import { type Rig, findKubectl, pluginRig, signal, value } from '../fixtures/kubernetes/pluginRig';
import { MS_PER_POD, image } from '../fixtures/kubernetes/paymentsWorld';
import { recordingIO } from '../support/pluginContext';
import { cleanupsAfterEach } from '../support/cleanups';

let kubectl: string;
beforeAll(async () => {
  kubectl = await findKubectl();
});

const cleanups = cleanupsAfterEach();

async function rig(failingAnalysis: number[] = []) {
  const r = await pluginRig(cleanups, { kind: 'Rollout', failingAnalysis }, {}, false);
  const dir = await mkdtemp(join(tmpdir(), 'cockpit-kubectl-argo-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const run = async (...args: string[]) => {
    const result = await execa(kubectl, ['--kubeconfig', join(r.dir, 'kubeconfig'), '--context', 'sandbox', '--cache-dir', join(dir, 'cache'), ...args], { reject: false, timeout: 60_000 });
    return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
  };
  const json = async <T>(...args: string[]): Promise<T> => {
    const result = await run(...args, '-o', 'json');
    if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  };
  return { ...r, run, json };
}

interface RolloutJson {
  kind: string;
  metadata: { annotations: Record<string, string>; resourceVersion: string };
  spec: { template: { spec: { containers: { image: string }[] } } };
  status: { phase: string; stableRS: string; currentPodHash: string };
}
interface ListJson<T> {
  items: T[];
}
interface AnalysisRunJson {
  metadata: { name: string; labels: Record<string, string>; ownerReferences: { kind: string; name: string }[] };
  status: { phase: string; message?: string };
}

/** The plugin's view of the current revision: [number, images]. */
async function pluginCurrent(r: Rig): Promise<[number, readonly string[]]> {
  const current = value(await r.instance.deploys!.list(signal())).find((d) => d.current)!;
  return [Number(current.revision.split(':')[1]), current.artifacts];
}

describe('kubectl and the kubernetes plugin agree about a sandbox Argo Rollout', () => {
  it('kubectl get rollout: the same current revision and template as the plugin; its ReplicaSets are the Rollout’s', async () => {
    const r = await rig();
    const rollout = await r.json<RolloutJson>('get', 'rollout', 'payments-api');
    expect(rollout.kind).toBe('Rollout');
    const [revision, images] = await pluginCurrent(r);
    expect(Number(rollout.metadata.annotations['rollout.argoproj.io/revision'])).toBe(revision);
    expect(rollout.spec.template.spec.containers.map((c) => c.image)).toEqual(images);
    expect(rollout.status).toMatchObject({ phase: 'Healthy' });
    expect(rollout.status.stableRS).toBe(rollout.status.currentPodHash);
    // The short name resolves through discovery too.
    expect((await r.run('get', 'ro', 'payments-api', '-o', 'name')).stdout).toBe('rollout.argoproj.io/payments-api');
    const sets = await r.json<ListJson<{ metadata: { annotations: Record<string, string>; labels: Record<string, string>; ownerReferences: { kind: string }[] } }>>('get', 'replicasets', '-l', 'app=payments-api');
    expect(sets.items.map((rs) => Number(rs.metadata.annotations['rollout.argoproj.io/revision'])).sort()).toEqual([40, 41, 42]);
    expect(sets.items.every((rs) => rs.metadata.ownerReferences[0]!.kind === 'Rollout' && rs.metadata.labels['rollouts-pod-template-hash'] !== undefined)).toBe(true);
  }, 60_000);

  it('after the plugin’s undo kubectl sees revision 43 with :41’s template, and its AnalysisRun decide', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    value(await r.rollback.execute(plan, recordingIO()));
    const rollout = await r.json<RolloutJson>('get', 'rollout', 'payments-api');
    expect(rollout.metadata.annotations['rollout.argoproj.io/revision']).toBe('43');
    expect(rollout.spec.template.spec.containers.map((c) => c.image)).toEqual([image(41)]);
    expect(rollout.status.phase).toBe('Progressing');
    expect(await pluginCurrent(r)).toEqual([43, [image(41)]]);

    const running = await r.json<ListJson<AnalysisRunJson>>('get', 'analysisruns', '-l', `rollouts-pod-template-hash=${rollout.status.currentPodHash}`);
    expect(running.items.map((a) => [a.status.phase, a.metadata.ownerReferences[0]!.kind])).toEqual([
      ['Successful', 'Rollout'],
      ['Running', 'Rollout'],
    ]);
    r.clock.advance(10 * MS_PER_POD);
    const names = await r.run('get', 'analysisruns', '-o', 'name');
    expect(names.stdout.split('\n')).toContain(`analysisrun.argoproj.io/${running.items[1]!.metadata.name}`);
    const decided = await r.json<AnalysisRunJson>('get', 'analysisrun', running.items[1]!.metadata.name);
    expect(decided.status.phase).toBe('Successful');
    expect((await r.json<RolloutJson>('get', 'rollout', 'payments-api')).status.phase).toBe('Healthy');
  }, 60_000);

  it('a failed analysis: kubectl sees the AnalysisRun Failed and the Rollout Degraded, as the plugin’s verification reports', async () => {
    const r = await rig([41]);
    const plan = value(await r.rollback.plan({}, signal()));
    value(await r.rollback.execute(plan, recordingIO()));
    r.clock.advance(2 * MS_PER_POD);
    const rollout = await r.json<RolloutJson>('get', 'rollout', 'payments-api');
    expect(rollout.status.phase).toBe('Degraded');
    const runs = await r.json<ListJson<AnalysisRunJson>>('get', 'analysisruns', '-l', `rollouts-pod-template-hash=${rollout.status.currentPodHash}`);
    const failed = runs.items.find((a) => a.status.phase === 'Failed')!;
    const verified = await r.rollback.verify(plan, recordingIO());
    expect(!verified.ok && verified.error.message).toContain(`AnalysisRun ${failed.metadata.name} Failed: ${failed.status.message}`);
  }, 60_000);

  it('kubectl patch with the JSON Patch kubectl argo rollouts undo sends leaves the same Rollout as the plugin’s undo', async () => {
    const byPlugin = await rig();
    const byKubectl = await rig();
    const plan = value(await byPlugin.rollback.plan({}, signal()));
    value(await byPlugin.rollback.execute(plan, recordingIO()));
    const patch = (plan.calls[0] as Extract<ActionPlan['calls'][number], { kind: 'api' }>).args.patch as { path: string }[];
    const sent = await byKubectl.run('patch', 'rollout', 'payments-api', '--type', 'json', '-p', JSON.stringify(patch.filter((op) => op.path === '/spec/template')));
    expect(sent.stdout).toBe('rollout.argoproj.io/payments-api patched');
    const state = (r: Rig) => {
      const world = r.endpoint.world();
      const d = world.deployments[0]!;
      return { template: d.template, annotations: d.annotations, replicaSets: world.replicaSets.map((rs) => [rs.name, rs.annotations['deployment.kubernetes.io/revision']]) };
    };
    expect(state(byKubectl)).toEqual(state(byPlugin));
  }, 60_000);
});
