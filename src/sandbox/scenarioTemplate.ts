/**
 * Built-in scenarios are templates: written for checkout-api (one `availability` SLO at 99.5%, a
 * `checkout_v2` kill switch), and bound here to the runbook being drilled — its service, its SLOs
 * (error ratios scaled so each burns its budget as fast as the template's), and the flag its
 * kill-switch step sets. A template that needs what the runbook lacks (a deploys provider for a
 * rollback, a flag step for a flag-caused failure) does not fit, with the runbook's line to say why.
 * Pure: YAML text in, YAML text out (the bound text is what the drill records, so it resumes).
 */
import { parse, stringify } from 'yaml';
import { formatDuration, parseDuration } from '../core/duration';
import { own } from '../core/own';
import type { Runbook } from '../core/runbookModel';
import type { ValuePath } from '../runbook/positions';
import { flagUses } from './scenario';
import type { OwnFlag } from './runbookFlags';

/** The SLO objective the built-ins' error ratios were written for (checkout-api's availability). */
export const TEMPLATE_OBJECTIVE = 99.5;
/** The service name the built-ins' images and texts use. */
const TEMPLATE_SERVICE = 'checkout-api';

/** A reason the template cannot drill this runbook, at a place in the runbook. */
export interface MisFit {
  readonly path: ValuePath;
  readonly message: string;
}

/** Bound: the YAML `text`, and `value`, the data it was written from (what parsing `text` gives). */
export type BindResult = { readonly ok: true; readonly text: string; readonly value: unknown } | { readonly ok: false; readonly problems: readonly MisFit[] };

interface RawFlag {
  variants: Record<string, unknown>;
  default_variant: string;
  changed?: { at: string; by: string; from: string };
  state?: string;
}
interface RawFailure {
  slo: string;
  revision?: number;
  error_ratio?: number;
  flag?: string;
  variant?: string;
  adds?: number;
  since?: string;
  why?: string;
}
interface RawScenario {
  name: string;
  description: string;
  service: string;
  deploys: { controller?: string; history: { images: Record<string, string> }[] };
  flags?: Record<string, RawFlag>;
  baseline: Record<string, { requests_per_second: number; error_ratio: number }>;
  failures?: RawFailure[];
  mitigations?: { action: string; flag?: string; variant?: string; verdict: string; why: string }[];
  targets?: { time_to_recover?: string };
}

/** How long checkout-api's recovery check holds (`for: 10m`): the templates' recovery targets count it in. */
const TEMPLATE_HOLD_MS = 10 * 60_000;

const hasPlugin = (runbook: Runbook, plugin: string) => Object.values(runbook.providers).some((p) => p.plugin === plugin);

/**
 * Binds a built-in template's YAML to `runbook`; `runbookFile` names it in the bound text's header.
 * `ownFlags`: the flags of the runbook's own flagd file, the background of a service other than the template's.
 */
export function bindTemplate(templateText: string, runbook: Runbook, runbookFile: string, ownFlags: Readonly<Record<string, OwnFlag>> = {}): BindResult {
  const raw = parse(templateText) as RawScenario;
  const failures = raw.failures ?? [];
  const mitigations = raw.mitigations ?? [];
  const problems: MisFit[] = [];

  const needsRollback = mitigations.some((m) => m.action === 'rollback' && m.verdict === 'right');
  if (needsRollback && !hasPlugin(runbook, 'ecs') && !hasPlugin(runbook, 'kubernetes')) {
    problems.push({ path: ['providers'], message: `scenario ${raw.name} is fixed by a rollback, and this runbook has no deploys provider (ecs or kubernetes) to roll back with` });
  }
  const causeFlag = failures.find((f) => f.flag !== undefined)?.flag;
  const killSwitch = flagUses(runbook).find((use) => use.variant !== undefined);
  if (causeFlag !== undefined && !hasPlugin(runbook, 'flagd')) {
    problems.push({ path: ['providers'], message: `scenario ${raw.name} is caused by a feature flag, and this runbook has no flags provider (flagd)` });
  } else if (causeFlag !== undefined && !killSwitch) {
    problems.push({ path: ['first_actions'], message: `scenario ${raw.name} is caused by a feature flag, and no step of this runbook sets a flag (a kill switch such as \`run: { action: flags.set, flag: ..., variant: "off" }\`)` });
  }
  const [templateSlo] = Object.keys(raw.baseline);
  const mainSlo = runbook.rollback?.triggers[0]?.slo ?? runbook.slos[0]?.name;
  if (mainSlo === undefined || templateSlo === undefined) problems.push({ path: ['slos'], message: `scenario ${raw.name} breaks an SLO, and this runbook has none to watch` });
  if (problems.length > 0) return { ok: false, problems };

  const template = raw.baseline[templateSlo!]!;
  const budgetOf = (slo: string) => (100 - (runbook.slos.find((s) => s.name === slo)?.objective ?? TEMPLATE_OBJECTIVE)) / (100 - TEMPLATE_OBJECTIVE);
  // The same burn rate on the runbook's SLO: its triggers fire when the template's story says they do.
  const scale = (ratio: number, slo: string) => Math.min(1, Number((ratio * budgetOf(slo)).toPrecision(6)));
  const rename = (text: string) => text.replaceAll(TEMPLATE_SERVICE, runbook.service);
  // The story's words, the runbook's things: its kill-switch flag for the template's, and pods on
  // Kubernetes (a payments drill's report said ":41 has the same checkout_v2 code path; the
  // rollback replaces every task").
  const flagBound = causeFlag !== undefined && killSwitch?.variant !== undefined && hasPlugin(runbook, 'flagd');
  const pods = hasPlugin(runbook, 'kubernetes') && !hasPlugin(runbook, 'ecs');
  const retell = (text: string) => {
    const named = flagBound ? rename(text).replaceAll(causeFlag, killSwitch.flag) : rename(text);
    return pods ? named.replace(/\btask definition\b/g, 'pod template').replace(/\btasks\b/g, 'pods').replace(/\btask\b/g, 'pod') : named;
  };

  const factor = budgetOf(mainSlo!);
  raw.service = runbook.service;
  raw.description = describeFor(retell(raw.description), mainSlo!, templateSlo!, factor);
  // The ECS controller means nothing to a Deployment or Rollout; its task fields are the pods'.
  if (pods) delete raw.deploys.controller;
  for (const failure of failures) if (failure.why !== undefined) failure.why = retell(failure.why);
  for (const mitigation of mitigations) mitigation.why = retell(mitigation.why);
  for (const deploy of raw.deploys.history) for (const [name, image] of Object.entries(deploy.images)) deploy.images[name] = rename(image);
  raw.baseline = Object.fromEntries(runbook.slos.map((slo) => [slo.name, { ...template, error_ratio: scale(template.error_ratio, slo.name) }]));
  for (const failure of failures) {
    failure.slo = mainSlo!;
    if (failure.error_ratio !== undefined) failure.error_ratio = scale(failure.error_ratio, mainSlo!);
    if (failure.adds !== undefined) failure.adds = scale(failure.adds, mainSlo!);
  }
  raw.flags = hasPlugin(runbook, 'flagd') ? bindFlags(raw, runbook, causeFlag, killSwitch, ownFlags) : {};
  const longerHold = holdOf(runbook) - TEMPLATE_HOLD_MS;
  const recover = raw.targets?.time_to_recover === undefined ? undefined : parseDuration(raw.targets.time_to_recover);
  // A longer hold than the template's makes its recovery target unmeetable (order-worker holds 15m).
  if (longerHold > 0 && recover !== undefined) raw.targets!.time_to_recover = formatDuration(recover + longerHold);
  const held = longerHold > 0 && recover !== undefined ? `\n# time_to_recover is the template's plus the ${formatDuration(longerHold)} more that ${runbook.service}'s recovery check holds.` : '';
  const scaled = factor === 1 ? '' : `\n# Error ratios (and the description's percentages) are the template's ×${Number(factor.toPrecision(4))}, for the same burn on ${mainSlo}'s objective.`;
  // "and kill switch" only where there is one to bind (order-worker has none, and its header said so).
  const header = `# Built-in scenario ${raw.name}, bound to ${runbook.service} (${runbookFile}): ${killSwitch !== undefined && hasPlugin(runbook, 'flagd') ? 'its service, SLOs and kill switch' : 'its service and SLOs'}.${scaled}${held}\n`;
  return { ok: true, text: header + stringify(raw, { lineWidth: 0 }), value: raw };
}

/** The longest any of the runbook's recovery checks must hold. */
function holdOf(runbook: Runbook): number {
  return Math.max(0, ...runbook.recovery.flatMap((step) => (step.verify === undefined ? [] : [parseDuration(step.verify.for) ?? 0])));
}

/**
 * The description's numbers are the bound error ratios (8% on a 99.5% SLO is 1.6% on a 99.9% one),
 * and an SLO other than the template's fails by its own measure, not with a 5xx.
 */
function describeFor(text: string, slo: string, templateSlo: string, factor: number): string {
  const scaled = factor === 1 ? text : text.replace(/(\d+(?:\.\d+)?)%/g, (_, n: string) => `${Number((Number(n) * factor).toPrecision(2))}%`);
  return slo === templateSlo ? scaled : scaled.replace(/\b(5xx|errors)\b/g, `${slo} failures`);
}

/**
 * The template's cause flag becomes the runbook's kill-switch flag, its healthy variant the one the
 * step sets; every other flag a runbook step touches exists, healthy, so the runbook's steps work.
 */
function bindFlags(
  raw: RawScenario,
  runbook: Runbook,
  causeFlag: string | undefined,
  killSwitch: { flag: string; variant?: string } | undefined,
  ownFlags: Readonly<Record<string, OwnFlag>>,
): Record<string, RawFlag> {
  const template = raw.flags ?? {};
  // The template's other flags are checkout-api's background: kept for the service it was written
  // for only; another service's background is its own flag file's.
  const background = runbook.service === TEMPLATE_SERVICE ? template : ownFlags;
  const flags: Record<string, RawFlag> = { ...(background as Record<string, RawFlag>) };
  if (causeFlag !== undefined) delete flags[causeFlag];
  if (causeFlag !== undefined && killSwitch?.variant !== undefined) {
    const off = killSwitch.variant === 'DISABLED' ? 'off' : killSwitch.variant;
    const renameVariant = (variant: string) => (variant === 'off' ? off : variant);
    const cause = own(template, causeFlag)!;
    flags[killSwitch.flag] = {
      ...cause,
      variants: Object.fromEntries(Object.entries(cause.variants).map(([name, value]) => [renameVariant(name), value])),
      default_variant: renameVariant(cause.default_variant),
      ...(cause.changed ? { changed: { ...cause.changed, from: renameVariant(cause.changed.from) } } : {}),
    };
    for (const failure of raw.failures ?? []) {
      if (failure.flag === causeFlag) failure.flag = killSwitch.flag;
    }
    for (const mitigation of raw.mitigations ?? []) {
      if (mitigation.flag !== causeFlag) continue;
      mitigation.flag = killSwitch.flag;
      if (mitigation.variant !== undefined) mitigation.variant = renameVariant(mitigation.variant);
    }
  }
  for (const use of flagUses(runbook)) {
    if (own(flags, use.flag)) continue;
    const kept = own(template, use.flag);
    const variant = use.variant === undefined || use.variant === 'DISABLED' ? 'off' : use.variant;
    flags[use.flag] = kept && variant in kept.variants ? kept : { variants: { on: true, [variant]: false }, default_variant: 'on' };
  }
  return flags;
}
