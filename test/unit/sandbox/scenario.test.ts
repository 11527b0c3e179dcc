import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/runbook/problem';
import { loadRunbookFile } from '../../../src/runbook/load';
import type { Runbook } from '../../../src/runbook/schema';
import { checkScenarioAgainstRunbook, loadScenarioFile, loadScenarioText, type LoadedScenario, type ScenarioLoadResult } from '../../../src/sandbox/scenario';
import { builtinScenario, listBuiltinScenarios, resolveScenario } from '../../../src/sandbox/scenarioBuiltins';
import { renderEmbedded, scenarioFiles } from '../../../src/sandbox/scenarios/embed';
import { builtinPlugins } from '../../../plugins/index';
import { pluginCatalog } from '../../../src/plugins/registry';

const FIXTURES = fileURLToPath(new URL('../../fixtures/scenarios/', import.meta.url));
const MINIMAL = readFileSync(join(FIXTURES, 'minimal.yaml'), 'utf8');
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** The minimal fixture with one piece of text replaced; fails the test if the piece is not there. */
function variant(from: string, to: string, text = MINIMAL): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

function problemsOf(result: ScenarioLoadResult): string[] {
  return result.ok ? [] : result.problems.map(formatProblem);
}

const problems = (text: string) => problemsOf(loadScenarioText(text, 's.yaml'));

function loaded(result: ScenarioLoadResult | undefined): LoadedScenario {
  if (!result?.ok) throw new Error(`expected a valid scenario, got ${JSON.stringify(result)}`);
  return result.loaded;
}

describe('a valid scenario', () => {
  it('comes out typed, with relative times and durations in milliseconds', () => {
    const { scenario } = loaded(loadScenarioText(MINIMAL, 'minimal.yaml'));
    expect(scenario.start).toBe(Date.UTC(2026, 10, 22, 2, 30));
    expect(scenario.deploys.history[0]?.at).toBe(-24 * 3_600_000);
    expect(scenario.failures[0]?.since).toBe(-60_000);
    expect(scenario.targets.time_to_mitigate).toBe(5 * 60_000);
    // Defaults of the ECS world.
    expect(scenario.deploys).toMatchObject({ controller: 'ECS', desired_count: 6, task_start: 10_000 });
    expect(scenario.noise).toBe(0);
    expect(scenario.flags).toEqual({});
  });
});

describe('problems, located like runbook problems', () => {
  it('suggests the key that was meant', () => {
    expect(problems(variant('seed: 7', 'sed: 7'))).toEqual(['s.yaml:2:1: missing required field `seed`', 's.yaml:6:1: unknown key `sed` (did you mean `seed`?)']);
    expect(problems(variant('error_ratio: 0.1, since', 'error_ration: 0.1, since'))).toEqual([
      's.yaml:14:39: unknown key `error_ration` in failures[0] (did you mean `error_ratio`?)',
      's.yaml:14:5: failures[0]: a revision failure needs `error_ratio` (the ratio of the requests that revision serves)',
    ]);
  });

  it('reports bad times, ratios, revisions and controllers at the value', () => {
    expect(problems(variant('at: -1d', 'at: 1d'))).toEqual(['s.yaml:10:26: deploys.history[0].at: bad time "1d": expected a time before the drill start like -6m, -3d or -1h30m']);
    expect(problems(variant('error_ratio: 0.1,', 'error_ratio: 8,'))).toEqual(['s.yaml:14:52: failures[0].error_ratio: a ratio is between 0 and 1 (0.08 is 8%)']);
    expect(problems(variant('start: 2026-11-22T02:30:00Z', 'start: yesterday'))).toEqual(['s.yaml:7:8: start: expected an ISO 8601 time such as 2026-11-22T02:30:00Z']);
    expect(problems(variant('deploys:\n', 'deploys:\n  controller: CODEDEPLOY\n'))).toEqual([
      's.yaml:9:15: deploys.controller: bad controller "CODEDEPLOY": expected one of ECS, CODE_DEPLOY',
    ]);
  });

  it('asks a failure for exactly one cause, with the fields that cause needs', () => {
    const both = variant('{ revision: 7, slo', '{ revision: 7, flag: checkout_v2, slo');
    expect(problems(both)).toEqual(['s.yaml:14:5: failures[0]: a failure names exactly one cause: `revision: 42` or `flag: checkout_v2` with `variant`']);
    const flagWithRatio = variant('{ revision: 7, slo: availability, error_ratio: 0.1, since: -1m }', '{ flag: f, slo: availability, error_ratio: 0.1 }');
    expect(problems(flagWithRatio)).toEqual([
      's.yaml:14:5: failures[0]: a flag failure needs `variant` (the variant that causes it)',
      's.yaml:14:5: failures[0]: a flag failure needs `adds` (the error ratio it adds while set)',
      's.yaml:14:48: failures[0].error_ratio: `error_ratio` belongs to revision failures; a flag failure `adds` to the ratio',
    ]);
  });

  it('cross-checks every reference: revisions, order, flags, variants and SLOs', async () => {
    const result = await loadScenarioFile(join(FIXTURES, 'broken.yaml'), 'broken.yaml');
    expect(problemsOf(result)).toEqual([
      'broken.yaml:10:27: deploys.history is oldest first: this deploy is earlier than the one before it (revision 41)',
      'broken.yaml:14:22: flag `checkout_v2` has no variant `onn` (did you mean `on`?)',
      'broken.yaml:18:17: revision 43 is not in deploys.history (revisions: 41, 42)',
      'broken.yaml:19:13: unknown flag `checkout_v3` (`flags:` defines `checkout_v2`: one of the two is misspelt)',
      'broken.yaml:20:46: unknown SLO `availabilty`: the scenario\'s baseline defines availability (did you mean `availability`?)',
      'broken.yaml:20:35: flag `checkout_v2` has no variant `of` (variants: on, off)',
    ]);
  });

  it('rejects YAML errors, non-mappings and files it cannot read, at a position', async () => {
    expect(problems(variant('seed: 7\n', 'seed: 7\nseed: 8\n'))).toEqual(['s.yaml:7:1: duplicate key `seed`: first set at line 6; keys must be unique']);
    expect(problems('- a list\n')).toEqual(['s.yaml:1:1: a scenario must be a YAML mapping (key: value pairs) at the top level']);
    expect(problemsOf(await loadScenarioFile(join(FIXTURES, 'does-not-exist.yaml'), 'nope.yaml'))).toEqual(['nope.yaml:1:1: no such scenario file']);
  });

  it('survives hostile input: alias bombs, huge and binary files', async () => {
    const bomb = `${MINIMAL}a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n`;
    expect(problems(bomb)).toEqual([expect.stringMatching(/^s\.yaml:17:\d+: too many alias expansions/)]);
    const dir = await mkdtemp(join(tmpdir(), 'cockpit-hostile-'));
    try {
      await writeFile(join(dir, 'huge.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
      expect(problemsOf(await loadScenarioFile(join(dir, 'huge.yaml'), 'huge.yaml'))).toEqual([expect.stringMatching(/^huge\.yaml:1:1: file is too large/)]);
      await writeFile(join(dir, 'nul.yaml'), 'version: 1\nname: \0\n');
      expect(problemsOf(await loadScenarioFile(join(dir, 'nul.yaml'), 'nul.yaml'))).toEqual([expect.stringMatching(/^nul\.yaml:2:7: not a text file/)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('built-in scenarios', () => {
  it('are the four the drills need, each valid', () => {
    expect(listBuiltinScenarios()).toEqual(['bad-deploy', 'bad-flag', 'irreversible-migration', 'slow-burn']);
    for (const name of listBuiltinScenarios()) {
      const { scenario, file } = loaded(builtinScenario(name));
      expect(scenario.name).toBe(name);
      expect(file).toBe(`src/sandbox/scenarios/${name}.yaml`);
    }
  });

  it('are embedded exactly as the YAML files say (regenerate with `npx tsx src/sandbox/scenarios/embed.ts`)', () => {
    const files = scenarioFiles();
    expect(files.map((f) => f.name)).toEqual(listBuiltinScenarios());
    expect(readFileSync(join(REPO, 'src/sandbox/scenarios/index.ts'), 'utf8')).toBe(renderEmbedded(files));
  });

  it('open with a comment block that explains them', () => {
    for (const { name, text } of scenarioFiles()) {
      const header = text.split('\nversion:')[0]!;
      expect(header.startsWith(`# ${name}: `), name).toBe(true);
      expect(header.split('\n').length, name).toBeGreaterThan(5);
    }
  });

  it('describe the cause the drill is about', () => {
    const scenario = (name: string) => loaded(builtinScenario(name)).scenario;
    const latest = (name: string) => scenario(name).deploys.history.at(-1)!;
    expect(scenario('bad-deploy').failures).toEqual([expect.objectContaining({ revision: 42, error_ratio: 0.08 })]);
    expect(scenario('bad-flag').failures).toEqual([expect.objectContaining({ flag: 'checkout_v2', variant: 'on' })]);
    expect(latest('irreversible-migration')).toMatchObject({ revision: 42, migration: 'contract' });
    expect(scenario('irreversible-migration').mitigations.find((m) => m.action === 'flag')?.verdict).toBe('right');
    expect(scenario('bad-flag').mitigations.find((m) => m.action === 'rollback')?.verdict).toBe('wrong');
  });
});

describe('--scenario NAME|FILE', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cockpit-scenario-'));
    await writeFile(join(dir, 'mine.yaml'), MINIMAL);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves a built-in by name', async () => {
    const result = await resolveScenario('slow-burn', dir);
    expect(result.ok && result.loaded.scenario.name).toBe('slow-burn');
  });

  it('resolves a path relative to the working directory, naming it as written', async () => {
    const result = await resolveScenario('mine.yaml', dir);
    expect(result.ok && result.loaded.scenario.name).toBe('minimal');
    await writeFile(join(dir, 'bad.yml'), variant('seed: 7', 'seed: -1'));
    expect(problemsOf(await resolveScenario('./bad.yml', dir))).toEqual([expect.stringMatching(/^\.\/bad\.yml:6:7: seed: /)]);
    const absolute = await resolveScenario(join(FIXTURES, 'minimal.yaml'), '/');
    expect(absolute.ok).toBe(true);
  });

  it('suggests the built-in that was meant', async () => {
    const result = await resolveScenario('bad-deplyo', dir);
    expect(result.ok).toBe(false);
    expect(!result.ok && 'message' in result && result.message).toBe(
      'unknown scenario `bad-deplyo` (did you mean `bad-deploy`?); built-in scenarios: bad-deploy, bad-flag, irreversible-migration, slow-burn; or give a scenario file path',
    );
  });
});

describe('a scenario against the runbook it drills', () => {
  let runbook: Runbook;
  beforeAll(async () => {
    const result = await loadRunbookFile(join(REPO, 'runbooks/checkout-api.yaml'), { catalog: pluginCatalog(builtinPlugins) });
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    runbook = result.runbook;
  });

  it('fits for every built-in and runbooks/checkout-api.yaml', () => {
    for (const name of listBuiltinScenarios()) expect(checkScenarioAgainstRunbook(loaded(builtinScenario(name)), runbook).map(formatProblem), name).toEqual([]);
  });

  it('names what does not fit, at its place in the scenario', () => {
    const text = variant('service: checkout-api', 'service: search-api').replace('availability: {', 'latency: {').replace('slo: availability', 'slo: latency');
    const scenario = loaded(loadScenarioText(text, 's.yaml'));
    expect(checkScenarioAgainstRunbook(scenario, runbook).map(formatProblem)).toEqual([
      's.yaml:5:10: the scenario is for service `search-api` but the runbook is for `checkout-api`',
      's.yaml:12:3: the runbook\'s SLO `availability` has no baseline traffic here: add `availability: { requests_per_second: ..., error_ratio: ... }`',
      's.yaml:14:25: the runbook has no SLO `latency` (SLOs: availability), so this failure would go unseen',
      's.yaml:2:1: runbook step `disable-flag` sets flag `checkout_v2`, which this scenario does not define',
    ]);
  });

  it('checks the variant a runbook step sets exists', () => {
    const text = `${MINIMAL}flags:\n  checkout_v2:\n    variants: { enabled: true, disabled: false }\n    default_variant: enabled\n`;
    expect(checkScenarioAgainstRunbook(loaded(loadScenarioText(text, 's.yaml')), runbook).map(formatProblem)).toEqual([
      's.yaml:18:15: runbook step `disable-flag` sets flag `checkout_v2` to `off`, which is not one of its variants here (enabled, disabled)',
    ]);
  });
});
