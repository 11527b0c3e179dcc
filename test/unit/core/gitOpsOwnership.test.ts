import { describe, expect, it } from 'vitest';
import { gitOpsOwner } from '../../../src/core/gitOpsOwnership';
import { rollbackSafety } from '../../../src/core/rollbackSafety';

describe('gitOpsOwner', () => {
  it.each([
    ['the instance label', { 'argocd.argoproj.io/instance': 'payments' }, {}, 'payments'],
    ['the tracking-id annotation', {}, { 'argocd.argoproj.io/tracking-id': 'payments-prod:apps/Deployment:payments/payments-api' }, 'payments-prod'],
    ['app.kubernetes.io/instance with managed-by argocd', { 'app.kubernetes.io/instance': 'payments', 'app.kubernetes.io/managed-by': 'ArgoCD' }, {}, 'payments'],
  ])('Argo CD by %s: suspend auto-sync or revert in git', (_how, labels, annotations, app) => {
    const owner = gitOpsOwner(labels, annotations);
    expect(owner).toMatchObject({ controller: 'Argo CD', name: app });
    expect(owner!.instead).toContain(`argocd app set ${app} --sync-policy none`);
    expect(owner!.instead).toContain('revert the change in git');
  });

  it('Flux kustomization and helm release: flux suspend with the namespace', () => {
    expect(gitOpsOwner({ 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' }, {})!.instead).toContain(
      'flux suspend kustomization apps -n flux-system',
    );
    expect(gitOpsOwner({ 'helm.toolkit.fluxcd.io/name': 'payments' }, {})).toMatchObject({ controller: 'Flux', name: 'payments' });
    expect(gitOpsOwner({ 'helm.toolkit.fluxcd.io/name': 'payments' }, {})!.instead).toContain('flux suspend helmrelease payments');
  });

  it('no owner: no labels, or app.kubernetes.io/instance alone (Helm sets it too)', () => {
    expect(gitOpsOwner({}, {})).toBeUndefined();
    expect(gitOpsOwner({ 'app.kubernetes.io/instance': 'payments', 'app.kubernetes.io/managed-by': 'Helm' }, {})).toBeUndefined();
  });
});

describe('rollbackSafety with a GitOps owner', () => {
  const owner = gitOpsOwner({ 'argocd.argoproj.io/instance': 'payments' }, {})!;
  it('a one-step rollback becomes a typed confirmation, with the warning first', () => {
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:41', between: [{ revision: 'api:42', labels: {} }], gitOps: { owner, workload: 'deployment/api' } });
    expect(verdict.level).toBe('typed');
    expect(verdict.reasons[0]).toMatch(/^deployment\/api is managed by Argo CD \(payments\): it will put back what git says and undo this rollback; turn off auto-sync/);
  });
  it('a blocked rollback stays blocked and still warns', () => {
    const verdict = rollbackSafety({
      current: 'api:42',
      target: 'api:41',
      between: [{ revision: 'api:42', labels: { migration: 'contract' } }],
      gitOps: { owner, workload: 'deployment/api' },
    });
    expect(verdict.level).toBe('blocked');
    expect(verdict.reasons.some((r) => r.includes('managed by Argo CD'))).toBe(true);
  });
});
