import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src/sandbox/kubernetes/patch';
import { fieldMatcher, labelMatcher } from '../../../src/sandbox/kubernetes/selectors';

const deployment = {
  metadata: { name: 'api', labels: { app: 'api', tier: 'web' } },
  spec: { template: { spec: { containers: [{ name: 'app', image: 'api:1', env: [{ name: 'A', value: '1' }] }, { name: 'proxy', image: 'envoy:1' }] } } },
};

describe('sandbox API patches', () => {
  it('strategic merge: containers merge by name (kubectl set image), null deletes a label', () => {
    const patched = applyPatch('application/strategic-merge-patch+json', deployment, {
      metadata: { labels: { tier: null } },
      spec: { template: { spec: { containers: [{ name: 'app', image: 'api:2' }] } } },
    });
    expect(patched).toEqual({
      ok: true,
      value: {
        metadata: { name: 'api', labels: { app: 'api' } },
        spec: { template: { spec: { containers: [{ name: 'app', image: 'api:2', env: [{ name: 'A', value: '1' }] }, { name: 'proxy', image: 'envoy:1' }] } } },
      },
    });
  });

  it('merge patch replaces lists whole', () => {
    const patched = applyPatch('application/merge-patch+json', deployment, { spec: { template: { spec: { containers: [{ name: 'app', image: 'api:2' }] } } } });
    expect(patched.ok && (patched.value.spec as typeof deployment.spec).template.spec.containers).toEqual([{ name: 'app', image: 'api:2' }]);
  });

  it('JSON patch: replace, add, remove, test; a failed test or a missing path is refused, and the input is untouched', () => {
    const patched = applyPatch('application/json-patch+json', deployment, [
      { op: 'test', path: '/metadata/name', value: 'api' },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'api:3' },
      { op: 'add', path: '/metadata/annotations', value: { 'a/b': 'c' } },
      { op: 'remove', path: '/metadata/labels/tier' },
    ]);
    expect(patched.ok && patched.value.metadata).toEqual({ name: 'api', labels: { app: 'api' }, annotations: { 'a/b': 'c' } });
    expect(applyPatch('application/json-patch+json', deployment, [{ op: 'test', path: '/metadata/name', value: 'web' }])).toEqual({ ok: false, message: 'test /metadata/name: testing value failed' });
    expect(applyPatch('application/json-patch+json', deployment, [{ op: 'replace', path: '/metadata/nope', value: 1 }]).ok).toBe(false);
    expect(deployment.metadata.labels).toEqual({ app: 'api', tier: 'web' });
    expect(applyPatch('application/yaml', deployment, {})).toMatchObject({ ok: false, message: expect.stringContaining('unknown format') });
  });
});

describe('sandbox API selectors', () => {
  it('label selectors: equality, inequality, set and existence terms', () => {
    const match = labelMatcher('app=api,tier!=db,env in (prod, staging),track,!canary');
    if (typeof match === 'string') throw new Error(match);
    expect(match({ app: 'api', tier: 'web', env: 'prod', track: 'stable' })).toBe(true);
    expect(match({ app: 'api', tier: 'web', env: 'prod', track: 'stable', canary: 'y' })).toBe(false);
    expect(match({ app: 'api', tier: 'db', env: 'prod', track: 'stable' })).toBe(false);
    expect(match({ app: 'api', env: 'dev', track: 'stable' })).toBe(false);
    expect(labelMatcher('app===x')).toMatch(/^unable to parse requirement/);
  });

  it('field selectors: metadata.name and metadata.namespace only', () => {
    const match = fieldMatcher('metadata.name=api');
    if (typeof match === 'string') throw new Error(match);
    expect(match({ name: 'api', namespace: 'x' })).toBe(true);
    expect(match({ name: 'web', namespace: 'x' })).toBe(false);
    expect(fieldMatcher('status.phase=Running')).toBe('field label not supported: status.phase');
  });
});
