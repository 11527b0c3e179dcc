import { describe, expect, it } from 'vitest';
import { resolveProviders } from '../../../src/runbook/environments';
import { formatProblem } from '../../../src/runbook/problem';
import { load, problemsOf, VALID, variant } from '../../support/runbookText';

/** Names that every plain object answers to through its prototype. */
const INHERITED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

describe('names are looked up as own properties only (issue #11)', () => {
  it.each(INHERITED)('`--env %s` is an environment the runbook does not have', (name) => {
    const loaded = load(`${VALID}environments:\n  staging: { deploys: { cluster: staging } }\n`);
    if (!loaded.ok) throw new Error('fixture does not load');
    expect(resolveProviders(loaded.runbook, name, false)).toEqual({ ok: false, message: `the runbook has no environment \`${name}\` (it has: staging)` });
  });

  it.each(INHERITED.slice(1))('a run step naming provider `%s` is an unknown provider', (name) => {
    expect(problemsOf(variant('action: flags.set', `action: ${name}.run`))).toEqual([
      expect.stringMatching(new RegExp(`^22:20: unknown provider \`${name}\` in action \`${name}.run\``)),
    ]);
  });

  it.each(INHERITED.slice(1))('a run step naming action `%s` is an action the provider does not offer', (name) => {
    expect(problemsOf(variant('action: flags.set, flag: checkout_v2, variant: "off"', `action: flags.${name}`))).toEqual([
      expect.stringMatching(new RegExp(`^22:20: provider \`flags\` \\(flagd\\) has no action \`${name}\``)),
    ]);
  });

  it('a `__proto__` key is refused wherever it is, not silently dropped', () => {
    expect(problemsOf(`${VALID}environments:\n  __proto__: { deploys: { cluster: x } }\n`)).toEqual(['32:3: `__proto__` cannot be used as a key']);
  });
});

describe('a problem stays on one line', () => {
  it('whatever the file name holds', () => {
    const line = formatProblem({ file: 'run\nbooks/\u202Eevil\u0007.yaml', line: 3, col: 1, message: 'unknown key `a\nb`' });
    expect(line).toBe('run\\nbooks/\\u202eevil\\u0007.yaml:3:1: unknown key `a\\nb`');
  });

  it('however long the message', () => {
    expect(formatProblem({ file: 'a.yaml', line: 1, col: 1, message: 'x'.repeat(100_000) }).length).toBeLessThan(500);
  });
});
