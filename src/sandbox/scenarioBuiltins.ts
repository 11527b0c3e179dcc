/**
 * The scenarios that ship with the cockpit, and `--scenario NAME|FILE`: a built-in by name, or
 * a scenario file by path.
 */
import { resolve } from 'node:path';
import type { Runbook } from '../core/runbookModel';
import { didYouMean } from '../core/suggest';
import type { ValuePath } from '../runbook/positions';
import { parseYaml } from '../runbook/source';
import { loadBoundScenario, loadScenarioFile, loadScenarioText, type ScenarioLoadResult } from './scenario';
import type { OwnFlag } from './runbookFlags';
import { bindTemplate } from './scenarioTemplate';
import { BUILTIN_SCENARIO_TEXTS } from './scenarios/index';

/** The runbook a built-in is bound to: the model, and its file and text (problems point at its lines). */
export interface DrilledRunbook {
  readonly runbook: Runbook;
  readonly file: string;
  readonly text: string;
  /** The flags its own flagd file holds (none when it has no such file, or it cannot be read). */
  readonly flags?: Readonly<Record<string, OwnFlag>>;
}

/** The name problems in a built-in point at: where its source lives in the repository. */
export const builtinScenarioFile = (name: string): string => `src/sandbox/scenarios/${name}.yaml`;

export function listBuiltinScenarios(): string[] {
  return Object.keys(BUILTIN_SCENARIO_TEXTS).sort();
}

/** A built-in by name; undefined when there is none. Their validity is a test's job, not the user's. */
export function builtinScenario(name: string, bindTo?: DrilledRunbook): ScenarioLoadResult | undefined {
  const text = Object.hasOwn(BUILTIN_SCENARIO_TEXTS, name) ? BUILTIN_SCENARIO_TEXTS[name] : undefined;
  if (text === undefined) return undefined;
  if (!bindTo) return loadScenarioText(text, builtinScenarioFile(name));
  const bound = bindTemplate(text, bindTo.runbook, bindTo.file, bindTo.flags);
  if (!bound.ok) {
    // The user's runbook is what does not fit: its lines, never a path inside the tool's sources.
    const parsed = parseYaml(bindTo.text, 'runbook');
    const locate = (path: ValuePath) => (parsed.ok ? parsed.map.locate(path) : { line: 1, col: 1 });
    return { ok: false, problems: bound.problems.map((p) => ({ file: bindTo.file, ...locate(p.path), message: p.message })) };
  }
  return loadBoundScenario(bound.value, bound.text, `${name} (bound to ${bindTo.file})`);
}

/** The built-ins that fit this runbook (see `bindTemplate`). */
export function builtinScenariosFor(bindTo: DrilledRunbook): string[] {
  return listBuiltinScenarios().filter((name) => builtinScenario(name, bindTo)?.ok === true);
}

export type ScenarioResolution = ScenarioLoadResult | { readonly ok: false; readonly problems: readonly []; readonly message: string };

/**
 * `--scenario` as the user wrote it: a path (it has a `/` or a `.yaml`/`.yml` suffix) is a
 * file, relative to `cwd`; anything else is a built-in's name, with a suggestion when mistyped.
 */
export async function resolveScenario(arg: string, cwd: string, bindTo?: DrilledRunbook): Promise<ScenarioResolution> {
  if (/[\\/]/.test(arg) || /\.ya?ml$/i.test(arg)) return loadScenarioFile(resolve(cwd, arg), arg);
  const builtin = builtinScenario(arg, bindTo);
  if (builtin) return builtin;
  const names = listBuiltinScenarios();
  const hint = didYouMean(arg, names);
  return {
    ok: false,
    problems: [],
    message: `unknown scenario \`${arg}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}; built-in scenarios: ${names.join(', ')}; or give a scenario file path`,
  };
}
