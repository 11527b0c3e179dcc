import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decidingReasons, passedReasons } from '../../../src/core/actions';
import { type RevisionRan, overridePhrase, rollbackSafety } from '../../../src/core/rollbackSafety';
import { actionGate } from '../../../src/core/confirmPolicy';

const step = (revision: string, labels: Record<string, string> = {}, rolledBack?: boolean): RevisionRan =>
  rolledBack === undefined ? { revision, labels } : { revision, labels, rolledBack };

describe('rollbackSafety', () => {
  it('allows one revision back with the usual confirmation', () => {
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:41', between: [step('api:42')], deploymentController: 'ECS' });
    expect(verdict.level).toBe('ok');
    expect(verdict.reasons[0]).toBe('one revision back');
  });

  // The undo of a rollback to :41 read "one revision back" of its way to :42.
  it('a newer target is a step forward, never "revisions back", and no jump to type', () => {
    const verdict = rollbackSafety({ current: 'api:41', target: 'api:42', between: [step('api:40'), step('api:41')], forward: true });
    expect(verdict).toEqual({ level: 'ok', reasons: ['forward to a newer build than api:41'] });
    // On Kubernetes :43 runs :41's build again: :42 is newer than that build, not than :43.
    const reused = rollbackSafety({ current: 'api:43', currentBuild: 'api:41', target: 'api:42', between: [step('api:43')], forward: true });
    expect(reused.reasons[0]).toBe('forward to a newer build than api:41 (as api:43)');
  });

  it('asks for typing when the target was never seen deployed here, and says so first; one revision back is a check that passed', () => {
    const unproven = 'api:41 was never seen deployed successfully in the deployments ECS lists for this service';
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:41', between: [step('api:42')], unproven });
    expect(verdict).toEqual({ level: 'typed', reasons: [unproven, 'one revision back'], because: [unproven], phrase: 'api:41' });
    // Typed in full: the service's name would not show the guessed revision was read.
    expect(actionGate({ verdict, service: 'api', mode: 'incident', mutating: true, dangerous: false, stepConfirm: false, drillTarget: false, providerKey: 'deploys', runsCommand: false })).toMatchObject({ kind: 'typed', phrase: 'api:41' });
    expect(passedReasons(verdict)).toEqual(['one revision back']);
    // Known bad still blocks, with the guess among what blocks.
    const bad = rollbackSafety({ current: 'api:42', target: 'api:41', between: [step('api:42')], unproven, knownBad: [{ revision: 'api:41', why: 'it failed' }] });
    expect(bad).toMatchObject({ level: 'blocked', because: ['api:41 is known bad: it failed', unproven] });
  });

  it('a target the incident knows ran here is no guess: said why, with nothing to type', () => {
    const ranHere = 'inc-A rolled back to it, and was resolved at 09:39Z with its burn over';
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:41', between: [step('api:42')], ranHere });
    expect(verdict).toEqual({ level: 'ok', reasons: ['one revision back', `api:41 ran here: ${ranHere}`] });
  });

  // Incident B: "previous" was :41, two below :43; the dialog never said why not :42 (A's bad build).
  it('names the known-bad revisions a plan passes over, and why each is bad', () => {
    const knownBad = [
      { revision: 'api:43', why: 'running when the first trigger fired (09:52Z)' },
      { revision: 'api:42', why: 'rolled back by inc-A, the previous incident', rolledBack: true },
    ];
    const verdict = rollbackSafety({ current: 'api:43', target: 'api:41', between: [step('api:42'), step('api:43')], knownBad });
    expect(verdict).toEqual({
      level: 'ok',
      reasons: ['one revision back (api:42 was rolled back: no version step)', 'passes over api:42, rolled back by inc-A, the previous incident'],
    });
    // One known bad without having been rolled back from is said so.
    const failed = rollbackSafety({ current: 'api:43', target: 'api:41', between: [step('api:42'), step('api:43')], knownBad: [{ revision: 'api:42', why: 'deployment failed in ECS (FAILED)' }] });
    expect(failed.reasons).toContain('passes over api:42, known bad: deployment failed in ECS (FAILED)');
  });

  it('asks for the target typed in full when it is more than one revision back', () => {
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:40', between: [step('api:41'), step('api:42')] });
    expect(verdict).toMatchObject({ level: 'typed' });
    expect(verdict).not.toHaveProperty('phrase');
    expect(verdict.reasons[0]).toBe('2 revisions back (api:41, api:42 ran since api:40): a multi-version jump');
  });

  it('does not count a revision that was rolled back as a version step', () => {
    const verdict = rollbackSafety({ current: 'api:41', target: 'api:40', between: [step('api:42', {}, true), step('api:41')] });
    expect(verdict.level).toBe('ok');
  });

  it('after a rollback :42 → :41, going on to :40 is one revision back: :42 was rolled back by the incident, :41 is the same build again', () => {
    // ECS: the rollback re-deployed :41, so the range holds :42 (undone) and :41 (current).
    const verdict = rollbackSafety({
      current: 'api:41',
      target: 'api:40',
      between: [step('api:42'), step('api:41')],
      knownBad: [{ revision: 'api:42', why: 'rolled back to api:41 by alice (act-1) at 02:30Z', rolledBack: true }],
    });
    expect(verdict.level).toBe('ok');
    expect(verdict.reasons[0]).toBe('one revision back (api:42 was rolled back: no version step)');
  });

  it('Kubernetes renumbers the re-deployed template (43 is 41 again): still one revision back from it to 40', () => {
    const verdict = rollbackSafety({
      current: 'api:43',
      target: 'api:40',
      between: [step('api:42'), step('api:43')],
      knownBad: [{ revision: 'api:42', why: 'rolled back to api:41 by alice (act-1) at 02:30Z', rolledBack: true }],
    });
    expect(verdict.level).toBe('ok');
    expect(verdict.reasons.join('\n')).not.toContain('revisions back');
  });

  it('a known-bad revision nobody rolled back (running when the burn began, then fixed forward) still counts as a version step', () => {
    const verdict = rollbackSafety({
      current: 'api:43',
      target: 'api:41',
      between: [step('api:42'), step('api:43')],
      knownBad: [{ revision: 'api:42', why: 'running when the burn began (02:30Z)' }],
    });
    expect(verdict.level).toBe('typed');
    expect(verdict.reasons[0]).toBe('2 revisions back (api:42, api:43 ran since api:41): a multi-version jump');
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

  it('a blocked verdict says what blocks apart from the checks that passed', () => {
    const verdict = rollbackSafety({ current: 'api:42', target: 'api:41', between: [step('api:42', { migration: 'contract' })] });
    expect(verdict).toMatchObject({ level: 'blocked', because: ['api:42 ran a contract migration: api:41 is likely to fail against the data it left behind'] });
    expect(verdict.reasons).toContain('one revision back');
    const jump = rollbackSafety({ current: 'api:42', target: 'api:40', between: [step('api:41', { migration: 'expand_only' }), step('api:42')] });
    expect(jump).toMatchObject({ level: 'typed', because: ['2 revisions back (api:41, api:42 ran since api:40): a multi-version jump'] });
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
    expect(verdict.reasons.some((r) => r.includes('3 revisions back'))).toBe(true);
    expect(verdict.reasons.filter((r) => r.includes(' ran a'))).toHaveLength(2);
    // The jump would ask for typing on its own: beside the block it is no check that passed.
    expect(passedReasons(verdict)).toEqual([]);
    expect(decidingReasons(verdict)).toContain('3 revisions back (api:41, api:42, api:43 ran since api:40): a multi-version jump');
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
        // The current revision is always a step back from, whatever an older deploy of it went through.
        const jump = steps.filter((s, i) => !s.rolledBack || i === steps.length - 1).length;
        const expected = irreversible ? 'blocked' : jump > 1 ? 'typed' : 'ok';
        expect(verdict.level).toBe(expected);
        expect(verdict.reasons.length).toBeGreaterThan(0);
      }),
    );
  });
});
