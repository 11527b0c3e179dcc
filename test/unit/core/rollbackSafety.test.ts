import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RevisionRan, overridePhrase, rollbackSafety } from '../../../src/core/rollbackSafety';

const step = (revision: string, labels: Record<string, string> = {}, rolledBack?: boolean): RevisionRan =>
  rolledBack === undefined ? { revision, labels } : { revision, labels, rolledBack };

describe('rollbackSafety', () => {
  it('allows one revision back with the usual confirmation', () => {
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:41', between: [step('api:42')], deploymentController: 'ECS' });
    expect(verdict.level).toBe('ok');
    expect(verdict.reasons[0]).toContain('api:42 → api:41');
  });

  it('asks for the target typed in full when it is more than one revision back', () => {
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:40', between: [step('api:41'), step('api:42')] });
    expect(verdict).toMatchObject({ level: 'typed' });
    expect(verdict).not.toHaveProperty('phrase');
    expect(verdict.reasons[0]).toContain('2 revisions behind');
  });

  it('does not count a revision that was rolled back as a version step', () => {
    const verdict = rollbackSafety({ current: 'api:41', target: 'api:40', between: [step('api:42', {}, true), step('api:41')] });
    expect(verdict.level).toBe('ok');
  });

  it.each([
    [{ migration: 'contract' }],
    [{ migration: 'Contract ' }],
    [{ migration: 'destructive' }],
    [{ destructive: 'true' }],
    [{ destructive: 'drops orders.legacy_total' }],
  ])('blocks a rollback across %o with an override phrase naming the revision', (labels) => {
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:41', between: [step('api:42', labels)] });
    expect(verdict).toMatchObject({ level: 'blocked', phrase: overridePhrase('api:42') });
    expect(verdict.reasons.join('\n')).toContain('api:42 ran');
  });

  it('blocks even when the contract migration ran in a deploy that was rolled back later', () => {
    const verdict = rollbackSafety({
      current: 'api:41',
      target: 'api:40',
      between: [step('api:42', { migration: 'contract' }, true), step('api:41')],
    });
    expect(verdict).toMatchObject({ level: 'blocked', phrase: overridePhrase('api:42') });
  });

  it('names the newest offending revision and keeps the version-jump reason when both apply', () => {
    const verdict = rollbackSafety({
      current: 'api:43',
      target: 'api:40',
      between: [step('api:41', { migration: 'contract' }), step('api:42', { migration: 'destructive' }), step('api:43')],
    });
    expect(verdict).toMatchObject({ level: 'blocked', phrase: overridePhrase('api:42') });
    expect(verdict.reasons.some((r) => r.includes('3 revisions behind'))).toBe(true);
    expect(verdict.reasons.filter((r) => r.includes(' ran a'))).toHaveLength(2);
  });

  it.each(['expand_only', 'expand', 'none'])('lets migration: %s through', (migration) => {
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:41', between: [step('api:42', { migration })] });
    expect(verdict.level).toBe('ok');
  });

  it('mentions compatible migrations among the reasons', () => {
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:41', between: [step('api:42', { migration: 'expand_only' })] });
    expect(verdict.reasons.join('\n')).toContain('expand_only migration');
  });

  it.each(['CODE_DEPLOY', 'EXTERNAL'])('reports the %s controller as unsupported with the reason', (controller) => {
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:41', between: [step('api:42', { migration: 'contract' })], deploymentController: controller });
    expect(verdict.level).toBe('unsupported');
    expect(verdict.reasons[0]).toContain(controller);
  });

  it('reports a rollback to the current revision as unsupported', () => {
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:42', between: [] });
    expect(verdict.level).toBe('unsupported');
  });

  it('never lets an irreversible migration through, whatever else is in the range (property)', () => {
    const labels = fc.dictionary(fc.constantFrom('migration', 'commit', 'actor'), fc.constantFrom('contract', 'expand_only', 'none', 'abc'));
    fc.assert(
      fc.property(fc.array(fc.record({ labels, rolledBack: fc.boolean() }), { minLength: 1, maxLength: 6 }), (steps) => {
        const between = steps.map((s, i) => step(`api:${42 + i}`, s.labels, s.rolledBack));
        const current = between.at(-1)!.revision;
        const verdict = rollbackSafety({ current, target: 'api:41', between, deploymentController: 'ECS' });
        const irreversible = steps.some((s) => s.labels.migration === 'contract');
        const jump = steps.filter((s) => !s.rolledBack).length;
        const expected = irreversible ? 'blocked' : jump > 1 ? 'typed' : 'ok';
        expect(verdict.level).toBe(expected);
        expect(verdict.reasons.length).toBeGreaterThan(0);
      }),
    );
  });
});
