import { statusUpdateMissed, type StatusUpdateMissed } from './statusUpdateMissed';
import { againstAdviceLines } from './againstAdvice';
import { burnCameBack } from './burnCameBack';
import { scoreLine, scoreOf, scoreParts } from './scoreParts';
import { formatDuration, shownSpanMs } from './duration';
import { firstActionsNotDone } from './stepsNotDone';
import { changesAfterTheStop } from './afterTheStop';
import { neverMade, rightChangesLine, undoneMitigation, unverifiedMitigation, type MitigationRule } from './mitigationLines';

export type { MitigationRule } from './mitigationLines';
import { CLOSED_UNCONFIRMED, type EventOf, type IncidentOpenedData, type StoredEvent } from './events';

/** What a scenario expects of the responders (from the scenario file, in core terms). */
export interface DrillExpectations {
  readonly scenario: string;
  readonly mitigations: readonly MitigationRule[];
  readonly targets: { readonly firstActionMs: number; readonly mitigateMs: number; readonly recoverMs: number };
  /** Steps of the runbook's `recovery:` section. */
  readonly recoverySteps: readonly string[];
  /** Steps whose action is a mitigation (a rollback, a flag): not doing one is judged by `mitigations`, not listed as undone. */
  readonly mitigationSteps?: readonly string[];
}

/** How the drill's virtual clock ran: targets and measured times are in drill time. */
export type DrillClockSpeed = { readonly kind: 'scaled'; readonly factor: number } | { readonly kind: 'max' };

export interface DrillOutcome {
  /** Ground truth from the sandbox: the world's error ratio is back to normal. */
  readonly recovered: boolean;
  /** Absent: speed 1, drill time is real time. */
  readonly speed?: DrillClockSpeed;
  /**
   * The drill was resumed (`--incident`): it ran in more than one sitting, perhaps at other
   * speeds than this one's, so its drill time says nothing of real time.
   */
  readonly resumed?: boolean;
  /**
   * What the responders changed and left so (core/openEnds.ts, as the cockpit's screen says it):
   * a follow-up, not a fault. A kill switch nobody needed, left off, went unsaid under 100/100.
   */
  readonly leftChanged?: readonly string[];
}

/**
 * What became of a plan the scenario judges wrong or risky. `declined`: the responder (or the
 * autopilot) said no at the confirmation, which is the judgement a drill rehearses, not a fault;
 * `refused`: the cockpit refused it (a safety gate, a deploy state that moved); `overridden`: a
 * safety block was overridden to force it through; `ran`: it started without any block; `left`:
 * the drill was quit while it waited at its confirmation.
 */
export type JudgedOutcome = 'ran' | 'overridden' | 'declined' | 'refused' | 'left';

export interface JudgedAction {
  readonly action: string;
  readonly name: string;
  readonly verdict: 'wrong' | 'risky';
  readonly why: string;
  /** Ran (started, with or without an override of a safety block). */
  readonly ran: boolean;
  readonly outcome: JudgedOutcome;
  /** Its check failed (an aborted Rollout): why, in place of what the scenario says it would do. */
  readonly checkFailed?: string;
}

/**
 * The headline: `recovered` needs both the world back to health and the runbook's recovery checks
 * passed; `unconfirmed` is a world that recovered while the checks did not pass (or were marked
 * done by hand), so the headline never contradicts the findings under it.
 */
export type DrillVerdict = 'recovered' | 'unconfirmed' | 'not-recovered';

export interface DrillReport {
  readonly scenario: string;
  readonly incident: string;
  readonly recovered: boolean;
  readonly recoveryChecksPassed: boolean;
  readonly verdict: DrillVerdict;
  /** Times and targets are drill time; this says how drill time related to real time. */
  readonly speed: DrillClockSpeed;
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
  const step = stepNames(opened.data.steps);
  // Between the times as the postmortem shows them (to the second), so the two agree ("5m38s" here, "5m37s" there).
  const since = (event: StoredEvent | undefined) => (event ? shownSpanMs(start, Date.parse(event.at)) : null);

  const planned = new Map<string, { name: string; facts: Readonly<Record<string, unknown>>; undoes?: string }>();
  for (const e of events) if (e.kind === 'action.planned') planned.set(e.data.action, { name: e.data.name, facts: e.data.facts ?? {}, ...(e.data.undoes === undefined ? {} : { undoes: e.data.undoes }) });
  // The scenario judges mitigations, not their undoing: the undo of a rollback to :41 (itself a
  // rollback, to :42) read "Wrong action forced through a safety block … :41 is rejected".
  const ruleOf = (action: string) => {
    const plan = planned.get(action);
    return plan && plan.undoes === undefined ? expectations.mitigations.find((rule) => matches(rule, plan.name, plan.facts)) : undefined;
  };

  const firstAction = events.find((e) => e.kind === 'action.started');
  // The changes taken back, by the undo that did it: a right one undone mitigates nothing ("Right mitigation … met" of a rollback undone).
  // Not one whose check failed: an Argo Rollout aborted the undo, and the change it was to take back still stood.
  const checkFailures = new Map(events.flatMap((e) => (e.kind === 'verify.failed' && e.data.action !== undefined ? [[e.data.action, e.data.summary] as const] : [])));
  const undos = events.flatMap((e) => (e.kind === 'action.succeeded' && planned.get(e.data.action)?.undoes !== undefined && !checkFailures.has(e.data.action) ? [[planned.get(e.data.action)!.undoes!, e.data.action] as const] : []));
  const undone = new Map(undos);
  const verified = new Set(events.flatMap((e) => (e.kind === 'verify.passed' && e.data.action !== undefined ? [e.data.action] : [])));
  // Mitigated when the right action is verified (the service stable, the flag reloaded), not merely sent.
  const rightVerified = events.filter((e): e is EventOf<'verify.passed'> => e.kind === 'verify.passed' && e.data.action !== undefined && !undone.has(e.data.action) && ruleOf(e.data.action)?.verdict === 'right');
  // Made, and never checked (the responder stopped watching, or quit): "never" read as if it had not happened.
  const rightMade = events.find((e): e is EventOf<'action.succeeded'> => e.kind === 'action.succeeded' && !undone.has(e.data.action) && ruleOf(e.data.action)?.verdict === 'right');
  // Made and taken back: "never made" read of a rollback made, verified, then undone by mistake.
  const rightUndone = events.findLast((e): e is EventOf<'action.succeeded'> => e.kind === 'action.succeeded' && undone.has(e.data.action) && ruleOf(e.data.action)?.verdict === 'right');
  // Each check's last pass: one run again after the burn came back is the recovery.
  const recoveryPassed = expectations.recoverySteps.map((step) => events.findLast((e) => e.kind === 'verify.passed' && e.data.step === step));
  const allPassed = recoveryPassed.every((e) => e !== undefined);
  const lastPass = allPassed ? recoveryPassed.reduce<StoredEvent | undefined>((a, b) => (a === undefined || b!.seq > a.seq ? b : a), undefined) : undefined;
  const relapse = lastPass === undefined ? undefined : burnCameBack(events, lastPass.seq);
  const recoveryChecksPassed = allPassed && relapse === undefined;
  const lastRecovery = recoveryChecksPassed ? lastPass : undefined;
  // Of several right changes, the last verified before the recovery checks passed: two rollbacks
  // (:43 → :42, :42 → :41, both builds bad), and the report credited the first, the burn going on
  // after it. With no check passed, the newest: the first read "Right mitigation: 2m56s … met" of a
  // drill quit early, for the rollback the burn went on after (the one that stopped it came at 20m47s).
  // Not one made after the burn had stopped: a second rollback 15 minutes after the first had stopped it was credited.
  const afterTheStop = changesAfterTheStop(events);
  const whileBurning = rightVerified.filter((e) => !afterTheStop.has(e.data.action!));
  const credible = whileBurning.length > 0 ? whileBurning : rightVerified;
  const rightMitigation = lastRecovery === undefined ? credible.at(-1) : (credible.filter((e) => e.seq < lastRecovery.seq).at(-1) ?? credible[0]);

  const forced = events.filter((e) => e.kind === 'action.confirmed' && e.data.override === true).map((e) => (e.data as { action: string }).action);
  // An undo back onto what the incident knew bad (the build it began with) is the way back, typed on purpose: said, not scored.
  const overrides = forced.filter((action) => planned.get(action)?.undoes === undefined);
  const undoOverrides = forced.filter((action) => planned.get(action)?.undoes !== undefined);
  const outcomeOf = judgeOutcomes(events, new Set(overrides));
  const riskyOrWrong: JudgedAction[] = [...planned.keys()].flatMap((action) => {
    const rule = ruleOf(action);
    if (!rule || rule.verdict === 'right') return [];
    const outcome = outcomeOf(action);
    const failed = checkFailures.get(action);
    return [{ action, name: planned.get(action)!.name, verdict: rule.verdict, why: rule.why, ran: outcome === 'ran' || outcome === 'overridden', outcome, ...(failed === undefined ? {} : { checkFailed: failed }) }];
  });
  // Saying no to a wrong plan is the judgement being rehearsed: it costs nothing, not even the clean-run points.
  const attempted = riskyOrWrong.filter((j) => j.outcome !== 'declined' && j.outcome !== 'left');
  const checkOverrides = events.flatMap((e) => (e.kind === 'step.completed' && e.data.override === true ? [{ step: e.data.step, ...(e.data.reason ? { reason: e.data.reason } : {}) }] : []));
  // Marked done without its action running: the step was not done, whatever the screen was told.
  const markedByHand = events.flatMap((e) => (e.kind === 'step.completed' && e.data.manual === true ? [e.data] : []));
  const stepsSkipped = events.filter((e) => e.kind === 'step.skipped').map((e) => ({ step: e.data.step, ...(e.data.reason ? { reason: e.data.reason } : {}) }));
  // A mitigation not made is judged by the mitigations ("never made: a rollback"); one made and undone is a step not done.
  const notDone = firstActionsNotDone(events).filter((s) => s.undoneBy !== undefined || !(expectations.mitigationSteps ?? []).includes(s.step));
  // Why, where the resolve recorded the runbook passing over it.
  const end = events.findLast((e) => e.kind === 'incident.resolved' || e.kind === 'incident.reopened');
  const passed = end?.kind === 'incident.resolved' ? end.data.passedOver : undefined;

  const timeToFirstActionMs = since(firstAction);
  // When the change took effect: a check re-run after a resume saw it minutes later (doneAt).
  const timeToMitigationMs = rightMitigation?.kind === 'verify.passed' && rightMitigation.data.doneAt !== undefined ? shownSpanMs(start, Date.parse(rightMitigation.data.doneAt)) : since(rightMitigation);
  const timeToRecoveryMs = since(lastRecovery);
  const { targets } = expectations;
  const parts = scoreParts({
    recovered: outcome.recovered,
    checksPassed: recoveryChecksPassed,
    times: [
      { what: 'first action', ms: timeToFirstActionMs, targetMs: targets.firstActionMs, worth: 10 },
      { what: 'right mitigation', ms: timeToMitigationMs, targetMs: targets.mitigateMs, worth: 20 },
      { what: 'recovery', ms: timeToRecoveryMs, targetMs: targets.recoverMs, worth: 10 },
    ],
    clean: attempted.length === 0 && overrides.length === 0,
    ran: riskyOrWrong.filter((j) => j.ran).map((j) => ({ verdict: j.verdict })),
    overrides,
    // A skip is a decision on the record, as a step left undone is none: neither costs (a skip cost 2, leaving it undone nothing).
    markedByHand: markedByHand.length,
  });
  const score = scoreOf(parts, MAX_SCORE);
  const scoreSaid = scoreLine(parts, MAX_SCORE);

  const verdict: DrillVerdict = !outcome.recovered ? 'not-recovered' : recoveryChecksPassed ? 'recovered' : 'unconfirmed';
  const speed = outcome.speed ?? { kind: 'scaled', factor: 1 };
  const clockNote = drillTimeNote(speed, outcome.resumed === true);
  // Real time beside drill time only where one speed ran the whole drill.
  const realSpeed = outcome.resumed === true ? undefined : speed;
  const findings = [
    worldLine(verdict, recoveryChecksPassed),
    relapse === undefined
      ? checksLine(expectations.recoverySteps, recoveryPassed, checkOverrides, outcome.recovered, startedSteps(events), step)
      : `Recovery checks passed, then the burn came back at ${relapse.at.slice(11, 19)} UTC (5m ${relapse.burn.toFixed(1)}x), and they were not run again.`,
    ...(clockNote ? [clockNote] : []),
    timeLine('First action', timeToFirstActionMs, targets.firstActionMs, realSpeed),
    timeLine('Right mitigation', timeToMitigationMs, targets.mitigateMs, realSpeed, unverifiedMitigation(rightMade, since) ?? undoneMitigation(rightUndone, undone, events, since) ?? neverMade(expectations.mitigations)),
    ...(rightVerified.length > 1 && rightMitigation ? [rightChangesLine(rightVerified, rightMitigation, lastRecovery !== undefined, since, afterTheStop)] : []),
    // Timed by the recovery checks: "never" beside "the world recovered" read as a contradiction.
    timeLine('Recovery', timeToRecoveryMs, targets.recoverMs, realSpeed, relapse === undefined ? 'not confirmed, no recovery check passed' : 'not confirmed, the burn came back after the checks passed'),
    ...counted(riskyOrWrong.map(judgedLine)),
    // A judged action forced through its block says so already ("forced through a safety block").
    ...overrides.filter((action) => !riskyOrWrong.some((j) => j.action === action && j.outcome === 'overridden')).map((action) => `Safety block overridden for ${action}.`),
    ...undoOverrides.map((action) => `${action} ${checkFailures.has(action) ? 'tried to undo' : 'undid'} ${planned.get(action)!.undoes!}, typed through its safety block${checkFailures.has(action) ? ', and failed its check' : ''} (not scored).`),
    // Quit while its rollout ran: the report said it undid the change, the postmortem that it was never verified.
    ...undos.filter(([, by]) => !undoOverrides.includes(by)).map(([change, by]) => `${by} undid ${change}${verified.has(by) ? '' : ', its change not checked'} (not scored).`),
    ...checkOverrides.map((o) => `Recovery check ${step(o.step)} marked done by hand (override)${o.reason ? `: ${o.reason}` : ''}`),
    ...markedByHand.map((m) => `Step ${step(m.step)} marked done without running ${m.action ?? 'its action'}${m.reason ? `: ${m.reason}` : ''}`),
    ...againstAdviceLines(events),
    ...markedWhileBurning(events),
    ...stepsSkipped.map((s) => `Step skipped: ${step(s.step)}${s.reason ? ` (${s.reason})` : ''}`),
    ...notDone.map((s) => `Step not done: ${step(s.step)}${s.undoneBy === undefined ? '' : ` (undone by ${s.undoneBy})`}${passed?.steps.includes(s.step) ? ` (passed over: ${passed.why})` : ''}`),
    ...(outcome.leftChanged ?? []).map((change) => `Left changed (a follow-up, no penalty): ${change}`),
    ...missedUpdateLines(statusUpdateMissed(events)),
    ...(scoreSaid === undefined ? [] : [scoreSaid]),
  ];
  return {
    scenario: expectations.scenario,
    incident: opened.incident,
    recovered: outcome.recovered,
    recoveryChecksPassed,
    verdict,
    speed,
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

/** The last of an action's facts decides what became of it (a declined plan may be tried again and run). */
function judgeOutcomes(events: readonly StoredEvent[], overridden: ReadonlySet<string>): (action: string) => JudgedOutcome {
  const started = new Set<string>();
  const cancelled = new Map<string, string>();
  for (const e of events) {
    if (e.kind === 'action.started') started.add(e.data.action);
    if (e.kind === 'action.cancelled') cancelled.set(e.data.action, e.data.reason ?? '');
  }
  return (action) => {
    if (overridden.has(action)) return 'overridden';
    if (started.has(action)) return 'ran';
    const reason = cancelled.get(action);
    // `refused: …` is the cockpit's own gate; any other answer at the confirmation is a no.
    if (reason === CLOSED_UNCONFIRMED) return 'left';
    return reason === undefined || reason.startsWith('refused:') ? 'refused' : 'declined';
  };
}

/** The same line twice (two declined rollback plans) is said once, with how many times. */
function counted(lines: readonly string[]): string[] {
  const times = new Map<string, number>();
  for (const line of lines) times.set(line, (times.get(line) ?? 0) + 1);
  return [...times].map(([line, n]) => (n === 1 ? line : `${line.replace(/\.$/, '')}, ${n} times.`));
}

const effectOf = (j: JudgedAction): string => (j.checkFailed === undefined ? j.why : `its check failed, so it did not take as planned: ${j.checkFailed}`);

function judgedLine(j: JudgedAction): string {
  const kind = j.verdict === 'wrong' ? 'Wrong' : 'Risky';
  switch (j.outcome) {
    case 'declined':
      return `${kind} plan declined at the confirmation: ${j.name} (not run, no penalty).`;
    case 'left':
      return `${kind} plan left at its confirmation when the drill was quit: ${j.name} (not run, no penalty).`;
    case 'refused':
      return `${kind} action attempted, refused by the cockpit: ${j.name} — ${j.why}`;
    // What the scenario says it would do ("forced through, it fails most requests") is not what
    // happened when its check failed (an Argo Rollout aborted it): that is said instead.
    case 'overridden':
      return `${kind} action forced through a safety block: ${j.name} (${j.action}) — ${effectOf(j)}`;
    // Its id: two rollbacks (to :41, then to :40) read as one line "…, 2 times".
    case 'ran':
      return `${kind} action taken: ${j.name} (${j.action}) — ${effectOf(j)}`;
  }
}

function worldLine(verdict: DrillVerdict, checksPassed: boolean): string {
  // The sandbox's errors now, not the SLO's windows: "recovered" stood beside `5m 9.4x`, the window still holding the burn.
  if (verdict === 'recovered') return "The world recovered: the sandbox's error ratio is under the SLO budget now.";
  if (verdict === 'unconfirmed') return "The world recovered (the sandbox's error ratio is under the SLO budget now; the SLO's windows drain after it), but the runbook's recovery checks did not confirm it.";
  return checksPassed
    ? 'The world did NOT recover: the service is burning its error budget again after the recovery checks passed.'
    : 'The world did NOT recover: the service is still burning its error budget.';
}

function checksLine(
  steps: readonly string[],
  passed: readonly (StoredEvent | undefined)[],
  overridden: readonly { readonly step: string }[],
  recovered: boolean,
  started: ReadonlyMap<string, 'failed' | 'watched'>,
  name: (id: string) => string,
): string {
  const missing = steps.filter((_, i) => passed[i] === undefined);
  if (missing.length === 0) return recovered ? 'Recovery checks passed.' : 'Recovery checks passed earlier.';
  const byHand = new Set(overridden.map((o) => o.step));
  // A check never started did not fail, nor one still watched when the drill stopped: "did not pass" read as a failure.
  const why = (step: string) => (started.get(step) === 'watched' ? `${name(step)} (still watched when the drill stopped)` : started.has(step) ? name(step) : `${name(step)} (never run)`);
  const parts = missing.map((step) => (byHand.has(step) ? `${name(step)} (marked done by hand)` : why(step)));
  return `Recovery checks did not pass: ${parts.join(', ')}.`;
}

/**
 * A step as the runbook panel and the resolve dialog name it (`5. Burn under 1x for 10m`): the
 * report named steps by id (`page-db`), which the responder had never seen on screen.
 */
function stepNames(steps: IncidentOpenedData['steps']): (id: string) => string {
  return (id) => {
    const index = steps.findIndex((step) => step.id === id);
    return index === -1 ? id : `${index + 1}. ${steps[index]!.title}`;
  };
}

/** The steps started, and whether their check's last word was a failure or none yet (still watched). */
function startedSteps(events: readonly StoredEvent[]): ReadonlyMap<string, 'failed' | 'watched'> {
  const started = new Map<string, 'failed' | 'watched'>();
  for (const e of events) {
    if (e.kind === 'step.started') started.set(e.data.step, 'watched');
    else if (e.kind === 'verify.failed' && e.data.step !== undefined && started.has(e.data.step)) started.set(e.data.step, 'failed');
  }
  return started;
}

/** Said once above the times, when drill time is not real time. */
function drillTimeNote(speed: DrillClockSpeed, resumed: boolean): string | undefined {
  if (resumed) return 'Times and targets are drill time (the drill was resumed: it ran in more than one sitting, perhaps at other speeds, so no real time is shown).';
  if (speed.kind === 'max') return 'Times and targets are drill time (the virtual clock ran as fast as the work allowed).';
  if (speed.factor === 1) return undefined;
  return `Times and targets are drill time (the virtual clock ran at ${speed.factor}x): real time is shown beside them.`;
}

function timeLine(label: string, actual: number | null, target: number, speed: DrillClockSpeed | undefined, missing = 'never'): string {
  if (actual === null) return `${label}: ${missing} (target ${formatDuration(target)}${realText(target, speed)}).`;
  // "3m1s [18s real] (target 3m [18s real], missed)": where rounding makes the two real times look
  // the same, they are given to the tenth of a second.
  const fine = actual !== target && realText(actual, speed) === realText(target, speed);
  const targetText = formatDuration(target) + realText(target, speed, fine);
  const text = formatDuration(actual) + realText(actual, speed, fine);
  return `${label}: ${text} (target ${targetText}${actual <= target ? ', met' : ', missed'}).`;
}

/** ` [6s real]` at --speed 10; nothing at speed 1 (the same), max or unknown (no real-time meaning). */
function realText(drillMs: number, speed: DrillClockSpeed | undefined, tenths = false): string {
  if (speed === undefined || speed.kind === 'max' || speed.factor === 1) return '';
  const real = drillMs / speed.factor;
  if (tenths) return ` [${(real / 1000).toFixed(1)}s real]`;
  return ` [${formatDuration(real >= 1000 ? Math.round(real / 1000) * 1000 : Math.round(real))} real]`;
}

/** The findings as one text, a sentence each however a finding ends ("… (deploy not the cause)" ran into the next one). */
export function findingsText(findings: readonly string[]): string {
  return findings.map((finding) => (/[.!?]$/.test(finding) ? finding : `${finding}.`)).join(' ');
}

/**
 * Marked mitigated while an SLO still burned, as the mark recorded it (not scored): the postmortem said
 * `marked, while availability was burning 18.1x on 5m`, the drill report nothing.
 */
function markedWhileBurning(events: readonly StoredEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.kind !== 'incident.mitigated' || e.data.burning === undefined) return [];
    const burning = e.data.burning.replace(/^(\S+) is burning/, '$1 was burning');
    return [`Marked mitigated at ${e.at.slice(11, 19)} UTC while ${burning}${e.data.reason === undefined ? '' : ` (why: ${e.data.reason})`} (not scored).`];
  });
}

/** "No status update posted …": the runbook's ask, unanswered (not scored: the scenario judges the mitigation). */
function missedUpdateLines(missed: StatusUpdateMissed | undefined): string[] {
  if (missed === undefined) return [];
  return [`No status update posted (not scored): the runbook asks for one${missed.asks === undefined ? '' : ` ${missed.asks}`}; the cockpit reminded at ${missed.remindedAt.slice(11, 19)} UTC.`];
}

