import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { builtinPlugins } from '../../plugins/index';
import { CAPABILITIES, type PluginDefinition } from './contract';
import { launcherHooks } from '../launcher/hooks';

export interface PluginLoadFailure {
  /** Index in the list of specifiers, so lint can point at the runbook line. */
  readonly index: number;
  readonly specifier: string;
  readonly message: string;
}

export interface LoadedPlugins {
  readonly definitions: readonly PluginDefinition<unknown>[];
  readonly failures: readonly PluginLoadFailure[];
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
 * Loads the built-ins plus third-party plugins named by path (relative to `baseDir`) or package
 * name. Every load settles on its own: one broken plugin is reported, the others still load.
 */
export async function loadPlugins(
  specifiers: readonly string[],
  baseDir: string,
  /** Plugins already loaded (the built-ins, plus those from user settings): a name stays unique across all. */
  loaded: readonly PluginDefinition<unknown>[] = builtinPlugins,
): Promise<LoadedPlugins> {
  const settled = await Promise.allSettled(specifiers.map((specifier) => importDefinition(specifier, baseDir)));
  const definitions: PluginDefinition<unknown>[] = [...loaded];
  const failures: PluginLoadFailure[] = [];
  settled.forEach((outcome, index) => {
    const specifier = specifiers[index]!;
    if (outcome.status === 'rejected') {
      failures.push({ index, specifier, message: `plugin \`${specifier}\` could not be loaded: ${reason(outcome.reason)}` });
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

async function importDefinition(specifier: string, baseDir: string): Promise<PluginDefinition<unknown>> {
  const url = moduleUrl(specifier, baseDir);
  const module = (await (launcherHooks()?.importModule(url) ?? import(url))) as { default?: unknown; plugin?: unknown };
  const candidate = module.default ?? module.plugin;
  const checked = definitionShape.safeParse(candidate);
  if (!checked.success) {
    const first = checked.error.issues[0]!;
    const where = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    throw new Error(candidate === undefined ? 'the module has no default export (or `plugin` export)' : `not a plugin definition (${where}${first.message})`);
  }
  return candidate as PluginDefinition<unknown>;
}

function moduleUrl(specifier: string, baseDir: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    return pathToFileURL(isAbsolute(specifier) ? specifier : resolve(baseDir, specifier)).href;
  }
  // A package name: resolved from the runbook's directory, as `node` would from a file there.
  return pathToFileURL(createRequire(join(baseDir, 'runbook.js')).resolve(specifier)).href;
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return 'no such file or package';
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}
