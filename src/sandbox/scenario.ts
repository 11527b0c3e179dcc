/**
 * Loading drill scenarios: the same YAML-with-positions pipeline as runbooks (parse → zod →
 * cross-checks), so a scenario's problems read exactly like a runbook's: `path:line:col: message`.
 */
import { own } from '../core/own';
import { readFile, stat } from 'node:fs/promises';
import { didYouMean } from '../core/suggest';
import type { SourceMap, ValuePath } from '../runbook/positions';
import type { Problem } from '../runbook/problem';
import type { Runbook } from '../core/runbookModel';
import { checkBytes, checkSize, parseYaml, type LocatedMessage } from '../runbook/source';
import { locateIssues } from '../runbook/zodIssues';
import { scenarioSchema, type Scenario } from './scenarioSchema';

/** A valid scenario with where it came from, so later checks can point into its source. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly file: string;
  /** Where a value is in `text` (for problems found later, such as a runbook it does not fit). */
  readonly map: Pick<SourceMap, 'locate'>;
  /** Its YAML source: what a drill records, so it can be resumed with the same world. */
  readonly text: string;
}

export type ScenarioLoadResult =
  | { readonly ok: true; readonly loaded: LoadedScenario }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export function loadScenarioText(text: string, file: string): ScenarioLoadResult {
  const parsed = parseYaml(text, 'scenario');
  if (!parsed.ok) return failed(file, parsed.problems);
  const result = scenarioSchema.safeParse(parsed.value, { reportInput: true });
  if (!result.success) return failed(file, locateIssues(result.error.issues, scenarioSchema, parsed.map));
  const problems = crossCheckScenario(result.data, parsed.map);
  if (problems.length > 0) return failed(file, problems);
  return { ok: true, loaded: { scenario: result.data, file, map: parsed.map, text } };
}

/**
 * A built-in bound to a runbook (`bindTemplate`): `value` is the data `text` was written from, so
 * it is checked as it is, without parsing `text` again; that parse, with positions, was about half
 * of binding a drill's scenario after its first frame (issue #17). Positions are only needed to
 * say where a problem is: `text` is parsed when one is located, and a scenario with problems is
 * loaded from `text` as a file would be, so its problems read the same.
 */
export function loadBoundScenario(value: unknown, text: string, file: string): ScenarioLoadResult {
  const result = scenarioSchema.safeParse(value, { reportInput: true });
  let parsed: SourceMap | undefined;
  const positions = (): SourceMap => {
    if (parsed) return parsed;
    const yaml = parseYaml(text, 'scenario');
    // bindTemplate's own output parses: a bug if not, never the user's input.
    if (!yaml.ok) throw new Error(`${file}: the bound scenario does not parse again`);
    return (parsed = yaml.map);
  };
  const map = { locate: (...args: Parameters<SourceMap['locate']>) => positions().locate(...args) };
  if (!result.success || crossCheckScenario(result.data, map).length > 0) return loadScenarioText(text, file);
  return { ok: true, loaded: { scenario: result.data, file, map, text } };
}

/** `shownAs` names the file in problems (the path as the user wrote it); it defaults to `file`. */
export async function loadScenarioFile(file: string, shownAs: string = file): Promise<ScenarioLoadResult> {
  const result = await readScenarioFile(file);
  return result.ok || result.problems.length === 0 ? result : { ok: false, problems: result.problems.map((p) => ({ ...p, file: shownAs })) };
}

async function readScenarioFile(file: string): Promise<ScenarioLoadResult> {
  const cannotRead = (error: unknown) => {
    const code = (error as { code?: string }).code;
    return failed(file, [{ line: 1, col: 1, message: code === 'ENOENT' ? 'no such scenario file' : `cannot read the scenario file (${code ?? String(error)})` }]);
  };
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (error) {
    return cannotRead(error);
  }
  // A directory or a FIFO where the scenario file was expected: said as such, never read (a FIFO would block).
  if (info.isDirectory()) return failed(file, [{ line: 1, col: 1, message: 'is a directory, expected a scenario file (YAML)' }]);
  if (!info.isFile()) return failed(file, [{ line: 1, col: 1, message: 'not a regular file, expected a scenario file (YAML)' }]);
  const tooLarge = checkSize(info.size, 'scenario');
  if (tooLarge) return failed(file, [tooLarge]);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return cannotRead(error);
  }
  const bad = checkBytes(bytes, 'scenario');
  if (bad) return failed(file, [bad]);
  return loadScenarioText(bytes.toString('utf8'), file);
}

/** References inside one scenario: failures and mitigations name revisions, flags, variants and SLOs it defines. */
export function crossCheckScenario(scenario: Scenario, map: Pick<SourceMap, 'locate'>): LocatedMessage[] {
  const at = (path: ValuePath, message: string): LocatedMessage => ({ ...map.locate(path), message });
  const problems: LocatedMessage[] = [];
  const history = scenario.deploys.history;
  const revisions = history.map((d) => d.revision);

  const firstIndex = new Map<number, number>();
  history.forEach((deploy, index) => {
    const path = ['deploys', 'history', index];
    const earlier = firstIndex.get(deploy.revision);
    if (earlier !== undefined) problems.push(at([...path, 'revision'], `revision ${deploy.revision} is already in the history (deploys.history[${earlier}]); each deploy rolls out a new revision`));
    else firstIndex.set(deploy.revision, index);
    const previous = history[index - 1];
    if (previous && deploy.at < previous.at) problems.push(at([...path, 'at'], `deploys.history is oldest first: this deploy is earlier than the one before it (revision ${previous.revision})`));
  });

  for (const [key, flag] of Object.entries(scenario.flags)) {
    const variants = Object.keys(flag.variants);
    problems.push(...unknownVariant(at, ['flags', key, 'default_variant'], key, flag.default_variant, variants));
    if (flag.changed && flag.changed.from !== 'DISABLED') problems.push(...unknownVariant(at, ['flags', key, 'changed', 'from'], key, flag.changed.from, [...variants, 'DISABLED']));
  }

  const slos = Object.keys(scenario.baseline);
  const unknownSlo = (name: string, path: ValuePath): LocatedMessage[] => {
    if (slos.includes(name)) return [];
    const hint = didYouMean(name, slos);
    return [at(path, `unknown SLO \`${name}\`: the scenario's baseline defines ${slos.length > 0 ? slos.join(', ') : 'no SLOs'}${hint ? ` (did you mean \`${hint}\`?)` : ''}`)];
  };

  scenario.failures.forEach((failure, index) => {
    const path = ['failures', index];
    problems.push(...unknownSlo(failure.slo, [...path, 'slo']));
    if (failure.revision !== undefined && !revisions.includes(failure.revision)) {
      problems.push(at([...path, 'revision'], `revision ${failure.revision} is not in deploys.history (revisions: ${revisions.join(', ')})`));
    }
    if (failure.flag !== undefined) problems.push(...flagVariant(at, scenario, [...path], failure.flag, failure.variant));
  });

  scenario.mitigations.forEach((mitigation, index) => {
    const path = ['mitigations', index];
    if (mitigation.action === 'flag') {
      if (mitigation.flag === undefined || mitigation.variant === undefined) problems.push(at(path, 'a flag mitigation names the `flag` and the `variant` it sets (or DISABLED)'));
      else problems.push(...flagVariant(at, scenario, path, mitigation.flag, mitigation.variant, ['DISABLED']));
    } else if (mitigation.flag !== undefined || mitigation.variant !== undefined) {
      problems.push(at(path, '`flag` and `variant` belong to flag mitigations, not rollbacks'));
    }
  });
  return problems;
}

type At = (path: ValuePath, message: string) => LocatedMessage;

function flagVariant(at: At, scenario: Scenario, path: ValuePath, key: string, variant: string | undefined, extra: readonly string[] = []): LocatedMessage[] {
  const flag = scenario.flags[key];
  if (!flag) {
    const keys = Object.keys(scenario.flags);
    const hint = didYouMean(key, keys);
    // Either name may be the misspelt one: a tester copied the typo of `flags:` into the mitigation on this hint.
    return [at([...path, 'flag'], `unknown flag \`${key}\`${hint ? ` (\`flags:\` defines \`${hint}\`: one of the two is misspelt)` : ` (flags: ${keys.length > 0 ? keys.join(', ') : 'none defined'})`}`)];
  }
  return variant === undefined ? [] : unknownVariant(at, [...path, 'variant'], key, variant, [...Object.keys(flag.variants), ...extra]);
}

function unknownVariant(at: At, path: ValuePath, key: string, variant: string, known: readonly string[]): LocatedMessage[] {
  if (known.includes(variant)) return [];
  const hint = didYouMean(variant, known);
  return [at(path, `flag \`${key}\` has no variant \`${variant}\`${hint ? ` (did you mean \`${hint}\`?)` : ` (variants: ${known.join(', ')})`}`)];
}

/**
 * Can this scenario run this runbook? The service must match, every SLO the runbook watches needs
 * traffic, and every flag its steps touch must exist in the world. Problems point into the
 * scenario, the file being chosen for the runbook.
 */
export function checkScenarioAgainstRunbook(loaded: LoadedScenario, runbook: Runbook): Problem[] {
  const { scenario, map, file } = loaded;
  const at = (path: ValuePath, message: string): Problem => ({ file, ...map.locate(path), message });
  const problems: Problem[] = [];
  if (scenario.service !== runbook.service) {
    problems.push(at(['service'], `the scenario is for service \`${scenario.service}\` but the runbook is for \`${runbook.service}\``));
  }
  const runbookSlos = runbook.slos.map((slo) => slo.name);
  for (const name of runbookSlos) {
    if (!scenario.baseline[name]) problems.push(at(['baseline'], `the runbook's SLO \`${name}\` has no baseline traffic here: add \`${name}: { requests_per_second: ..., error_ratio: ... }\``));
  }
  scenario.failures.forEach((failure, index) => {
    if (!runbookSlos.includes(failure.slo)) {
      problems.push(at(['failures', index, 'slo'], `the runbook has no SLO \`${failure.slo}\` (SLOs: ${runbookSlos.join(', ') || 'none'}), so this failure would go unseen`));
    }
  });
  for (const use of flagUses(runbook)) {
    const flag = scenario.flags[use.flag];
    if (!flag) {
      problems.push(at(['flags'], `runbook step \`${use.step}\` ${use.verb}s flag \`${use.flag}\`, which this scenario does not define`));
    } else if (use.variant !== undefined && !(use.variant in flag.variants)) {
      problems.push(at(['flags', use.flag, 'variants'], `runbook step \`${use.step}\` sets flag \`${use.flag}\` to \`${use.variant}\`, which is not one of its variants here (${Object.keys(flag.variants).join(', ')})`));
    }
  }
  return problems;
}

export interface FlagUse {
  readonly step: string;
  readonly verb: string;
  readonly flag: string;
  readonly variant?: string;
}

/** The runbook's `run:` steps on a flagd provider, with the flag (and variant) each one touches. */
export function flagUses(runbook: Runbook): FlagUse[] {
  return [...runbook.first_actions, ...runbook.recovery].flatMap((step) => {
    if (!step.run) return [];
    const [provider = '', verb = ''] = step.run.action.split('.');
    if (own(runbook.providers, provider)?.plugin !== 'flagd' || typeof step.run['flag'] !== 'string') return [];
    const variant = typeof step.run['variant'] === 'string' ? step.run['variant'] : undefined;
    return [{ step: step.id, verb, flag: step.run['flag'], ...(variant === undefined ? {} : { variant }) }];
  });
}

function failed(file: string, problems: readonly LocatedMessage[]): ScenarioLoadResult {
  return { ok: false, problems: problems.map((p) => ({ file, ...p })) };
}
