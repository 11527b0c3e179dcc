/**
 * The scenarios that ship with the cockpit, and `--scenario NAME|FILE`: a built-in by name, or
 * a scenario file by path.
 */
import { resolve } from 'node:path';
import { didYouMean } from '../core/suggest';
import { loadScenarioFile, loadScenarioText, type ScenarioLoadResult } from './scenario';
import { BUILTIN_SCENARIO_TEXTS } from './scenarios/index';

/** The name problems in a built-in point at: where its source lives in the repository. */
export const builtinScenarioFile = (name: string): string => `src/sandbox/scenarios/${name}.yaml`;

export function listBuiltinScenarios(): string[] {
  return Object.keys(BUILTIN_SCENARIO_TEXTS).sort();
}

/** A built-in by name; undefined when there is none. Their validity is a test's job, not the user's. */
export function builtinScenario(name: string): ScenarioLoadResult | undefined {
  const text = Object.hasOwn(BUILTIN_SCENARIO_TEXTS, name) ? BUILTIN_SCENARIO_TEXTS[name] : undefined;
  return text === undefined ? undefined : loadScenarioText(text, builtinScenarioFile(name));
}

export type ScenarioResolution = ScenarioLoadResult | { readonly ok: false; readonly problems: readonly []; readonly message: string };

/**
 * `--scenario` as the user wrote it: a path (it has a `/` or a `.yaml`/`.yml` suffix) is a
 * file, relative to `cwd`; anything else is a built-in's name, with a suggestion when mistyped.
 */
export async function resolveScenario(arg: string, cwd: string): Promise<ScenarioResolution> {
  if (/[\\/]/.test(arg) || /\.ya?ml$/i.test(arg)) return loadScenarioFile(resolve(cwd, arg), arg);
  const builtin = builtinScenario(arg);
  if (builtin) return builtin;
  const names = listBuiltinScenarios();
  const hint = didYouMean(arg, names);
  return {
    ok: false,
    problems: [],
    message: `unknown scenario \`${arg}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}; built-in scenarios: ${names.join(', ')}; or give a scenario file path`,
  };
}
