import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PluginDefinition, PluginDescription, PluginLoadFailure, PluginSet } from '../plugins/contract';
import { crossCheck } from './crossChecks';
import { expandEnv } from './envExpand';
import { reportable, type Problem } from './problem';
import { salvage } from './salvage';
import { secretValues } from './secretValues';
import { runbookSchema, type Runbook } from './schema';
import { byRule, checkBytes, checkSize, parseYaml, type LocatedMessage, type ParsedYaml } from './source';
import { locateIssues } from './zodIssues';
import { pluginStepChecks } from './pluginStepChecks';
import { plainSecrets } from './plainSecrets';
import { checkErrorRatioQuery } from './promql';

export interface LoadOptions<D extends PluginDescription = PluginDefinition<any>> {
  /** Plugins that provider sections may name (built-ins plus third-party ones). */
  readonly plugins: readonly D[];
  /**
   * Expand `${NAME}` from this environment; a missing variable is a problem. Without it (lint),
   * `${NAME}` stays as written, so a runbook lints the same on a laptop and in CI.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Without `env` (lint): the environment whose secret values are checked for length, so a
   * secret too short to redact is reported by lint too. Unset names are not a problem here.
   */
  readonly secretEnv?: Readonly<Record<string, string | undefined>>;
}

export type LoadResult<D extends PluginDescription = PluginDefinition<unknown>> =
  | { readonly ok: true; readonly runbook: Runbook; readonly secrets: readonly string[]; readonly plugins: readonly D[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Parses and validates runbook text: YAML with positions → zod schema → cross-checks. */
export function loadRunbookText(text: string, file: string, options: LoadOptions): LoadResult {
  const parsed = parseYaml(text);
  if (!parsed.ok) return failed(file, byRule('yaml', parsed.problems));
  return validate(parsed, file, options, []);
}

/**
 * The plugins a runbook may use, handed in by the CLI (src/plugins/registry.ts `pluginCatalog`):
 * the built-ins, and how third-party ones are loaded or described. This module loads no plugin.
 */
export interface PluginCatalog {
  readonly builtins: readonly PluginDefinition<unknown>[];
  load(specifiers: readonly string[], baseDir: string, loaded: readonly PluginDefinition<unknown>[]): Promise<PluginSet<PluginDefinition<unknown>>>;
  describe(specifiers: readonly string[], baseDir: string, trust: boolean, loaded: readonly PluginDescription[]): Promise<PluginSet<PluginDescription>>;
}

interface FileOptions extends Omit<LoadOptions, 'plugins'> {
  readonly catalog: PluginCatalog;
  /** Plugins from the user's settings (paths relative to the working directory, or package names). */
  readonly userPlugins?: readonly string[];
}

/** What lint checks beyond the runbook itself; a drill checks the steps too (`loadRunbookFile`'s `checkSteps`). */
interface Checks {
  /** PromQL by Prometheus's own promtool (types, regexes), when it is on PATH. */
  readonly promtool: boolean;
  /** The steps by their plugins' `lintSteps`: what the plugins' own files say of them. */
  readonly steps: boolean;
  /** Credentials written into the runbook (plainSecrets.ts): lint's alone, a false alarm never stops `open`. */
  readonly plainSecrets: boolean;
}

/**
 * Loads a runbook file to run it, with the third-party plugins its `plugins:` list names (paths
 * relative to the runbook, or package names) on top of the built-ins. Their code runs: each is
 * loaded first in a worker with a time limit (by the catalog's `load`). `checkSteps` (a drill):
 * the steps are checked by their plugins too, as lint does: a drill's sandbox stands in for the
 * plugins' files, and would otherwise rehearse a kill switch that the runbook's own flag file refuses.
 */
export async function loadRunbookFile(file: string, options: FileOptions & { readonly checkSteps?: boolean }): Promise<LoadResult> {
  return loadFile(file, options, options.catalog.builtins, (specifiers, baseDir, loaded) => options.catalog.load(specifiers, baseDir, loaded), {
    promtool: false,
    steps: options.checkSteps ?? false,
    plainSecrets: false,
  });
}

/**
 * Checks a runbook file for `cockpit lint`. Third-party plugins are known from their static
 * manifests and no plugin code runs, unless `trustPlugins`: then each is loaded in a worker with
 * a time limit to describe it.
 */
export async function lintRunbookFile(file: string, options: FileOptions & { readonly trustPlugins?: boolean }): Promise<readonly Problem[]> {
  const result = await loadFile<PluginDescription>(file, options, options.catalog.builtins, (specifiers, baseDir, loaded) =>
    options.catalog.describe(specifiers, baseDir, options.trustPlugins ?? false, loaded),
    { promtool: true, steps: true, plainSecrets: true },
  );
  return result.ok ? [] : result.problems;
}

type PluginSource<D extends PluginDescription> = (specifiers: readonly string[], baseDir: string, loaded: readonly D[]) => Promise<PluginSet<D>>;

async function loadFile<D extends PluginDescription>(
  file: string,
  options: FileOptions,
  builtins: readonly D[],
  source: PluginSource<D>,
  checks: Checks,
): Promise<LoadResult<D>> {
  // Refuse huge files before reading them into memory.
  const tooLarge = checkSize((await stat(file)).size);
  if (tooLarge) return failed(file, byRule('file', [tooLarge]));
  const bytes = await readFile(file);
  const bad = checkBytes(bytes);
  if (bad) return failed(file, byRule('file', [bad]));
  const parsed = parseYaml(bytes.toString('utf8'));
  if (!parsed.ok) return failed(file, byRule('yaml', parsed.problems));
  const user = await source(options.userPlugins ?? [], process.cwd(), builtins);
  const { definitions, failures } = await source(declaredPlugins(parsed.value), dirname(file), user.definitions);
  // A broken plugin from the settings concerns every runbook: it is reported at the top of each.
  const fromSettings = user.failures.map((f) => ({ line: 1, col: 1, message: `${f.message} (listed under plugins in your settings)`, rule: 'plugins' }));
  // Beside the syntax: PromQL by Prometheus, and the steps by the plugins they run.
  const [promql, steps] = await Promise.all([
    checks.promtool ? promqlByPrometheus(parsed) : [],
    checks.steps ? pluginStepChecks(parsed.value, parsed.map, definitions, dirname(file)) : [],
  ]);
  const written = checks.plainSecrets ? byRule('secrets', plainSecrets(parsed.value, parsed.map)) : [];
  return validate(parsed, file, { ...options, plugins: definitions }, failures, [...fromSettings, ...promql, ...steps, ...written], user.failures.length + failures.length);
}

/** The SLO queries that pass the syntax check (promql.ts), checked again by Prometheus itself. */
async function promqlByPrometheus(parsed: Extract<ParsedYaml, { ok: true }>): Promise<LocatedMessage[]> {
  const slos = (parsed.value as { slos?: unknown }).slos;
  const queries = (Array.isArray(slos) ? slos : []).flatMap((slo: unknown, index) => {
    const expression = (slo as { error_ratio?: unknown } | null)?.error_ratio;
    return typeof expression === 'string' && checkErrorRatioQuery(expression).length === 0 ? [{ index, expression }] : [];
  });
  // Lint's alone: loading a runbook to run it never spawns promtool, nor evaluates execa (issue #17).
  const { checkWithPromtool } = await import('./promtool');
  const problems = await checkWithPromtool(queries);
  return problems.map((p) => ({ ...parsed.map.locateInScalar(['slos', p.index, 'error_ratio'], p.offset), message: p.message, rule: 'promql' }));
}

function validate<D extends PluginDescription>(
  parsed: Extract<ParsedYaml, { ok: true }>,
  file: string,
  options: LoadOptions<D>,
  pluginFailures: readonly PluginLoadFailure[],
  otherProblems: readonly LocatedMessage[] = [],
  /** Plugins that could not be loaded or described: a provider naming an unknown plugin may name one of them. */
  unavailable = 0,
): LoadResult<D> {
  let value = parsed.value;
  const problems: LocatedMessage[] = [...otherProblems, ...pluginFailures.map((f) => ({ ...parsed.map.locate(['plugins', f.index]), message: f.message, rule: 'plugins' }))];
  const { secrets, problems: secretProblems } = secretValues(parsed.value, parsed.map, options.env ?? options.secretEnv ?? {});
  problems.push(...byRule('secrets', secretProblems));
  if (options.env) {
    const expansion = expandEnv(value, options.env);
    value = expansion.value;
    for (const { path, name } of expansion.missing) {
      problems.push({ ...parsed.map.locate(path), message: `environment variable \`${name}\` is not set`, rule: 'env' });
    }
  }

  const result = runbookSchema.safeParse(value, { reportInput: true });
  if (!result.success) problems.push(...byRule('schema', locateIssues(result.error.issues, runbookSchema, parsed.map)));
  const plugins = new Map(options.plugins.map((plugin) => [plugin.name, plugin]));
  problems.push(...crossCheck({ runbook: salvage(value as Record<string, unknown>), map: parsed.map, plugins, unavailablePlugins: unavailable }));

  if (!result.success || problems.length > 0) return failed(file, problems);
  return { ok: true, runbook: result.data, secrets, plugins: [...plugins.values()] };
}

function declaredPlugins(value: unknown): string[] {
  const list = (value as { plugins?: unknown }).plugins;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}

function failed(file: string, problems: readonly LocatedMessage[]): { ok: false; problems: readonly Problem[] } {
  return { ok: false, problems: reportable(problems.map((p) => ({ file, ...p }))) };
}
