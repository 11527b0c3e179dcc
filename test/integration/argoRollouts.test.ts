/**
 * The kubernetes plugin on an Argo Rollout (`rollout:`) through @kubernetes/client-node over real
 * HTTP against the sandbox's Kubernetes endpoint: history from the Rollout's ReplicaSets, undo as
 * `kubectl argo rollouts undo --to-revision`, verification by phase, stable ReplicaSet and
 * AnalysisRuns, and the API server's error shapes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentsWorldOptions } from '../fixtures/kubernetes/paymentsWorld';
import { FIXTURE_NOW, image } from '../fixtures/kubernetes/paymentsWorld';
import { type Rig, pluginRig, requestLines, signal, value } from '../fixtures/kubernetes/pluginRig';
import { patchDeployment } from '../../src/sandbox/kubernetes';
import { recordingIO, runOnManualClock } from '../support/pluginContext';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const rig = (world: Omit<PaymentsWorldOptions, 'kind'> = {}, config: Record<string, unknown> = {}): Promise<Rig> => pluginRig(cleanups, { ...world, kind: 'Rollout' }, config);
const ROLLOUT_PATH = '/apis/argoproj.io/v1alpha1/namespaces/payments/rollouts/payments-api';
const rolloutOf = (r: Rig) => r.endpoint.world().deployments.find((d) => d.kind === 'Rollout')!;

describe('kubernetes plugin on an Argo Rollout: history', () => {
  it('lists the Rollout’s ReplicaSets by rollout.argoproj.io/revision, with images, change-cause, actor and migration', async () => {
    const r = await rig({ latestAnnotations: { 'cockpit.dev/migration': 'expand_only' } });
    const deploys = value(await r.instance.deploys!.list(signal()));
    expect(deploys.map((d) => [d.revision, d.current, d.status, d.artifacts[0], d.actor])).toEqual([
      ['payments-api:42', true, 'successful', image(42), 'dave'],
      ['payments-api:41', false, 'successful', image(41), 'carol'],
      ['payments-api:40', false, 'successful', image(40), 'bob'],
    ]);
    expect(deploys[0]!.labels).toEqual({ actor: 'dave', migration: 'expand_only', 'change-cause': 'deploy c42' });
    expect(deploys[0]!.startedAt).toBe(new Date(FIXTURE_NOW - 3_600_000).toISOString());
    expect(requestLines(r.endpoint)).toEqual([`GET ${ROLLOUT_PATH} 200`, 'GET /apis/apps/v1/namespaces/payments/replicasets?labelSelector=app=payments-api 200']);
  });

  it('a missing Rollout is not-found with the API server’s words (404); a Deployment of that name is not it', async () => {
    const r = await rig({}, { rollout: 'nope' });
    const listed = await r.instance.deploys!.list(signal());
    expect(listed).toMatchObject({ ok: false, error: { kind: 'not-found', code: 'NotFound' } });
    expect(!listed.ok && listed.error.message).toMatch(/^rollouts\.argoproj\.io "nope" not found \(Kubernetes at http:\/\/127\.0\.0\.1:\d+: /);
  });

  it('RBAC refusing the Rollout is unauthorized (403) in group argoproj.io', async () => {
    const r = await rig();
    r.endpoint.injectFault({ kind: 'forbidden', verb: 'get', resource: 'rollouts' });
    const listed = await r.instance.deploys!.list(signal());
    expect(listed).toMatchObject({ ok: false, error: { kind: 'unauthorized', code: 'Forbidden' } });
    expect(!listed.ok && listed.error.message).toContain('cannot get resource "rollouts" in API group "argoproj.io"');
  });
});

describe('kubernetes plugin on an Argo Rollout: undo and verify', () => {
  it('plans kubectl argo rollouts undo: the template without rollouts-pod-template-hash, guarded by the resourceVersion, annotations left alone', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    expect(plan.summary).toBe(`Roll back rollout/payments-api in payments from payments-api:42 to payments-api:41 (kubectl argo rollouts undo --to-revision=41; images: ${image(41)})`);
    const call = plan.calls[0] as unknown as { operation: string; args: { name: string; patch: { op: string; path: string; value: unknown }[] } };
    expect(call.operation).toBe('PATCH rollouts (application/json-patch+json)');
    expect(call.args.patch.map((op) => `${op.op} ${op.path}`)).toEqual(['replace /spec/template', 'replace /metadata/resourceVersion']);
    const template = call.args.patch[0]!.value as { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
    expect(template.metadata.labels).toEqual({ app: 'payments-api' });
    expect(template.spec.containers[0]!.image).toBe(image(41));
    expect(call.args.patch[1]!.value).toBe(String(rolloutOf(r).resourceVersion));
    expect(r.rollback.safety(plan).level).toBe('ok');
  });

  it('an Argo CD-managed Rollout warns that Argo CD will revert the undo, before the button', async () => {
    const r = await rig({ labels: { 'argocd.argoproj.io/instance': 'payments' } });
    const verdict = r.rollback.safety(value(await r.rollback.plan({}, signal())));
    expect(verdict.level).toBe('typed');
    expect(verdict.reasons[0]).toContain('rollout/payments-api');
    expect(verdict.reasons[0]).toContain('Argo CD');
  });

  it('executes the patch; the controller reuses :41’s ReplicaSet as :43; verify waits for Healthy, the stable RS and a Successful AnalysisRun', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    const outcome = value(await r.rollback.execute(plan, recordingIO()));
    expect(outcome.summary).toBe("Rolled rollout/payments-api back to the template of payments-api:41 (now revision 43); the rollout replaces payments-api:42's pods");
    const patch = r.endpoint.requests.find((q) => q.method === 'PATCH')!;
    expect([patch.path, patch.contentType]).toEqual([ROLLOUT_PATH, 'application/json-patch+json']);

    const io = recordingIO();
    const verified = value(await runOnManualClock(r.clock, r.rollback.verify(plan, io)));
    const run = r.endpoint.world().analysisRuns.at(-1)!;
    expect(verified.summary).toBe(`Healthy: 4/4 pods run ${image(41)} (payments-api:43, the template of payments-api:41); analysis passed (AnalysisRun ${run.name})`);
    expect(io.progress.updates.map((u) => u.message)).toContain('Progressing - more replicas need to be updated');
    expect(r.endpoint.requests.some((q) => q.path === '/apis/argoproj.io/v1alpha1/namespaces/payments/analysisruns' && decodeURIComponent(q.query).includes('labelSelector=rollouts-pod-template-hash='))).toBe(true);
    expect(r.endpoint.world().analysisRuns.at(-1)).toMatchObject({ revision: 43, phase: 'Successful' });

    const deploys = value(await r.instance.deploys!.list(signal()));
    expect(deploys.map((d) => `${d.revision}${d.current ? '*' : ''} ${d.artifacts[0]}`)).toEqual([`payments-api:43* ${image(41)}`, `payments-api:42 ${image(42)}`, `payments-api:40 ${image(40)}`]);
    expect(deploys[0]).toMatchObject({ formerRevisions: ['payments-api:41'] });
    expect(deploys[0]!.actor).toBeUndefined();
    expect(Date.parse(deploys[0]!.startedAt!)).toBeGreaterThanOrEqual(FIXTURE_NOW);
  });

  it('a failed AnalysisRun fails verification with its reason; the abort left the template and the stable ReplicaSet serves', async () => {
    const r = await rig({ failingAnalysis: [41] });
    const plan = value(await r.rollback.plan({}, signal()));
    value(await r.rollback.execute(plan, recordingIO()));
    const verified = await runOnManualClock(r.clock, r.rollback.verify(plan, recordingIO()));
    expect(verified).toMatchObject({ ok: false, error: { kind: 'failed', code: 'AnalysisRunFailed' } });
    const message = !verified.ok ? verified.error.message : '';
    expect(message).toMatch(/^AnalysisRun payments-api-\w+-43 Failed: Metric "success-rate" assessed Failed due to failed \(1\) > failureLimit \(0\)/);
    expect(message).toContain('Degraded - RolloutAborted: Rollout aborted update to revision 43');
    expect(message).toContain('the rollback to payments-api:41 did not pass its analysis');
    // The Rollout still names :41's template (now :43), while the stable :42's pods serve: :42 is
    // current, and :43 was rolled back by Argo Rollouts, as `kubectl argo rollouts get` shows it.
    const serving = r.endpoint.world().replicaSets.filter((rs) => rs.replicas > 0).map((rs) => rs.origin);
    expect(serving).toEqual([42]);
    const deploys = value(await r.instance.deploys!.list(signal()));
    expect(deploys.map((d) => [d.revision, d.current, d.status, d.artifacts[0]])).toEqual([
      ['payments-api:43', false, 'rolled-back', image(41)],
      ['payments-api:42', true, 'successful', image(42)],
      ['payments-api:40', false, 'successful', image(40)],
    ]);
    expect(deploys[0]!.automaticRollback).toEqual({ by: 'Argo Rollouts', reason: expect.stringMatching(/^RolloutAborted: Rollout aborted update to revision 43: Metric "success-rate"/) });
    // `rolled-back` read as over: the Rollout's template is still this build's, and a retry rolls it out again.
    expect(deploys[0]!.automaticRollback?.reason).toMatch(/ \(the Rollout's template still names it: a retry rolls it out again\)$/);

    // The next rollback goes from the serving :42 to :40, over :41's build (which ran before :42) and :42.
    const next = value(await r.rollback.plan({}, signal(), { avoid: [{ revision: 'payments-api:42', why: 'running when the first trigger fired (03:00Z)' }] }));
    expect(next.summary).toContain('from payments-api:42 to payments-api:40');
    const facts = next.facts as { between: { revision: string }[]; knownBad: { revision: string; why: string }[] };
    expect(facts.between.map((b) => b.revision)).toEqual(['payments-api:41', 'payments-api:42']);
    expect(facts.knownBad).toContainEqual({ revision: 'payments-api:43', why: expect.stringMatching(/^rolled back by Argo Rollouts \(RolloutAborted: /), rolledBack: true });
    expect(r.rollback.safety(next).reasons[0]).toBe('2 revisions back (payments-api:41, payments-api:42 ran since payments-api:40): a multi-version jump');
  });

  it('a Rollout changed since the plan refuses the patch: 409 conflict on the stale resourceVersion', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    r.endpoint.update((world) => {
      const changed = patchDeployment(world, 'payments', 'payments-api', 'application/merge-patch+json', { metadata: { labels: { touched: 'yes' } } }, FIXTURE_NOW, 'Rollout');
      if (!changed.ok) throw new Error(changed.error.message);
      return changed.world;
    });
    const outcome = await r.rollback.execute(plan, recordingIO());
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'conflict', code: 'Conflict' } });
    expect(!outcome.ok && outcome.error.message).toContain('Operation cannot be fulfilled on rollouts.argoproj.io "payments-api": the object has been modified');
    expect(rolloutOf(r).annotations['deployment.kubernetes.io/revision']).toBe('42');
  });
});
