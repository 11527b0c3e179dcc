/**
 * A resumed drill's world: the scenario's, with what the timeline says the responder did
 * re-applied when it was done.
 */
import { describe, expect, it } from 'vitest';
import { errorRatio, trafficModel } from '../../../src/sandbox/traffic';
import { builtinScenario } from '../../../src/sandbox/scenarioBuiltins';
import type { Scenario } from '../../../src/sandbox/scenarioSchema';
import { ecsDouble, kubernetesDouble } from '../../../src/sandbox/deploysDouble';
import { templateOfRevision } from '../../../src/sandbox/kubernetes/index';
import { rebuildWorld } from '../../../src/sandbox/worldRebuild';
import { worldChangesFromLog } from '../../../src/sandbox/worldReplay';
import type { StoredEvent } from '../../../src/core/events';
import { loadCheckout } from '../../support/sessionHarness';

const PLACEMENT = { cluster: 'prod', service: 'checkout-api' };
const MINUTE = 60_000;

function builtin(name: string): Scenario {
  const result = builtinScenario(name);
  if (!result?.ok) throw new Error(`built-in ${name} does not load`);
  return result.loaded.scenario;
}

/** The lines of a timeline that matter here (the envelope's other fields are not read). */
function action(id: string, name: string, facts: Record<string, unknown>, atMs: number, outcome: 'action.succeeded' | 'action.failed'): StoredEvent[] {
  const at = new Date(atMs).toISOString();
  const envelope = { v: 1, id, incident: 'inc', actor: 'alice', drill: true, prev: '', hash: '', seq: 0, at };
  return [
    { ...envelope, kind: 'action.planned', data: { action: id, name, summary: name, calls: [], facts } },
    { ...envelope, kind: 'action.started', data: { action: id } },
    outcome === 'action.succeeded'
      ? { ...envelope, kind: 'action.succeeded', data: { action: id, summary: 'ok' } }
      : { ...envelope, kind: 'action.failed', data: { action: id, error: { kind: 'failed', message: 'no' } } },
  ] as StoredEvent[];
}

describe('rebuilding a drill world from its timeline', () => {
  it('keeps a rollback that succeeded: the old revision serves and the burn is gone', async () => {
    const scenario = builtin('bad-deploy');
    const rollbackAt = scenario.start + 2 * MINUTE;
    const events = action('act-1', 'deploys.rollback', { path: 'update-service', targetRevision: 'checkout-api:41' }, rollbackAt, 'action.succeeded');
    const changes = worldChangesFromLog(events, await loadCheckout());
    expect(changes).toEqual([{ kind: 'rollback', atMs: rollbackAt, path: 'update-service', targetRevision: 'checkout-api:41' }]);
    // A plan that sent a patch keeps it, for the world to apply as sent.
    const patched = events.map((e) => (e.kind === 'action.planned' ? { ...e, data: { ...e.data, calls: [{ kind: 'api', operation: 'PatchDeployment', args: { patch: [{ op: 'replace', path: '/spec/template', value: {} }] } }] } } : e)) as StoredEvent[];
    expect(worldChangesFromLog(patched, await loadCheckout())[0]).toMatchObject({ patch: [{ op: 'replace', path: '/spec/template', value: {} }] });

    const until = scenario.start + 20 * MINUTE;
    const world = rebuildWorld(scenario, ecsDouble(scenario, PLACEMENT), changes, until);
    expect(world.history.at(-1)!.serving).toEqual({ 41: 6 });
    // Rolled out task by task after the rollback, as the live sandbox would have.
    expect(world.history.some((s) => s.from > rollbackAt && s.serving[41] !== undefined && s.serving[42] !== undefined)).toBe(true);
    const ratio = errorRatio(trafficModel(scenario), world.history, 'availability', 5 * MINUTE, until)!;
    expect(ratio).toBeLessThan(0.005);
    expect(rebuildWorld(scenario, ecsDouble(scenario, PLACEMENT), [], until).history.at(-1)!.serving).toEqual({ 42: 6 });
  });

  it('keeps a flag change that succeeded, with its change record; ignores one that failed', async () => {
    const scenario = builtin('bad-flag');
    const at = scenario.start + MINUTE;
    const events = [
      ...action('act-1', 'flags.set', { flag: 'checkout_v2', field: 'defaultVariant', after: 'off' }, at, 'action.succeeded'),
      ...action('act-2', 'flags.set', { flag: 'express_pay', field: 'defaultVariant', after: 'on' }, at, 'action.failed'),
    ];
    const world = rebuildWorld(scenario, ecsDouble(scenario, PLACEMENT), worldChangesFromLog(events, await loadCheckout()), at + MINUTE);
    expect(world.flagFile.flags.checkout_v2).toMatchObject({ defaultVariant: 'off', metadata: { changedAt: new Date(at).toISOString(), changedBy: 'alice' } });
    expect(world.flagFile.flags.express_pay?.defaultVariant).toBe(scenario.flags.express_pay?.default_variant);
    expect(world.history.at(-1)!.flags.checkout_v2).toBe('off');
    expect(world.flagsChangedAt).toBe(at);
  });
});

describe('rebuilding a Kubernetes drill world', () => {
  const K8S = { namespace: 'payments', deployment: 'checkout-api' };
  it('replays a rollout undo: the template of :41 serves again under a new revision, and the burn is gone', () => {
    const scenario = builtin('bad-deploy');
    const rollbackAt = scenario.start + 2 * MINUTE;
    const change = { kind: 'rollback' as const, atMs: rollbackAt, path: 'rollout-undo' as const, targetRevision: 'checkout-api:41' };
    const until = rollbackAt + 30 * MINUTE;
    const world = rebuildWorld(scenario, kubernetesDouble(scenario, K8S), [change], until);
    expect(world.history.at(-1)!.serving).toEqual({ 41: 6 });
    expect(world.deploys!.deployments[0]!.annotations['deployment.kubernetes.io/revision']).toBe('43');
    const model = trafficModel(scenario);
    expect(errorRatio(model, world.history, 'availability', 5 * MINUTE, until)!).toBeLessThan(0.005);
    // Without the change, :42 keeps serving.
    expect(rebuildWorld(scenario, kubernetesDouble(scenario, K8S), [], until).history.at(-1)!.serving).toEqual({ 42: 6 });
  });

  // A resumed drill's kubectl said `43  deploy c42d4c3 by dave` where the uninterrupted one said carol's :41.
  it("replays the rollback's recorded patch (its guard aside): the Deployment and the reused ReplicaSet carry :41's change-cause", () => {
    const scenario = builtin('bad-deploy');
    const rollbackAt = scenario.start + 2 * MINUTE;
    const double = kubernetesDouble(scenario, K8S);
    const rs41 = double.initial.replicaSets.find((rs) => rs.annotations['deployment.kubernetes.io/revision'] === '41')!;
    const cause = rs41.annotations['kubernetes.io/change-cause'];
    expect(cause).toBeDefined();
    const patch = [
      { op: 'replace', path: '/spec/template', value: templateOfRevision(double.initial, K8S.namespace, K8S.deployment, 41) },
      { op: 'replace', path: '/metadata/annotations', value: { 'kubernetes.io/change-cause': cause } },
      { op: 'replace', path: '/metadata/resourceVersion', value: '1' },
    ];
    const change = { kind: 'rollback' as const, atMs: rollbackAt, path: 'rollout-undo' as const, targetRevision: 'checkout-api:41', patch };
    const world = rebuildWorld(scenario, double, [change], rollbackAt + 30 * MINUTE);
    const deployment = world.deploys!.deployments[0]!;
    expect(deployment.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '43', 'kubernetes.io/change-cause': cause });
    const reused = world.deploys!.replicaSets.find((rs) => rs.annotations['deployment.kubernetes.io/revision'] === '43')!;
    expect(reused.annotations['kubernetes.io/change-cause']).toBe(cause);
  });

  it('replays an Argo Rollouts undo on a Rollout; one to a bad build is aborted by its analysis and the stable :42 serves on', () => {
    const scenario = builtin('bad-deploy');
    const rollout = { ...K8S, kind: 'Rollout' as const };
    const rollbackAt = scenario.start + 2 * MINUTE;
    const until = rollbackAt + 30 * MINUTE;
    const undo = (target: number) => ({ kind: 'rollback' as const, atMs: rollbackAt, path: 'rollout-undo' as const, targetRevision: `checkout-api:${target}` });
    const world = rebuildWorld(scenario, kubernetesDouble(scenario, rollout), [undo(41)], until);
    expect(world.history.at(-1)!.serving).toEqual({ 41: 6 });
    expect(world.deploys!.deployments[0]).toMatchObject({ kind: 'Rollout', annotations: { 'deployment.kubernetes.io/revision': '43' } });
    expect(world.deploys!.analysisRuns.at(-1)).toMatchObject({ revision: 43, phase: 'Successful' });
    // bad-deploy's bad build is :42: an undo back to it (say, from :41) fails its analysis and is aborted.
    const again = rebuildWorld(scenario, kubernetesDouble(scenario, rollout), [undo(41), { ...undo(42), atMs: rollbackAt + 10 * MINUTE }], until);
    expect(again.deploys!.analysisRuns.at(-1)).toMatchObject({ revision: 44, phase: 'Failed' });
    expect(again.deploys!.deployments[0]!.aborted).toContain('RolloutAborted: Rollout aborted update to revision 44');
    expect(again.history.at(-1)!.serving).toEqual({ 41: 6 });
  });
});
