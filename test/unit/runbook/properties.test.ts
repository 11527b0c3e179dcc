import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { load, VALID } from '../../support/runbookText';

const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
const title = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.'-]{0,30}[A-Za-z0-9.]$/);
const duration = fc.tuple(fc.integer({ min: 1, max: 90 }), fc.constantFrom('s', 'm', 'h', 'd')).map(([n, u]) => `${n}${u}`);
const metric = fc.stringMatching(/^[a-z][a-z_]{0,15}$/);

const sloArb = fc.record({
  name: id,
  objective: fc.double({ min: 0.01, max: 99.999, noNaN: true }),
  period: duration,
  error_ratio: fc.tuple(metric, metric).map(([bad, all]) => `sum(rate(${bad}_total[$window])) / sum(rate(${all}_total[$window]))`),
});

const runbookArb = fc
  .record({
    service: id,
    owner: title,
    severity: fc.constantFrom('SEV1', 'SEV2', 'SEV3', 'SEV4'),
    slos: fc.uniqueArray(sloArb, { minLength: 1, maxLength: 3, selector: (s) => s.name }),
    steps: fc.uniqueArray(fc.record({ id, title, kind: fc.constantFrom('plain', 'flag', 'rollback', 'command', 'verify') }), {
      minLength: 1,
      maxLength: 6,
      selector: (s) => s.id,
    }),
    burn: fc.double({ min: 0.5, max: 20, noNaN: true }),
  })
  .map(({ service, owner, severity, slos, steps, burn }) => {
    const slo = slos[0]!.name;
    const toStep = ({ id: stepId, title: stepTitle, kind }: { id: string; title: string; kind: string }) => {
      const base = { id: stepId, title: stepTitle };
      if (kind === 'flag') return { ...base, run: { action: 'flags.set', flag: 'checkout_v2', variant: 'off' }, confirm: true };
      if (kind === 'rollback') return { ...base, run: { action: 'deploys.rollback' }, confirm: true };
      if (kind === 'command') return { ...base, run: { action: 'command.run', argv: ['./probe.sh', '{{service}}', '{{incident}}'] } };
      if (kind === 'verify') return { ...base, verify: { slo, burn_below: 1, for: '10m' } };
      return base;
    };
    return {
      version: 1,
      service,
      owner,
      severity,
      providers: {
        deploys: { plugin: 'ecs', cluster: 'prod', service, region: 'us-east-1' },
        flags: { plugin: 'flagd', file: './flags.json' },
        slo: { plugin: 'prometheus', url: 'http://127.0.0.1:9090' },
      },
      slos,
      rollback: { target: 'previous', triggers: [{ slo, burn_rate: burn, long: '1h', short: '5m' }] },
      first_actions: steps.map(toStep),
      recovery: [],
    };
  });

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'dup'; a: number };

describe('runbook loader properties', () => {
  it('valid runbooks load, and loading what was loaded gives the same runbook', () => {
    fc.assert(
      fc.property(runbookArb, (input) => {
        const first = load(stringify(input));
        if (!first.ok) throw new Error(first.problems.map((p) => `${p.line}:${p.col}: ${p.message}`).join('\n'));
        const second = load(stringify(first.runbook));
        expect(second.ok && second.runbook).toEqual(first.runbook);
        expect(first.runbook.first_actions.map((s) => s.id)).toEqual(input.first_actions.map((s) => s.id));
      }),
      { numRuns: 150 },
    );
  });

  it('mutated runbooks never throw: they load or yield located problems', () => {
    const lines = VALID.split('\n');
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(VALID.length), length: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(VALID.length), text: fc.string({ unit: fc.constantFrom(...'{}[]:-&*!|>\'"#%@` \n\tab1$'.split('')), maxLength: 12 }) }),
      fc.record({ kind: fc.constant('swap' as const), a: fc.nat(lines.length - 1), b: fc.nat(lines.length - 1) }),
      fc.record({ kind: fc.constant('dup' as const), a: fc.nat(lines.length - 1) }),
    );
    const apply = (text: string, m: Mutation): string => {
      if (m.kind === 'delete') return text.slice(0, m.at) + text.slice(m.at + m.length);
      if (m.kind === 'insert') return text.slice(0, m.at) + m.text + text.slice(m.at);
      const ls = text.split('\n');
      if (m.kind === 'swap') [ls[m.a], ls[m.b]] = [ls[m.b]!, ls[m.a]!];
      else ls.splice(m.a, 0, ls[m.a]!);
      return ls.join('\n');
    };
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const text = mutations.reduce(apply, VALID);
        const result = load(text);
        if (result.ok) return;
        const lineCount = text.split('\n').length;
        expect(result.problems.length).toBeGreaterThan(0);
        for (const problem of result.problems) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.line).toBeLessThanOrEqual(lineCount);
          expect(problem.col).toBeGreaterThanOrEqual(1);
          expect(problem.message).toMatch(/\S/);
          expect(problem.message).not.toMatch(/\n|at .*\(.*:\d+:\d+\)/);
        }
      }),
      { numRuns: 400 },
    );
  });
});
