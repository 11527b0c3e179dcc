import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { firstLine, issueText, thrownMessage } from '../core/errorText';
import { CAPABILITIES, type PluginDefinition, type PluginDescription, type PluginLoadFailure, type PluginSet } from './contract';

export type { PluginLoadFailure, PluginSet } from './contract';
import { launcherHooks } from '../launcher/hooks';
import { guardedDefinition } from './guardedPlugin';
import { asPluginCall } from './pluginCalls';
import { findEntry, findManifest } from './locate';
import { describeFromManifest, type Described } from './manifest';
import { PLUGIN_LOAD_TIMEOUT_MS, probePlugin } from './probe';

export type LoadedPlugins = PluginSet<PluginDefinition<unknown>>;
export type DescribedPlugins = PluginSet<PluginDescription>;

export interface DescribeOptions {
  /** Run each plugin (in a worker, with a time limit) to describe it, instead of reading its manifest. */
  readonly trust?: boolean;
  readonly timeoutMs?: number;
}

const zodSchemaLike = z.custom<z.ZodType>((value) => typeof (value as { safeParse?: unknown } | null)?.safeParse === 'function', {
  error: 'must be a zod schema',
});

/** The shape a module must export to be a plugin; checked before anything of it is used. */
const definitionShape = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'name must be lower-case letters, digits and "-"' }),
  description: z.string(),
  config: zodSchemaLike,
  capabilities: z.array(z.enum(CAPABILITIES)),
  actions: z.record(
    z.string(),
    z.object({ description: z.string(), params: zodSchemaLike, mutating: z.boolean(), dangerous: z.boolean() }),
  ),
  create: z.custom<PluginDefinition['create']>((value) => typeof value === 'function', { error: 'create must be a function' }),
});

/**
 * What lint knows of the built-ins plus third-party plugins named by path (relative to
 * `baseDir`) or package name, without running them: from their manifests. With `trust`, each is
 * loaded in a worker with a time limit and described from what it exports.
 */
export async function describePlugins(
  specifiers: readonly string[],
  baseDir: string,
  options: DescribeOptions,
  /** Plugins already known (the built-ins the CLI hands in, plus those from user settings): a name stays unique across all. */
  loaded: readonly PluginDescription[],
): Promise<DescribedPlugins> {
  const timeoutMs = options.timeoutMs ?? PLUGIN_LOAD_TIMEOUT_MS;
  const settled = await Promise.all(
    specifiers.map(async (specifier): Promise<Described & { readonly unreadable?: boolean }> => {
      if (options.trust) {
        const found = await findEntry(specifier, baseDir);
        if (!found.ok) return { ok: false, message: `could not be loaded: ${found.message}` };
        const probed = await probePlugin(pathToFileURL(found.entry).href, timeoutMs);
        if (!probed.ok) return { ok: false, message: `could not be loaded: ${probed.message}` };
        const described = describeFromManifest(probed.manifest);
        return described.ok ? described : { ok: false, message: `could not be loaded: not a plugin definition (${described.message})` };
      }
      const found = await findManifest(specifier, baseDir);
      if (!found.ok) return { ok: false, message: found.missing === 'plugin' ? `could not be loaded: ${found.message}` : found.message };
      const described = describeFromManifest(found.manifest);
      return described.ok ? described : { ok: false, message: `has a manifest that is not valid: ${described.message}` };
    }),
  );
  return collect(specifiers, settled.map((outcome) => (outcome.ok ? { ok: true, value: outcome.description } : outcome)), loaded);
}

/**
 * Loads the built-ins plus third-party plugins for a live cockpit. Each is first loaded in a
 * worker with a time limit (a plugin that hangs or exits while loading fails there, alone), and
 * only then imported here, with the same time limit. Every load settles on its own: one broken
 * plugin is reported, the others still load.
 */
export async function loadPlugins(
  specifiers: readonly string[],
  baseDir: string,
  /** Plugins already loaded (the built-ins the CLI hands in, plus those from user settings): a name stays unique across all. */
  loaded: readonly PluginDefinition<unknown>[],
  timeoutMs = PLUGIN_LOAD_TIMEOUT_MS,
): Promise<LoadedPlugins> {
  const settled = await Promise.all(
    specifiers.map(async (specifier): Promise<Outcome<PluginDefinition<unknown>>> => {
      const found = await findEntry(specifier, baseDir);
      if (!found.ok) return { ok: false, message: `could not be loaded: ${found.message}` };
      const url = pathToFileURL(found.entry).href;
      const probed = await probePlugin(url, timeoutMs);
      if (!probed.ok) return { ok: false, message: `could not be loaded: ${probed.message}` };
      try {
        return { ok: true, value: await withTimeLimit(importDefinition(url), timeoutMs) };
      } catch (error) {
        return { ok: false, message: `could not be loaded: ${firstLine(thrownMessage(error))}` };
      }
    }),
  );
  return collect(specifiers, settled, loaded);
}

type Outcome<D> = { readonly ok: true; readonly value: D } | { readonly ok: false; readonly message: string };

function collect<D extends PluginDescription>(specifiers: readonly string[], settled: readonly Outcome<D>[], loaded: readonly D[]): PluginSet<D> {
  const definitions: D[] = [...loaded];
  const failures: PluginLoadFailure[] = [];
  settled.forEach((outcome, index) => {
    const specifier = specifiers[index]!;
    if (!outcome.ok) {
      failures.push({ index, specifier, message: `plugin \`${specifier}\` ${outcome.message}` });
      return;
    }
    const taken = definitions.find((d) => d.name === outcome.value.name);
    if (taken) {
      failures.push({ index, specifier, message: `plugin \`${specifier}\` is named \`${taken.name}\`, which another plugin already uses` });
      return;
    }
    definitions.push(outcome.value);
  });
  return { definitions, failures };
}

async function importDefinition(url: string): Promise<PluginDefinition<unknown>> {
  const module = (await asPluginCall(async () => launcherHooks()?.importModule(url) ?? import(url))) as { default?: unknown; plugin?: unknown };
  const candidate = module.default ?? module.plugin;
  const checked = definitionShape.safeParse(candidate);
  if (!checked.success) {
    throw new Error(candidate === undefined ? 'the module has no default export (or `plugin` export)' : `not a plugin definition (${issueText(checked.error.issues[0]!)})`);
  }
  return guardedDefinition(candidate as PluginDefinition<unknown>);
}

function withTimeLimit<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`it did not finish loading within ${Math.round(timeoutMs / 1000)}s`)), timeoutMs);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/**
 * The plugins a runbook may use, as the CLI composes them: the built-ins, and how third-party
 * plugins are loaded to run (`load`) or described for lint (`describe`). Runbook loading is handed
 * one, so it loads no plugin code of its own accord.
 */
export function pluginCatalog(builtins: readonly PluginDefinition<unknown>[]) {
  return {
    builtins,
    load: (specifiers: readonly string[], baseDir: string, loaded: readonly PluginDefinition<unknown>[]) => loadPlugins(specifiers, baseDir, loaded),
    describe: (specifiers: readonly string[], baseDir: string, trust: boolean, loaded: readonly PluginDescription[]) => describePlugins(specifiers, baseDir, { trust }, loaded),
  };
}
