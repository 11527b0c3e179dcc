import type * as z from 'zod';
import { boundText } from '../core/bounds';
import type { Capability, Clock, Logger, PluginContext, PluginDefinition, PluginInstance } from '../plugins/contract';
import type { Exec } from '../plugins/exec';
import type { ResolvedProvider } from '../runbook/environments';
import type { ActivityMeter } from './activity';
import { firstLine, issueText, thrownMessage } from '../core/errorText';

/** A live provider of one incident. */
export interface LiveProvider {
  readonly key: string;
  readonly plugin: PluginDefinition<unknown>;
  readonly instance: PluginInstance;
  readonly drillTarget: boolean;
}

export interface ProviderFailure {
  readonly key: string;
  readonly plugin: string;
  readonly message: string;
}

export interface ProviderSet {
  readonly providers: ReadonlyMap<string, LiveProvider>;
  /** Providers that could not be created: their panel shows why, the rest of the cockpit works. */
  readonly failures: readonly ProviderFailure[];
}

export interface ProviderContextBase {
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly log: Logger;
  readonly exec: Exec;
  readonly baseDir: string;
  readonly service: string;
  readonly environment: string;
  readonly sandboxed: boolean;
  readonly sandboxDir?: string;
  readonly templateVars: () => Readonly<Record<string, string>>;
  /** Counts provider work in flight (for a max-speed drill's clock); absent elsewhere. */
  readonly activity?: ActivityMeter;
}

/** Creates every provider, each on its own: one that fails to configure or start is reported, not fatal. */
export async function createProviders(
  resolved: readonly ResolvedProvider[],
  plugins: readonly PluginDefinition<unknown>[],
  base: ProviderContextBase,
): Promise<ProviderSet> {
  const byName = new Map(plugins.map((plugin) => [plugin.name, plugin]));
  const settled = await Promise.allSettled(resolved.map((provider) => createOne(provider, byName.get(provider.plugin), base)));
  const providers = new Map<string, LiveProvider>();
  const failures: ProviderFailure[] = [];
  settled.forEach((outcome, index) => {
    const provider = resolved[index]!;
    if (outcome.status === 'fulfilled') providers.set(provider.key, outcome.value);
    else failures.push({ key: provider.key, plugin: provider.plugin, message: firstLineOf(outcome.reason) });
  });
  return { providers, failures };
}

async function createOne(provider: ResolvedProvider, plugin: PluginDefinition<unknown> | undefined, base: ProviderContextBase): Promise<LiveProvider> {
  if (!plugin) throw new Error(`unknown plugin \`${provider.plugin}\``);
  const config = (plugin.config as z.ZodType).safeParse(provider.settings);
  if (!config.success) {
    throw new Error(`settings of \`${provider.key}\`: ${issueText(config.error.issues[0]!, '(section)')}`);
  }
  const { templateVars, activity, ...rest } = base;
  const ctx: PluginContext = {
    ...rest,
    clock: activity ? activity.clock(base.clock) : base.clock,
    get templateVars() {
      return templateVars();
    },
  };
  const instance = await plugin.create(config.data, ctx);
  return { key: provider.key, plugin, instance: activity ? activity.instance(instance) : instance, drillTarget: provider.drillTarget };
}

/** Lets every provider go (its clients, its connections); one that fails to close does not stop the others. */
export async function closeProviders(set: ProviderSet): Promise<void> {
  await Promise.allSettled([...set.providers.values()].map((p) => p.instance.close?.()));
}

/** A provider as the runbook declares it for a capability, and why it failed to start, if it did. */
export interface DeclaredProvider {
  readonly key: string;
  readonly plugin: string;
  readonly failure?: string;
}

/**
 * Who owns a capability's panel, from the plugins' declared capabilities (so a provider that
 * failed to start still has its panel, showing why): the first provider, in runbook order.
 */
export function declaredProvider(
  resolved: readonly ResolvedProvider[],
  plugins: readonly PluginDefinition<unknown>[],
  failures: readonly ProviderFailure[],
  capability: Capability,
): DeclaredProvider | undefined {
  const provider = resolved.find((p) => plugins.find((d) => d.name === p.plugin)?.capabilities.includes(capability));
  if (!provider) return undefined;
  const failure = failures.find((f) => f.key === provider.key)?.message;
  return { key: provider.key, plugin: provider.plugin, ...(failure ? { failure } : {}) };
}

/** The provider serving a read capability: the first, in runbook order, whose plugin has it. */
export function providerWith(set: ProviderSet, capability: Capability): LiveProvider | undefined {
  for (const provider of set.providers.values()) if (provider.instance[capability]) return provider;
  return undefined;
}

function firstLineOf(error: unknown): string {
  return boundText(firstLine(thrownMessage(error)));
}
