import type { Runbook } from './runbookModel';
/**
 * Multiwindow, multi-burn-rate triggers (SRE workbook). A trigger fires only while BOTH its long
 * window (is the spend significant?) and its short window (is it still happening?) burn faster
 * than its threshold, so it fires fast and clears fast after a rollback.
 */
import { burnRate, WINDOW_MS } from './burnRate';
import { formatDuration, parseDuration } from './duration';

export type TriggerSeverity = 'page' | 'ticket';

export interface TriggerRule {
  /** Stable across evaluations, so fired/cleared transitions can be matched: `availability:1h/5m>14.4`. */
  readonly id: string;
  readonly slo: string;
  readonly burnRate: number;
  readonly longMs: number;
  readonly shortMs: number;
  readonly severity: TriggerSeverity;
}

interface DefaultRuleShape {
  readonly severity: TriggerSeverity;
  readonly longMs: number;
  readonly shortMs: number;
  /** Share of the period's budget spent in the long window when the rule fires. */
  readonly budgetFraction: number;
}

/** The workbook's table for a 30-day period: 14.4 on 1h+5m, 6 on 6h+30m, 3 on 1d+2h, 1 on 3d+6h. */
export const DEFAULT_POLICY: readonly DefaultRuleShape[] = [
  { severity: 'page', longMs: WINDOW_MS['1h'], shortMs: WINDOW_MS['5m'], budgetFraction: 0.02 },
  { severity: 'page', longMs: WINDOW_MS['6h'], shortMs: WINDOW_MS['30m'], budgetFraction: 0.05 },
  { severity: 'ticket', longMs: WINDOW_MS['1d'], shortMs: WINDOW_MS['2h'], budgetFraction: 0.1 },
  { severity: 'ticket', longMs: WINDOW_MS['3d'], shortMs: WINDOW_MS['6h'], budgetFraction: 0.1 },
];

/** The burn that spends `budgetFraction` of the period's budget within `longMs`. */
export function thresholdFor(budgetFraction: number, periodMs: number, longMs: number): number {
  return (budgetFraction * periodMs) / longMs;
}

function ruleId(slo: string, longMs: number, shortMs: number, burn: number): string {
  // Rounded so a scaled threshold (0.9333…) gives a readable id.
  return `${slo}:${formatDuration(longMs)}/${formatDuration(shortMs)}>${Number(burn.toFixed(3))}`;
}

/**
 * A trigger id's two windows as written (`availability:1h/5m>14.4` → `1h`, `5m`): what a logged
 * trigger is read by when its rule is not at hand (an export, an older log). Undefined for another form.
 */
export function ruleWindows(id: string): { readonly long: string; readonly short: string } | undefined {
  const windows = /:(\w+)\/(\w+)>/.exec(id);
  return windows === null ? undefined : { long: windows[1]!, short: windows[2]! };
}

function rule(slo: string, burn: number, longMs: number, shortMs: number, severity: TriggerSeverity): TriggerRule {
  return { id: ruleId(slo, longMs, shortMs, burn), slo, burnRate: burn, longMs, shortMs, severity };
}

/** The default policy scaled to the SLO's period (28 days gives 13.44, 5.6, 2.8, 0.933). */
export function defaultTriggers(slo: string, periodMs: number): TriggerRule[] {
  return DEFAULT_POLICY.map((shape) =>
    rule(slo, thresholdFor(shape.budgetFraction, periodMs, shape.longMs), shape.longMs, shape.shortMs, shape.severity),
  );
}

/** A runbook's `rollback.triggers` entry (structurally the runbook schema's TriggerSpec). */
export interface RunbookTrigger {
  readonly slo: string;
  readonly burn_rate: number;
  readonly long: string;
  readonly short: string;
}

/**
 * Runbook triggers recommend a rollback, so they page. Their burn rate is taken as written: the
 * author chose it for their period. Durations were validated by the schema; a bad one is a bug.
 */
export function runbookTriggers(specs: readonly RunbookTrigger[]): TriggerRule[] {
  return specs.map((spec) => {
    const longMs = parseDuration(spec.long);
    const shortMs = parseDuration(spec.short);
    if (longMs === undefined || shortMs === undefined) {
      throw new Error(`trigger for ${spec.slo} has unvalidated durations ${spec.long}/${spec.short}`);
    }
    return rule(spec.slo, spec.burn_rate, longMs, shortMs, 'page');
  });
}

export type TriggerState = 'fired' | 'quiet' | 'no-data';

export interface TriggerVerdict {
  readonly rule: TriggerRule;
  readonly state: TriggerState;
  readonly longBurn: number | null;
  readonly shortBurn: number | null;
}

/**
 * Judge one rule from the SLO's error ratios per window (ms → ratio). A window with no data (null
 * or never measured) makes the verdict `no-data`: silence never fires and never reads as healthy.
 */
export function evaluateTrigger(
  rule: TriggerRule,
  objectivePercent: number,
  ratios: ReadonlyMap<number, number | null>,
): TriggerVerdict {
  const longBurn = burnRate(ratios.get(rule.longMs) ?? null, objectivePercent);
  const shortBurn = burnRate(ratios.get(rule.shortMs) ?? null, objectivePercent);
  const state: TriggerState =
    longBurn === null || shortBurn === null
      ? 'no-data'
      : longBurn > rule.burnRate && shortBurn > rule.burnRate
        ? 'fired'
        : 'quiet';
  return { rule, state, longBurn, shortBurn };
}

/** Every window the rules need measured, shortest first (the scheduler queries these). */
export function windowsFor(rules: readonly TriggerRule[]): number[] {
  return [...new Set(rules.flatMap((r) => [r.longMs, r.shortMs]))].sort((a, b) => a - b);
}

export interface TriggerTransition {
  readonly kind: 'trigger.fired' | 'trigger.cleared';
  readonly verdict: TriggerVerdict;
}

/**
 * What changed between two evaluations. `no-data` neither fires nor clears: a scrape gap during an
 * incident must not announce recovery.
 */
export function triggerTransitions(
  previouslyFired: ReadonlySet<string>,
  verdicts: readonly TriggerVerdict[],
): TriggerTransition[] {
  const transitions: TriggerTransition[] = [];
  for (const verdict of verdicts) {
    const wasFired = previouslyFired.has(verdict.rule.id);
    if (verdict.state === 'fired' && !wasFired) transitions.push({ kind: 'trigger.fired', verdict });
    if (verdict.state === 'quiet' && wasFired) transitions.push({ kind: 'trigger.cleared', verdict });
  }
  return transitions;
}

/**
 * The rules a runbook is watched with: its own `rollback.triggers` when it has any, otherwise the
 * default multiwindow policy scaled to each SLO's period.
 */
export function triggerRulesFor(runbook: Pick<Runbook, 'rollback' | 'slos'>): TriggerRule[] {
  const declared = runbook.rollback?.triggers ?? [];
  if (declared.length > 0) return runbookTriggers(declared);
  return runbook.slos.flatMap((slo) => defaultTriggers(slo.name, parseDuration(slo.period)!));
}
