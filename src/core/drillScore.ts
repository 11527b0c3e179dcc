import { statusUpdateMissed } from './statusUpdateMissed';
import { againstAdviceLines } from './againstAdvice';
import { burnCameBack } from './burnCameBack';
import { scoreLine, scoreOf, scoreParts } from './scoreParts';
import { formatDuration, shownSpanMs } from './duration';
import { firstActionsNotDone } from './stepsNotDone';
import { standingAt, type StandingReversal } from './standingReversal';
import { changesAfterTheStop } from './afterTheStop';
import { neverMade, rightChangesLine, undoneMitigation, unverifiedMitigation, type MitigationRule } from './mitigationLines';

import { CLOSED_UNCONFIRMED, type EventOf, type StoredEvent } from './events';
import { burnBackAfterMarks, checksLine, counted, drillTimeNote, judgedLine, markedWhileBurning, missedUpdateLines, startedSteps, stepNames, timeLine, worldLine } from './drillFindings';
import type { DrillExpectations, DrillOutcome, DrillReport, DrillVerdict, JudgedAction, JudgedOutcome } from './drillTypes';

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

  // A change the scenario calls wrong is no first action on the runbook's way (a wrong kill switch at 40s met the target),
  // nor is taking one back: the undo of a wrong rollback, at 2m31s, met the target beside "act-2 undid act-1 (not scored)".
  const started = events.filter((e): e is EventOf<'action.started'> => e.kind === 'action.started');
  const firstAction = started.find((e) => planned.get(e.data.action)?.undoes === undefined && ruleOf(e.data.action)?.verdict !== 'wrong');
  const wrongFirst = started[0] !== undefined && started[0] !== firstAction ? started[0] : undefined;
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
  // Each check's last pass: one run again after the burn came back is the recovery. Not one made while a step the runbook
  // takes back stood (order-worker's consumers paused: RECOVERED 100/100 of a worker that processed nothing).
  const standing = standingAt(events);
  const passes = expectations.recoverySteps.map((step) => events.findLast((e) => e.kind === 'verify.passed' && e.data.step === step));
  const heldBack = new Map<string, StandingReversal>();
  passes.forEach((pass, i) => {
    const held = pass === undefined ? undefined : standing(pass);
    if (held !== undefined) heldBack.set(expectations.recoverySteps[i]!, held);
  });
  const recoveryPassed = passes.map((e, i) => (heldBack.has(expectations.recoverySteps[i]!) ? undefined : e));
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
      ? checksLine(expectations.recoverySteps, recoveryPassed, checkOverrides, outcome.recovered, startedSteps(events), step, heldBack)
      : `Recovery checks passed, then the burn came back at ${relapse.at.slice(11, 19)} UTC (5m ${relapse.burn.toFixed(1)}x), and they were not run again.`,
    ...(clockNote ? [clockNote] : []),
    timeLine('First action', timeToFirstActionMs, targets.firstActionMs, realSpeed, wrongFirst === undefined ? undefined : 'none but wrong ones'),
    ...(wrongFirst === undefined ? [] : [`The first action made, ${planned.get(wrongFirst.data.action)?.name ?? wrongFirst.data.action} (${wrongFirst.data.action}) at ${formatDuration(since(wrongFirst)!)}, was a wrong one: it does not count as the first action.`]),
    timeLine('Right mitigation', timeToMitigationMs, targets.mitigateMs, realSpeed, unverifiedMitigation(rightMade, since) ?? undoneMitigation(rightUndone, undone, events, since) ?? neverMade(expectations.mitigations)),
    ...(rightVerified.length > 1 && rightMitigation ? [rightChangesLine(rightVerified, rightMitigation, lastRecovery !== undefined, since, afterTheStop)] : []),
    // Timed by the recovery checks: "never" beside "the world recovered" read as a contradiction.
    timeLine('Recovery', timeToRecoveryMs, targets.recoverMs, realSpeed, relapse === undefined ? 'not confirmed, no recovery check passed' : 'not confirmed, the burn came back after the checks passed'),
    ...counted(riskyOrWrong.map(judgedLine)),
    // A judged action forced through its block says so already ("forced through a safety block").
    ...overrides.filter((action) => !riskyOrWrong.some((j) => j.action === action && j.outcome === 'overridden')).map((action) => `Safety block overridden for ${action}.`),
    ...undoOverrides.map((action) => `${action} ${checkFailures.has(action) ? 'tried to undo' : 'undid'} ${planned.get(action)!.undoes!}, typed through its safety block${checkFailures.has(action) ? ', and failed its check' : verified.has(action) ? '' : ', its change not checked'} (not scored).`),
    // Quit while its rollout ran: the report said it undid the change, the postmortem that it was never verified.
    ...undos.filter(([, by]) => !undoOverrides.includes(by)).map(([change, by]) => `${by} undid ${change}${verified.has(by) ? '' : ', its change not checked'} (not scored).`),
    ...checkOverrides.map((o) => `Recovery check ${step(o.step)} marked done by hand (override)${o.reason ? `: ${o.reason}` : ''}`),
    ...markedByHand.map((m) => `Step ${step(m.step)} marked done without running ${m.action ?? 'its action'}${m.reason ? `: ${m.reason}` : ''}`),
    ...againstAdviceLines(events),
    ...markedWhileBurning(events),
    ...burnBackAfterMarks(events),
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

