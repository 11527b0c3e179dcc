/**
 * The kubernetes plugin through @kubernetes/client-node over real HTTP against the sandbox's
 * Kubernetes endpoint: every call it makes, with the API server's error shapes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import kubernetesPlugin, { kubernetesConfig } from '../../plugins/kubernetes/index';
import type { ActionPlan } from '../../src/plugins/contract';
import { patchDeployment } from '../../src/sandbox/kubernetes';
import { type Rig, pluginRig, requestLines, signal, value } from '../fixtures/kubernetes/pluginRig';
import { FIXTURE_NOW, MS_PER_POD, type PaymentsWorldOptions, image, writeKubeconfig } from '../fixtures/kubernetes/paymentsWorld';
import { createTestContext, recordingIO, runOnManualClock } from '../support/pluginContext';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const rig = (world: PaymentsWorldOptions = {}, config: Record<string, unknown> = {}): Promise<Rig> => pluginRig(cleanups, world, config);

describe('kubernetes plugin: history from the Deployment’s ReplicaSets', () => {
  it('lists revisions newest first with images, change-cause, actor and migration labels; the current one marked', async () => {
    const r = await rig({ latestAnnotations: { 'cockpit.dev/migration': 'contract' } });
    const deploys = value(await r.instance.deploys!.list(signal()));
    expect(deploys.map((d) => [d.revision, d.current, d.status, d.artifacts[0], d.actor])).toEqual([
      ['payments-api:42', true, 'successful', image(42), 'dave'],
      ['payments-api:41', false, 'successful', image(41), 'carol'],
      ['payments-api:40', false, 'successful', image(40), 'bob'],
    ]);
    expect(deploys[0]!.labels).toEqual({ actor: 'dave', migration: 'contract', 'change-cause': 'deploy c42' });
    expect(deploys[0]!.startedAt).toBe(new Date(FIXTURE_NOW - 3_600_000).toISOString());
    expect(deploys[0]!.id).toMatch(/^payments-api-[a-z0-9]{10}$/);
    // The selected context's namespace, the Deployment's selector, and the bearer token were used.
    expect(requestLines(r.endpoint)).toEqual([
      'GET /apis/apps/v1/namespaces/payments/deployments/payments-api 200',
      'GET /apis/apps/v1/namespaces/payments/replicasets?labelSelector=app=payments-api 200',
    ]);
  });

  it('a missing Deployment is not-found with the API server’s words (404)', async () => {
    const r = await rig({}, { deployment: 'nope' });
    const listed = await r.instance.deploys!.list(signal());
    expect(listed).toMatchObject({ ok: false, error: { kind: 'not-found', code: 'NotFound' } });
    expect(!listed.ok && listed.error.message).toMatch(/^deployments\.apps "nope" not found \(Kubernetes at http:\/\/127\.0\.0\.1:\d+: .*check context, namespace and name/);
  });

  it('RBAC refusing the list is unauthorized (403), with the verb and resource refused', async () => {
    const r = await rig();
    r.endpoint.injectFault({ kind: 'forbidden', verb: 'list', resource: 'replicasets' });
    const listed = await r.instance.deploys!.list(signal());
    expect(listed).toMatchObject({ ok: false, error: { kind: 'unauthorized', code: 'Forbidden' } });
    expect(!listed.ok && listed.error.message).toContain('cannot list resource "replicasets" in API group "apps" in the namespace "payments"');
  });

  it('a wrong token is unauthorized (401; client-node drops the body of a 401)', async () => {
    const r = await rig();
    await writeKubeconfig(r.dir, r.endpoint.url, 'stale-token');
    const { ctx } = createTestContext({ clock: r.clock, baseDir: r.dir });
    const other = await kubernetesPlugin.create(kubernetesConfig.parse({ kubeconfig: 'kubeconfig', context: 'sandbox', deployment: 'payments-api' }), ctx);
    expect(await other.deploys!.list(signal())).toMatchObject({ ok: false, error: { kind: 'unauthorized', code: 'HTTP 401' } });
  });

  it('a server that is gone is unreachable', async () => {
    const r = await rig();
    await r.endpoint.close();
    expect(await r.instance.deploys!.list(signal())).toMatchObject({ ok: false, error: { kind: 'unreachable', code: 'ECONNREFUSED' } });
  });

  it('the kubeconfig context decides the server; an unknown context is refused at start with the ones it has', async () => {
    const r = await rig();
    const { ctx } = createTestContext({ baseDir: r.dir });
    await expect(kubernetesPlugin.create(kubernetesConfig.parse({ kubeconfig: 'kubeconfig', context: 'prod', deployment: 'payments-api' }), ctx)).rejects.toThrow(
      'no context prod in the kubeconfig (it has sandbox, elsewhere)',
    );
    // Without `context`, the current context (elsewhere, port 9) is used, as kubectl does.
    const current = await kubernetesPlugin.create(kubernetesConfig.parse({ kubeconfig: 'kubeconfig', deployment: 'payments-api' }), ctx);
    expect(await current.deploys!.list(signal())).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
  });

  it('no kubeconfig anywhere is said so (it read "no context prod in the kubeconfig (it has loaded-context)")', async () => {
    const r = await rig();
    const { ctx } = createTestContext({ baseDir: r.dir });
    const saved = { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.HOME };
    process.env.HOME = r.dir;
    delete process.env.KUBECONFIG;
    try {
      await expect(kubernetesPlugin.create(kubernetesConfig.parse({ context: 'prod', deployment: 'payments-api' }), ctx)).rejects.toThrow(
        'no kubeconfig found: the runbook names none (`kubeconfig`), KUBECONFIG is not set, ~/.kube/config does not exist, and this is not a pod with a service account',
      );
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('polls share one kept-alive connection to the API server; closing the plugin closes it', async () => {
    const r = await rig();
    for (let poll = 0; poll < 3; poll++) value(await r.instance.deploys!.list(signal()));
    const connections = new Set(r.endpoint.requests.map((request) => request.connection));
    // client-node alone opens a new connection (and, against a real cluster, a TLS handshake) per request.
    expect(r.endpoint.requests).toHaveLength(6);
    expect([...connections]).toEqual([1]);
    await r.instance.close!();
    value(await r.instance.deploys!.list(signal()));
    expect(r.endpoint.requests.at(-1)!.connection).toBe(2);
  });

  it('settings: exactly one of deployment and rollout', () => {
    expect(kubernetesConfig.safeParse({ namespace: 'payments' }).success).toBe(false);
    expect(kubernetesConfig.safeParse({ deployment: 'a', rollout: 'b' }).success).toBe(false);
    expect(kubernetesConfig.safeParse({ deployment: 'a' }).success).toBe(true);
    expect(kubernetesConfig.safeParse({ rollout: 'b' }).success).toBe(true);
    expect(kubernetesConfig.safeParse({ deployment: 'a', rollout: 'b' }).error?.issues[0]?.message).toBe('name exactly one workload: `deployment: NAME` or `rollout: NAME`');
  });
});

describe('kubernetes plugin: rollback as kubectl rollout undo', () => {
  it('plans the previous revision with the exact JSON Patch, guarded by the resourceVersion', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    expect(plan.summary).toBe(`Roll back deployment/payments-api in payments from payments-api:42 to payments-api:41 (kubectl rollout undo --to-revision=41; images: ${image(41)})`);
    const call = plan.calls[0]!;
    expect(call).toMatchObject({ kind: 'api', operation: 'PATCH deployments (application/json-patch+json)', args: { namespace: 'payments', name: 'payments-api' } });
    const patch = (call as unknown as { args: { patch: { op: string; path: string; value: unknown }[] } }).args.patch;
    expect(patch.map((op) => `${op.op} ${op.path}`)).toEqual(['replace /spec/template', 'replace /metadata/annotations', 'replace /metadata/resourceVersion']);
    const template = patch[0]!.value as { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
    expect(template.metadata.labels).toEqual({ app: 'payments-api' });
    expect(template.spec.containers[0]!.image).toBe(image(41));
    expect(patch[1]!.value).toEqual({ 'deployment.kubernetes.io/revision': '42', 'kubernetes.io/change-cause': 'deploy c41' });
    expect(patch[2]!.value).toBe(r.endpoint.world().deployments[0]!.resourceVersion.toString());
    expect(plan.observed).toEqual({ 'current revision': 'payments-api:42', 'current images': image(42), 'newest revision': 'payments-api:42', rollout: 'complete' });
    expect(r.rollback.safety(plan)).toMatchObject({ level: 'ok', reasons: ['one revision back'] });
  });

  it('skips known-bad revisions for "previous"; a named target is taken but blocked; an unknown one is not-found', async () => {
    const r = await rig();
    const avoiding = value(await r.rollback.plan({}, signal(), { avoid: [{ revision: 'payments-api:41', why: 'rolled back to payments-api:40 by alice (act-1) at 02:10Z' }] }));
    expect(avoiding.facts.targetRevision).toBe('payments-api:40');
    expect(r.rollback.safety(avoiding)).toMatchObject({ level: 'typed' });
    const named = value(await r.rollback.plan({ target: ':41' }, signal(), { avoid: [{ revision: 'payments-api:41', why: 'rolled back from' }] }));
    expect(r.rollback.safety(named)).toMatchObject({ level: 'blocked', phrase: 'roll back to known-bad payments-api:41' });
    expect(await r.rollback.plan({ target: '99' }, signal())).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(await r.rollback.plan({ target: 'other:41' }, signal())).toMatchObject({ ok: false, error: { kind: 'failed' } });
  });

  it('safety: a contract migration in between blocks; an Argo CD-managed Deployment warns first that it will be reverted', async () => {
    const blocked = await rig({ latestAnnotations: { 'cockpit.dev/migration': 'contract' } });
    const plan = value(await blocked.rollback.plan({}, signal()));
    expect(blocked.rollback.safety(plan)).toMatchObject({ level: 'blocked', phrase: 'override migration payments-api:42' });

    const argo = await rig({ labels: { 'argocd.argoproj.io/instance': 'payments-prod' } });
    const verdict = argo.rollback.safety(value(await argo.rollback.plan({}, signal())));
    expect(verdict.level).toBe('typed');
    expect(verdict.reasons[0]).toContain('deployment/payments-api is managed by Argo CD (payments-prod): it will put back what git says and undo this rollback');
    expect(verdict.reasons[0]).toContain('argocd app set payments-prod --sync-policy none');

    const flux = await rig({ labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } });
    expect(flux.rollback.safety(value(await flux.rollback.plan({}, signal()))).reasons[0]).toContain('flux suspend kustomization apps -n flux-system');
  });

  it('executes the patch, the controller reuses revision 41’s ReplicaSet as revision 43, verify waits for rollout status and reads the images back', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    const outcome = value(await r.rollback.execute(plan, recordingIO()));
    expect(outcome.summary).toBe("Rolled deployment/payments-api back to the template of payments-api:41 (now revision 43); the rollout replaces payments-api:42's pods");
    const patchRequest = r.endpoint.requests.find((q) => q.method === 'PATCH')!;
    expect(patchRequest.contentType).toBe('application/json-patch+json');
    expect(patchRequest.body).toEqual((plan.calls[0] as unknown as { args: { patch: unknown } }).args.patch);

    const io = recordingIO();
    const verified = value(await runOnManualClock(r.clock, r.rollback.verify(plan, io)));
    expect(verified.summary).toBe(`deployment "payments-api" successfully rolled out: 4/4 pods run ${image(41)} (payments-api:43, the template of payments-api:41)`);
    expect(io.progress.updates.map((u) => u.message)).toContain('Waiting for deployment "payments-api" rollout to finish: 0 out of 4 new replicas have been updated...');
    expect(r.endpoint.requests.some((q) => q.path === '/api/v1/namespaces/payments/pods' && q.query.includes('labelSelector=app%3Dpayments-api'))).toBe(true);
    expect(r.clock.nowMs() - FIXTURE_NOW).toBeGreaterThanOrEqual(4 * MS_PER_POD);
    // When the controller says it completed (a check re-run after a resume dates the rollback by it).
    expect(Date.parse(verified.completedAt!)).toBeGreaterThan(FIXTURE_NOW);
    expect(Date.parse(verified.completedAt!)).toBeLessThanOrEqual(r.clock.nowMs());

    const deploys = value(await r.instance.deploys!.list(signal()));
    expect(deploys.map((d) => `${d.revision}${d.current ? '*' : ''} ${d.artifacts[0]}`)).toEqual([
      `payments-api:43* ${image(41)}`,
      `payments-api:42 ${image(42)}`,
      `payments-api:40 ${image(40)}`,
    ]);
    // :43 is :41's ReplicaSet, made a day ago by carol: it is dated by when it became current (the
    // Progressing condition naming it) and names no actor of its own; it says it was :41.
    const undone = deploys[0]!;
    expect(Date.parse(undone.startedAt!)).toBeGreaterThanOrEqual(FIXTURE_NOW);
    expect(Date.parse(undone.startedAt!)).toBeLessThanOrEqual(r.clock.nowMs());
    expect(undone.actor).toBeUndefined();
    expect(undone.formerRevisions).toEqual(['payments-api:41']);
    expect(deploys[1]).toMatchObject({ actor: 'dave', startedAt: new Date(FIXTURE_NOW - 3_600_000).toISOString() });
    expect(deploys[1]).not.toHaveProperty('formerRevisions');
    // With no incident to say so (`cockpit status`), :42 is what the undo went back from: never the next target.
    const next = value(await r.rollback.plan({}, signal()));
    expect(next.facts).toMatchObject({ currentRevision: 'payments-api:43', targetRevision: 'payments-api:40' });
    expect((next.facts as { knownBad: unknown }).knownBad).toContainEqual({ revision: 'payments-api:42', why: 'rolled back from: payments-api:43 runs the build of payments-api:41 again', rolledBack: true });

    // Undone (U on its step): a rollback to the revision it left, :42's template again, as revision 44.
    const undo = r.rollback.undo!(plan.facts)!;
    expect(undo).toEqual({ action: 'rollback', params: { target: 'payments-api:42' }, summary: 'deploy payments-api:42 again' });
    const back = value(await r.rollback.plan(undo.params, signal()));
    expect(back.facts).toMatchObject({ currentRevision: 'payments-api:43', targetRevision: 'payments-api:42' });
    value(await r.rollback.execute(back, recordingIO()));
    value(await runOnManualClock(r.clock, r.rollback.verify(back, recordingIO())));
    const after = value(await r.instance.deploys!.list(signal()));
    expect(after.find((d) => d.current)).toMatchObject({ revision: 'payments-api:44', artifacts: [image(42)] });

    // Rolled back again (to :41's build, as :45): :44 runs :42's build under its new number. A responder's play-test: the
    // next plan offered :44 (the outage's build) as `✓ safe`, :42 alone known bad.
    const again = value(await r.rollback.plan({ target: 'payments-api:43' }, signal()));
    value(await r.rollback.execute(again, recordingIO()));
    value(await runOnManualClock(r.clock, r.rollback.verify(again, recordingIO())));
    const avoid = [{ revision: 'payments-api:42', why: 'rolled back to payments-api:41 by alice (act-1) at 02:10Z', rolledBack: true }];
    const third = value(await r.rollback.plan({}, signal(), { avoid }));
    expect(third.facts).toMatchObject({ currentRevision: 'payments-api:45', targetRevision: 'payments-api:40' });
    expect(r.rollback.safety(value(await r.rollback.plan({ target: 'payments-api:44' }, signal(), { avoid }))).level).toBe('blocked');
  });

  it('a Deployment changed since the plan refuses the patch: 409 conflict on the stale resourceVersion', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    r.endpoint.update((world) => {
      const changed = patchDeployment(world, 'payments', 'payments-api', 'application/merge-patch+json', { metadata: { labels: { touched: 'yes' } } }, FIXTURE_NOW);
      if (!changed.ok) throw new Error(changed.error.message);
      return changed.world;
    });
    const outcome = await r.rollback.execute(plan, recordingIO());
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'conflict', code: 'Conflict' } });
    expect(!outcome.ok && outcome.error.message).toContain('the object has been modified');
    expect(r.endpoint.world().deployments[0]!.annotations['deployment.kubernetes.io/revision']).toBe('42');
  });

  it('RBAC refusing the patch is unauthorized (403) and changes nothing', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    r.endpoint.injectFault({ kind: 'forbidden', verb: 'patch', resource: 'deployments' });
    const outcome = await r.rollback.execute(plan, recordingIO());
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'unauthorized', code: 'Forbidden' } });
    expect(!outcome.ok && outcome.error.message).toContain('cannot patch resource "deployments" in API group "apps"');
  });

  it('a target whose pods never get ready fails verification at the progress deadline (ProgressDeadlineExceeded)', async () => {
    const r = await rig({ brokenImages: [image(41)] });
    const plan = value(await r.rollback.plan({}, signal()));
    value(await r.rollback.execute(plan, recordingIO()));
    const verified = await runOnManualClock(r.clock, r.rollback.verify(plan, recordingIO()));
    expect(verified).toMatchObject({ ok: false, error: { kind: 'failed', code: 'ProgressDeadlineExceeded' } });
    expect(!verified.ok && verified.error.message).toBe('deployment "payments-api" exceeded its progress deadline: the rollback to payments-api:41 did not become available');
    // Kubernetes gave up on it: the next plan avoids it on its own.
    const next = value(await r.rollback.plan({}, signal()));
    expect(next.facts.knownBad).toContainEqual({ revision: 'payments-api:43', why: 'its rollout exceeded its progress deadline' });
  });

  it('verification sees another change replace the rollback', async () => {
    const r = await rig();
    const plan = value(await r.rollback.plan({}, signal()));
    value(await r.rollback.execute(plan, recordingIO()));
    const back = value(await r.rollback.plan({ target: '42' }, signal()));
    value(await r.rollback.execute(back as ActionPlan, recordingIO()));
    const verified = await runOnManualClock(r.clock, r.rollback.verify(plan, recordingIO()));
    expect(verified).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  });

  it('a drill refuses a kubeconfig outside its sandbox directory', async () => {
    const r = await rig();
    const { ctx } = createTestContext({ drill: true, baseDir: r.dir });
    await expect(kubernetesPlugin.create(kubernetesConfig.parse({ kubeconfig: 'kubeconfig', deployment: 'payments-api' }), ctx)).rejects.toThrow(/sandbox directory/);
  });
});
