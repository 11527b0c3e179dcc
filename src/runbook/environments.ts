import { pluginSettings, type Runbook } from './schema';
import { IMPLICIT_PROVIDERS } from './crossChecks';
import { own } from '../core/own';

/** A provider as one environment sees it: the plugin, its settings with the overrides applied. */
export interface ResolvedProvider {
  readonly key: string;
  readonly plugin: string;
  readonly settings: Readonly<Record<string, unknown>>;
  /** Marked as a rehearsal target: `open --drill` may run mutating actions against it. */
  readonly drillTarget: boolean;
}

export type ResolvedProviders = { readonly ok: true; readonly providers: readonly ResolvedProvider[] } | { readonly ok: false; readonly message: string };

/**
 * The providers of a runbook under an environment: the environment's overrides replace the
 * provider's settings key by key. An environment the runbook does not name is an error unless it
 * is the default one (which then simply has no overrides).
 */
export function resolveProviders(runbook: Runbook, environment: string, isDefault: boolean): ResolvedProviders {
  const environments = runbook.environments ?? {};
  const overrides = own(environments, environment);
  if (!overrides && !isDefault) {
    const known = Object.keys(environments);
    return { ok: false, message: `the runbook has no environment \`${environment}\`${known.length > 0 ? ` (it has: ${known.join(', ')})` : ' (it defines none)'}` };
  }
  const declared = Object.entries(runbook.providers).map(([key, section]): ResolvedProvider => {
    const merged = { ...section, ...(own(overrides, key) ?? {}) };
    return { key, plugin: section.plugin, settings: pluginSettings(merged), drillTarget: merged.drill_target === true };
  });
  const implicit = Object.entries(IMPLICIT_PROVIDERS)
    .filter(([key]) => !Object.hasOwn(runbook.providers, key))
    .map(([key, plugin]): ResolvedProvider => ({ key, plugin, settings: {}, drillTarget: false }));
  return { ok: true, providers: [...declared, ...implicit] };
}
