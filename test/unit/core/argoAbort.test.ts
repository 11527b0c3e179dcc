import { describe, expect, it } from 'vitest';
import type { PlannedCall } from '../../../src/core/actions';
import { abortInsteadOfRollback } from '../../../src/core/argoAbort';
import { rollbackSafety } from '../../../src/core/rollbackSafety';

const undo: PlannedCall = {
  kind: 'api',
  operation: 'PATCH rollouts (application/json-patch+json)',
  args: { namespace: 'payments', name: 'payments-api', patch: [{ op: 'replace', path: '/spec/template', value: { spec: { containers: [{ name: 'app', image: 'c41' }] } } }] },
};
const aborts: Record<string, PlannedCall> = {
  'kubectl argo rollouts abort': { kind: 'argv', argv: ['kubectl', 'argo', 'rollouts', 'abort', 'payments-api', '-n', 'payments'] },
  'the plugin binary': { kind: 'argv', argv: ['/usr/local/bin/kubectl-argo-rollouts', 'abort', 'payments-api'] },
  'a JSON patch of status.abort': { kind: 'api', operation: 'PATCH rollouts/status', args: { patch: [{ op: 'add', path: '/status/abort', value: true }] } },
  'a merge patch of status.abort': { kind: 'api', operation: 'PATCH rollouts/status', args: { body: { status: { abort: true } } } },
};

describe('an Argo Rollouts abort is never a rollback', () => {
  it.each(Object.entries(aborts))('%s is found in a plan', (_, call) => {
    expect(abortInsteadOfRollback([undo, call])).toMatch(/^an Argo Rollouts abort is not a rollback: it leaves the new template in the Rollout/);
  });

  it('an undo (the template set back) and other kubectl argo rollouts commands are no abort', () => {
    expect(abortInsteadOfRollback([undo])).toBeUndefined();
    expect(abortInsteadOfRollback([{ kind: 'argv', argv: ['kubectl', 'argo', 'rollouts', 'undo', 'payments-api'] }])).toBeUndefined();
    expect(abortInsteadOfRollback([{ kind: 'argv', argv: ['./scripts/abort-if-needed.sh'] }])).toBeUndefined();
  });

  it('rollback safety refuses a plan that aborts, whatever else it would allow', () => {
    const input = { current: 'payments-api:42', target: 'payments-api:41', between: [{ revision: 'payments-api:42', labels: {} }] };
    expect(rollbackSafety({ ...input, calls: [undo] }).level).toBe('ok');
    const verdict = rollbackSafety({ ...input, calls: [aborts['kubectl argo rollouts abort']!] });
    expect(verdict.level).toBe('unsupported');
    expect(verdict.reasons[0]).toContain('undo to an earlier revision instead');
  });
});
