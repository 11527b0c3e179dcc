import type { PluginDescription, StepUse } from '../plugins/contract';
import type { SourceMap, ValuePath } from './positions';
import { allSteps, salvage } from './salvage';
import { pluginSettings } from './schema';
import type { LocatedMessage } from './source';

/**
 * Lint's second look at the steps, by the plugins whose actions they run (`lintSteps`): what
 * each plugin's own files say of them. A provider whose settings do not parse is left to the
 * schema's problems; a plugin's failure to look is no problem of the runbook's.
 */
export async function pluginStepChecks(value: unknown, map: SourceMap, plugins: readonly PluginDescription[], baseDir: string): Promise<LocatedMessage[]> {
  const runbook = salvage(value as Record<string, unknown>);
  const steps = allSteps(runbook);
  const byName = new Map(plugins.map((plugin) => [plugin.name, plugin]));
  const checks = Object.entries(runbook.providers).map(async ([key, section]): Promise<LocatedMessage[]> => {
    const plugin = byName.get(section.plugin);
    const config = plugin?.lintSteps === undefined ? undefined : plugin.config.safeParse(pluginSettings(section));
    if (plugin?.lintSteps === undefined || !config?.success) return [];
    const mine = steps.flatMap(({ step, path }) => {
      const [provider, action] = step.run?.action.split('.') ?? [];
      if (provider !== key || action === undefined) return [];
      const { action: _name, ...params } = step.run!;
      return [{ use: { action, params } satisfies StepUse, path: [...path, 'run'] as ValuePath }];
    });
    if (mine.length === 0) return [];
    const problems = await plugin.lintSteps(config.data, mine.map((m) => m.use), baseDir).catch(() => []);
    return problems.flatMap((problem) => {
      const step = mine[problem.use];
      if (step === undefined) return [];
      const path = problem.param === undefined ? step.path : [...step.path, problem.param];
      return [{ ...map.locate(path), message: problem.message, rule: 'steps' }];
    });
  });
  return (await Promise.all(checks)).flat();
}
