import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PluginDefinition } from '../plugins/contract';
import { loadPlugins, type PluginLoadFailure } from '../plugins/registry';
import { crossCheck } from './crossChecks';
import { expandEnv } from './envExpand';
import { reportable, type Problem } from './problem';
import { salvage } from './salvage';
import { runbookSchema, type Runbook } from './schema';
import { checkBytes, checkSize, parseYaml, type LocatedMessage, type ParsedYaml } from './source';
import { locateIssues } from './zodIssues';

export interface LoadOptions {
  /** Plugin definitions that provider sections may name (built-ins plus third-party ones). */
  readonly plugins: readonly PluginDefinition<any>[];
  /**
   * Expand `${NAME}` from this environment; a missing variable is a problem. Without it (lint),
   * `${NAME}` stays as written, so a runbook lints the same on a laptop and in CI.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type LoadResult =
  | { readonly ok: true; readonly runbook: Runbook; readonly secrets: readonly string[]; readonly plugins: readonly PluginDefinition<unknown>[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Parses and validates runbook text: YAML with positions → zod schema → cross-checks. */
export function loadRunbookText(text: string, file: string, options: LoadOptions): LoadResult {
  const parsed = parseYaml(text);
  if (!parsed.ok) return failed(file, parsed.problems);
  return validate(parsed, file, options, []);
}

/**
 * Loads a runbook file, with the third-party plugins its `plugins:` list names (paths relative
 * to the runbook, or package names) on top of the built-ins.
 */
export async function loadRunbookFile(
  file: string,
  options: Omit<LoadOptions, 'plugins'> & {
    /** Plugins from the user's settings (paths relative to the working directory, or package names). */
    readonly userPlugins?: readonly string[];
  } = {},
): Promise<LoadResult> {
  // Refuse huge files before reading them into memory.
  const tooLarge = checkSize((await stat(file)).size);
  if (tooLarge) return failed(file, [tooLarge]);
  const bytes = await readFile(file);
  const bad = checkBytes(bytes);
  if (bad) return failed(file, [bad]);
  const parsed = parseYaml(bytes.toString('utf8'));
  if (!parsed.ok) return failed(file, parsed.problems);
  const user = await loadPlugins(options.userPlugins ?? [], process.cwd());
  const { definitions, failures } = await loadPlugins(declaredPlugins(parsed.value), dirname(file), user.definitions);
  // A broken plugin from the settings concerns every runbook: it is reported at the top of each.
  const fromSettings = user.failures.map((f) => ({ line: 1, col: 1, message: `${f.message} (listed under plugins in your settings)` }));
  return validate(parsed, file, { ...options, plugins: definitions }, failures, fromSettings);
}

function validate(
  parsed: Extract<ParsedYaml, { ok: true }>,
  file: string,
  options: LoadOptions,
  pluginFailures: readonly PluginLoadFailure[],
  otherProblems: readonly LocatedMessage[] = [],
): LoadResult {
  let value = parsed.value;
  let secrets: readonly string[] = [];
  const problems: LocatedMessage[] = [...otherProblems, ...pluginFailures.map((f) => ({ ...parsed.map.locate(['plugins', f.index]), message: f.message }))];
  if (options.env) {
    const expansion = expandEnv(value, options.env);
    value = expansion.value;
    secrets = expansion.secrets;
    for (const { path, name } of expansion.missing) {
      problems.push({ ...parsed.map.locate(path), message: `environment variable \`${name}\` is not set` });
    }
  }

  const result = runbookSchema.safeParse(value, { reportInput: true });
  if (!result.success) problems.push(...locateIssues(result.error.issues, runbookSchema, parsed.map));
  const plugins = new Map(options.plugins.map((plugin) => [plugin.name, plugin]));
  problems.push(...crossCheck({ runbook: salvage(value as Record<string, unknown>), map: parsed.map, plugins }));

  if (!result.success || problems.length > 0) return failed(file, problems);
  return { ok: true, runbook: result.data, secrets, plugins: [...plugins.values()] };
}

function declaredPlugins(value: unknown): string[] {
  const list = (value as { plugins?: unknown }).plugins;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}

function failed(file: string, problems: readonly LocatedMessage[]): LoadResult {
  return { ok: false, problems: reportable(problems.map((p) => ({ file, ...p }))) };
}
