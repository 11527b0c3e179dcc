import type * as z from 'zod';
import { BUILTIN_TEMPLATE_VARS, templateUses } from '../core/templates';
import { didYouMean } from '../core/suggest';
import { own } from '../core/own';
import { parseDuration } from '../core/duration';
import { thrownMessage } from '../core/errorText';
import type { PluginDescription } from '../plugins/contract';
import { allSteps, type CrossCheckInput } from './salvage';
import { pluginSettings } from './schema';
import type { SourceMap, ValuePath } from './positions';
import { byRule, type LocatedMessage } from './source';
import { locateIssues } from './zodIssues';
import { checkErrorRatioQuery } from './promql';

/** The provider every runbook can use without declaring it. */
export const IMPLICIT_PROVIDERS: Readonly<Record<string, string>> = { command: 'command' };

export interface CrossCheckContext {
  readonly runbook: CrossCheckInput;
  readonly map: SourceMap;
  readonly plugins: ReadonlyMap<string, PluginDescription>;
  /** Plugins named by the runbook or the settings that could not be described (reported there). */
  readonly unavailablePlugins?: number;
}

/** Checks that need the whole runbook: references between sections, plugin configs, templates, PromQL. */
export function crossCheck(ctx: CrossCheckContext): LocatedMessage[] {
  return [
    ...byRule('providers', checkProviders(ctx)),
    ...byRule('environments', checkEnvironments(ctx)),
    ...byRule('step-ids', checkStepIds(ctx)),
    ...byRule('slos', checkSlos(ctx)),
    ...byRule('slo-references', checkSloReferences(ctx)),
    ...byRule('steps', checkRunSteps(ctx)),
  ];
}

type Check = (ctx: CrossCheckContext) => LocatedMessage[];

const at = (ctx: CrossCheckContext, path: ValuePath, message: string): LocatedMessage => ({ ...ctx.map.locate(path), message });

const checkProviders: Check = (ctx) =>
  Object.entries(ctx.runbook.providers).flatMap(([key, section]) => {
    const definition = ctx.plugins.get(section.plugin);
    if (!definition) {
      // It may be one of the plugins that could not be described; their own problem says why.
      if ((ctx.unavailablePlugins ?? 0) > 0) return [];
      const hint = didYouMean(section.plugin, [...ctx.plugins.keys()]);
      return [at(ctx, ['providers', key, 'plugin'], `unknown plugin \`${section.plugin}\`${hint ? ` (did you mean \`${hint}\`?)` : ` (known: ${[...ctx.plugins.keys()].join(', ')})`}`)];
    }
    return validateWith(ctx, definition.config, pluginSettings(section), ['providers', key]);
  });

const checkEnvironments: Check = (ctx) =>
  Object.entries(ctx.runbook.environments ?? {}).flatMap(([env, overrides]) =>
    Object.entries(overrides).flatMap(([key, override]) => {
      const section = own(ctx.runbook.providers, key);
      if (!section) {
        const hint = didYouMean(key, Object.keys(ctx.runbook.providers));
        return [{ ...ctx.map.locateKey(['environments', env], key), message: `environment \`${env}\` overrides unknown provider \`${key}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}` }];
      }
      const definition = ctx.plugins.get(section.plugin);
      if (!definition) return [];
      return validateWith(ctx, definition.config, pluginSettings({ ...section, ...override }), ['environments', env, key], Object.keys(override));
    }),
  );

const checkStepIds: Check = (ctx) => {
  const firstSeen = new Map<string, ValuePath>();
  return allSteps(ctx.runbook).flatMap(({ step, path }) => {
    // What a step takes back is done before it: an earlier step's id.
    const reverses = step.reverses === undefined || firstSeen.has(step.reverses) ? [] : [reversesProblem(ctx, step.reverses, [...firstSeen.keys()], [...path, 'reverses'])];
    if (step.id === undefined) return reverses;
    const earlier = firstSeen.get(step.id);
    if (!earlier) {
      firstSeen.set(step.id, path);
      return reverses;
    }
    const { line } = ctx.map.locate([...earlier, 'id']);
    return [...reverses, at(ctx, [...path, 'id'], `duplicate step id \`${step.id}\` (first used on line ${line})`)];
  });
};

function reversesProblem(ctx: CrossCheckContext, name: string, earlier: readonly string[], path: ValuePath): LocatedMessage {
  const hint = didYouMean(name, earlier);
  const known = earlier.length > 0 ? ` (earlier steps: ${earlier.join(', ')})` : ' (no step comes before it)';
  return at(ctx, path, `\`reverses\` names \`${name}\`, not a step before this one${hint ? ` (did you mean \`${hint}\`?)` : known}`);
}

const checkSlos: Check = (ctx) => {
  const names = new Set<string>();
  const problems: LocatedMessage[] = [];
  ctx.runbook.slos.forEach((slo, index) => {
    if (names.has(slo.name)) problems.push(at(ctx, ['slos', index, 'name'], `duplicate SLO name \`${slo.name}\``));
    names.add(slo.name);
    if (slo.error_ratio === undefined) return;
    for (const problem of checkErrorRatioQuery(slo.error_ratio)) {
      problems.push({ ...ctx.map.locateInScalar(['slos', index, 'error_ratio'], problem.offset), message: problem.message, rule: 'promql' });
    }
  });
  if (ctx.runbook.slos.length > 0 && !providerWith(ctx, 'slo')) {
    problems.push(at(ctx, ['slos'], 'SLOs need a provider with the `slo` capability (e.g. `slo: { plugin: prometheus, url: ... }` under providers)'));
  }
  return problems;
};

const checkSloReferences: Check = (ctx) => {
  const names = ctx.runbook.slos.filter(Boolean).map((slo) => slo.name); // filter drops the holes of salvaged lists
  const unknown = (name: string, path: ValuePath): LocatedMessage[] => {
    if (names.includes(name)) return [];
    const hint = didYouMean(name, names);
    const known = names.length > 0 ? ` (SLOs: ${names.join(', ')})` : ' (the runbook defines no SLOs)';
    return [at(ctx, path, `unknown SLO \`${name}\`${hint ? ` (did you mean \`${hint}\`?)` : known}`)];
  };
  const triggers = ctx.runbook.triggers.flatMap((trigger, index) => {
    const path = ['rollback', 'triggers', index];
    const long = parseDuration(trigger.long ?? '');
    const short = parseDuration(trigger.short ?? '');
    const windows = long !== undefined && short !== undefined && long <= short ? [at(ctx, [...path, 'short'], `the short window (${trigger.short}) must be shorter than the long window (${trigger.long})`)] : [];
    return [...unknown(trigger.slo, [...path, 'slo']), ...windows];
  });
  const verifies = allSteps(ctx.runbook).flatMap(({ step, path }) => (step.verify ? unknown(step.verify.slo, [...path, 'verify', 'slo']) : []));
  return [...triggers, ...verifies];
};

const checkRunSteps: Check = (ctx) => {
  const templateVars = [...BUILTIN_TEMPLATE_VARS, ...Object.keys(ctx.runbook.vars ?? {})];
  return allSteps(ctx.runbook).flatMap(({ step, path }) => {
    if (!step.run) return [];
    const runPath = [...path, 'run'];
    const [providerKey = '', verb = ''] = step.run.action.split('.');
    const pluginName = own(ctx.runbook.providers, providerKey)?.plugin ?? own(IMPLICIT_PROVIDERS, providerKey);
    if (!pluginName) {
      const providers = [...Object.keys(ctx.runbook.providers), ...Object.keys(IMPLICIT_PROVIDERS)];
      const hint = didYouMean(providerKey, providers);
      return [at(ctx, [...runPath, 'action'], `unknown provider \`${providerKey}\` in action \`${step.run.action}\`${hint ? ` (did you mean \`${hint}.${verb}\`?)` : ` (providers: ${providers.join(', ')})`}`)];
    }
    const definition = ctx.plugins.get(pluginName);
    if (!definition) return []; // reported on the provider itself
    const spec = own(definition.actions, verb);
    if (!spec) {
      const verbs = Object.keys(definition.actions);
      const hint = didYouMean(verb, verbs);
      const offered = verbs.length > 0 ? `it offers ${verbs.map((v) => `${providerKey}.${v}`).join(', ')}` : 'it offers no actions';
      return [at(ctx, [...runPath, 'action'], `provider \`${providerKey}\` (${pluginName}) has no action \`${verb}\`${hint ? ` (did you mean \`${providerKey}.${hint}\`?)` : `; ${offered}`}`)];
    }
    const { action: _action, ...params } = step.run;
    return [...validateWith(ctx, spec.params, params, runPath), ...checkTemplates(ctx, params, runPath, templateVars)];
  });
};

function checkTemplates(ctx: CrossCheckContext, value: unknown, path: ValuePath, known: readonly string[]): LocatedMessage[] {
  if (typeof value === 'string') {
    return templateUses(value)
      .filter((use) => !known.includes(use.name))
      .map((use) => {
        const hint = didYouMean(use.name, known);
        return {
          ...ctx.map.locateInScalar(path, use.offset),
          message: `unknown template variable \`{{${use.name}}}\`${hint ? ` (did you mean \`{{${hint}}}\`?)` : ` (known: ${known.join(', ')}; add others under \`vars:\`)`}`,
        };
      });
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => checkTemplates(ctx, item, [...path, index], known));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => checkTemplates(ctx, item, [...path, key], known));
  return [];
}

function validateWith(ctx: CrossCheckContext, schema: z.ZodType, value: unknown, path: ValuePath, onlyKeys?: readonly string[]): LocatedMessage[] {
  let result: ReturnType<typeof schema.safeParse>;
  try {
    result = schema.safeParse(value, { reportInput: true });
  } catch (error) {
    // A plugin's schema is plugin code: its bug is reported here, it does not take lint down.
    return [at(ctx, path, `the plugin's own check of these settings failed: ${thrownMessage(error)}`)];
  }
  if (result.success) return [];
  // For environment overrides, report only what the override itself got wrong; the base is checked once.
  const issues = onlyKeys ? result.error.issues.flatMap((issue) => overrideIssue(issue, onlyKeys)) : result.error.issues;
  return locateIssues(issues, schema, ctx.map, path);
}

function overrideIssue(issue: z.core.$ZodIssue, keys: readonly string[]): z.core.$ZodIssue[] {
  if (issue.code !== 'unrecognized_keys') return keys.includes(String(issue.path[0])) ? [issue] : [];
  const own = issue.keys.filter((key) => keys.includes(key));
  return own.length > 0 ? [{ ...issue, keys: own }] : [];
}

function providerWith(ctx: CrossCheckContext, capability: 'deploys' | 'flags' | 'slo'): string | undefined {
  return Object.entries(ctx.runbook.providers).find(([, section]) => ctx.plugins.get(section.plugin)?.capabilities.includes(capability))?.[0];
}

