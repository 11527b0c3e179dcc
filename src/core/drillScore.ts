import { formatDuration } from './duration';
import type { StoredEvent } from './events';

/** What a scenario expects of the responders (from the scenario file, in core terms). */
export interface DrillExpectations {
  readonly scenario: string;
  readonly mitigations: readonly MitigationRule[];
  readonly targets: { readonly firstActionMs: number; readonly mitigateMs: number; readonly recoverMs: number };
  /** Steps of the runbook's `recovery:` section. */
  readonly recoverySteps: readonly string[];
}

export interface MitigationRule {
  readonly action: 'rollback' | 'flag';
  readonly flag?: string;
  /** For flags: the variant set, or `DISABLED`. */
  readonly variant?: string;
  readonly verdict: 'right' | 'wrong' | 'risky';
  readonly why: string;
}

export interface DrillOutcome {
  /** Ground truth from the sandbox: the world's error ratio is back to normal. */
  readonly recovered: boolean;
}

export interface JudgedAction {
  readonly action: string;
  readonly name: string;
  readonly verdict: 'wrong' | 'risky';
  readonly why: string;
  /** Ran (started), or was only attempted (refused, declined, blocked). */
  readonly ran: boolean;
}

export interface DrillReport {
  readonly scenario: string;
  readonly incident: string;
  readonly recovered: boolean;
  readonly recoveryChecksPassed: boolean;
  readonly timeToFirstActionMs: number | null;
  readonly timeToMitigationMs: number | null;
  readonly timeToRecoveryMs: number | null;
  readonly targets: DrillExpectations['targets'];
  readonly stepsSkipped: readonly { readonly step: string; readonly reason?: string }[];
  readonly riskyOrWrong: readonly JudgedAction[];
  readonly overrides: readonly string[];
  /** Recovery checks the responder marked done by hand: not passed, whatever the world did. */
  readonly checkOverrides: readonly { readonly step: string; readonly reason?: string }[];
  readonly score: number;
  readonly max: number;
  /** One line each, for the terminal and the postmortem. */
  readonly findings: readonly string[];
}

export const MAX_SCORE = 100;

/**
 * Scores a drill from its timeline: how fast the first action came, how fast the right
 * mitigation worked, whether and when the recovery checks passed, and what risky or wrong
 * actions were taken on the way. Pure: everything comes from the events.
 */
export function scoreDrill(events: readonly StoredEvent[], expectations: DrillExpectations, outcome: DrillOutcome): DrillReport {
  const opened = events.find((e) => e.kind === 'incident.opened');
  if (!opened) throw new Error('a drill timeline starts with incident.opened');
  const start = Date.parse(opened.at);
  const since = (event: StoredEvent | undefined) => (event ? Date.parse(event.at) - start : null);

  const planned = new Map<string, { name: string; facts: Readonly<Record<string, unknown>> }>();
  for (const e of events) if (e.kind === 'action.planned') planned.set(e.data.action, { name: e.data.name, facts: e.data.facts ?? {} });
  const ruleOf = (action: string) => {
    const plan = planned.get(action);
    return plan ? expectations.mitigations.find((rule) => matches(rule, plan.name, plan.facts)) : undefined;
  };

  const firstAction = events.find((e) => e.kind === 'action.started');
  // Mitigated when the right action is verified (the service stable, the flag reloaded), not merely sent.
  const rightMitigation = events.find((e) => e.kind === 'verify.passed' && e.data.action !== undefined && ruleOf(e.data.action)?.verdict === 'right');
  const recoveryPassed = expectations.recoverySteps.map((step) => events.find((e) => e.kind === 'verify.passed' && e.data.step === step));
  const recoveryChecksPassed = recoveryPassed.every((e) => e !== undefined);
  const lastRecovery = recoveryChecksPassed ? recoveryPassed.at(-1) : undefined;

  const started = new Set(events.filter((e) => e.kind === 'action.started').map((e) => (e.data as { action: string }).action));
  const riskyOrWrong: JudgedAction[] = [...planned.keys()].flatMap((action) => {
    const rule = ruleOf(action);
    if (!rule || rule.verdict === 'right') return [];
    return [{ action, name: planned.get(action)!.name, verdict: rule.verdict, why: rule.why, ran: started.has(action) }];
  });
  const overrides = events.filter((e) => e.kind === 'action.confirmed' && e.data.override === true).map((e) => (e.data as { action: string }).action);
  const checkOverrides = events.flatMap((e) => (e.kind === 'step.completed' && e.data.override === true ? [{ step: e.data.step, ...(e.data.reason ? { reason: e.data.reason } : {}) }] : []));
  const stepsSkipped = events.filter((e) => e.kind === 'step.skipped').map((e) => ({ step: e.data.step, ...(e.data.reason ? { reason: e.data.reason } : {}) }));

  const timeToFirstActionMs = since(firstAction);
  const timeToMitigationMs = since(rightMitigation);
  const timeToRecoveryMs = since(lastRecovery);
  const { targets } = expectations;
  const score = clamp(
    (outcome.recovered ? 40 : 0) +
      (recoveryChecksPassed ? 10 : 0) +
      timely(timeToFirstActionMs, targets.firstActionMs, 10) +
      timely(timeToMitigationMs, targets.mitigateMs, 20) +
      timely(timeToRecoveryMs, targets.recoverMs, 10) +
      (riskyOrWrong.length === 0 && overrides.length === 0 ? 10 : 0) -
      riskyOrWrong.filter((j) => j.ran).reduce((sum, j) => sum + (j.verdict === 'wrong' ? 15 : 10), 0) -
      10 * overrides.length -
      2 * stepsSkipped.length,
  );

  const findings = [
    outcome.recovered ? 'The world recovered: error ratio back under the SLO budget.' : 'The world did NOT recover: the service is still burning its error budget.',
    recoveryChecksPassed ? 'Recovery checks passed.' : 'Recovery checks did not pass.',
    timeLine('First action', timeToFirstActionMs, targets.firstActionMs),
    timeLine('Right mitigation', timeToMitigationMs, targets.mitigateMs),
    timeLine('Recovery', timeToRecoveryMs, targets.recoverMs),
    ...riskyOrWrong.map((j) => `${j.verdict === 'wrong' ? 'Wrong' : 'Risky'} action ${j.ran ? 'taken' : 'attempted'}: ${j.name} — ${j.why}`),
    ...overrides.map((action) => `Safety block overridden for ${action}.`),
    ...checkOverrides.map((o) => `Recovery check ${o.step} marked done by hand (override)${o.reason ? `: ${o.reason}` : ''}`),
    ...stepsSkipped.map((s) => `Step skipped: ${s.step}${s.reason ? ` (${s.reason})` : ''}`),
  ];
  return {
    scenario: expectations.scenario,
    incident: opened.incident,
    recovered: outcome.recovered,
    recoveryChecksPassed,
    timeToFirstActionMs,
    timeToMitigationMs,
    timeToRecoveryMs,
    targets,
    stepsSkipped,
    riskyOrWrong,
    overrides,
    checkOverrides,
    score,
    max: MAX_SCORE,
    findings,
  };
}

function matches(rule: MitigationRule, name: string, facts: Readonly<Record<string, unknown>>): boolean {
  if (rule.action === 'rollback') return name.endsWith('.rollback');
  if (facts.flag !== rule.flag) return false;
  return rule.variant === undefined || facts.after === rule.variant;
}

/** Full points within the target, half within twice the target, none after or never. */
function timely(actual: number | null, target: number, points: number): number {
  if (actual === null) return 0;
  if (actual <= target) return points;
  return actual <= 2 * target ? points / 2 : 0;
}

function timeLine(label: string, actual: number | null, target: number): string {
  const targetText = formatDuration(target);
  if (actual === null) return `${label}: never (target ${targetText}).`;
  const text = formatDuration(Math.round(actual / 1000) * 1000);
  return `${label}: ${text} (target ${targetText}${actual <= target ? ', met' : ', missed'}).`;
}

function clamp(score: number): number {
  return Math.max(0, Math.min(MAX_SCORE, Math.round(score)));
}
