import { burnCameBack } from './burnCameBack';
import { formatDuration } from './duration';
import { standingText, type StandingReversal } from './standingReversal';
import type { IncidentOpenedData, StoredEvent } from './events';
import type { StatusUpdateMissed } from './statusUpdateMissed';
import type { DrillClockSpeed, DrillVerdict, JudgedAction } from './drillTypes';

// The drill report's findings, line by line: what scoreDrill found, in words.

/** The same line twice (two declined rollback plans) is said once, with how many times. */
export function counted(lines: readonly string[]): string[] {
  const times = new Map<string, number>();
  for (const line of lines) times.set(line, (times.get(line) ?? 0) + 1);
  return [...times].map(([line, n]) => (n === 1 ? line : `${line.replace(/\.$/, '')}, ${n} times.`));
}

const effectOf = (j: JudgedAction): string => (j.checkFailed === undefined ? j.why : `its check failed, so it did not take as planned: ${j.checkFailed}`);

export function judgedLine(j: JudgedAction): string {
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

export function worldLine(verdict: DrillVerdict, checksPassed: boolean): string {
  // The sandbox's errors now, not the SLO's windows: "recovered" stood beside `5m 9.4x`, the window still holding the burn.
  if (verdict === 'recovered') return "The world recovered: the sandbox's error ratio is under the SLO budget now.";
  if (verdict === 'unconfirmed') return "The world recovered (the sandbox's error ratio is under the SLO budget now; the SLO's windows drain after it), but the runbook's recovery checks did not confirm it.";
  return checksPassed
    ? 'The world did NOT recover: the service is burning its error budget again after the recovery checks passed.'
    : 'The world did NOT recover: the service is still burning its error budget.';
}

export function checksLine(
  steps: readonly string[],
  passed: readonly (StoredEvent | undefined)[],
  overridden: readonly { readonly step: string }[],
  recovered: boolean,
  started: ReadonlyMap<string, 'failed' | 'watched'>,
  name: (id: string) => string,
  heldBack: ReadonlyMap<string, StandingReversal> = new Map(),
): string {
  const missing = steps.filter((_, i) => passed[i] === undefined);
  if (missing.length === 0) return recovered ? 'Recovery checks passed.' : 'Recovery checks passed earlier.';
  const byHand = new Set(overridden.map((o) => o.step));
  // A check never started did not fail, nor one still watched when the drill stopped: "did not pass" read as a failure.
  const why = (step: string) => (started.get(step) === 'watched' ? `${name(step)} (still watched when the drill stopped)` : started.has(step) ? name(step) : `${name(step)} (never run)`);
  const held = (step: string) => {
    const standing = heldBack.get(step);
    return standing === undefined ? why(step) : `${name(step)} (${standingText(standing)})`;
  };
  const parts = missing.map((step) => (byHand.has(step) ? `${name(step)} (marked done by hand)` : held(step)));
  return `Recovery checks did not pass: ${parts.join(', ')}.`;
}

/**
 * A step as the runbook panel and the resolve dialog name it (`5. Burn under 1x for 10m`): the
 * report named steps by id (`page-db`), which the responder had never seen on screen.
 */
export function stepNames(steps: IncidentOpenedData['steps']): (id: string) => string {
  return (id) => {
    const index = steps.findIndex((step) => step.id === id);
    return index === -1 ? id : `${index + 1}. ${steps[index]!.title}`;
  };
}

/** The steps started, and whether their check's last word was a failure or none yet (still watched). */
export function startedSteps(events: readonly StoredEvent[]): ReadonlyMap<string, 'failed' | 'watched'> {
  const started = new Map<string, 'failed' | 'watched'>();
  for (const e of events) {
    if (e.kind === 'step.started') started.set(e.data.step, 'watched');
    else if (e.kind === 'verify.failed' && e.data.step !== undefined && started.has(e.data.step)) started.set(e.data.step, 'failed');
  }
  return started;
}

/** Said once above the times, when drill time is not real time. */
export function drillTimeNote(speed: DrillClockSpeed, resumed: boolean): string | undefined {
  if (resumed) return 'Times and targets are drill time (the drill was resumed: it ran in more than one sitting, perhaps at other speeds, so no real time is shown).';
  if (speed.kind === 'max') return 'Times and targets are drill time (the virtual clock ran as fast as the work allowed).';
  if (speed.factor === 1) return undefined;
  return `Times and targets are drill time (the virtual clock ran at ${speed.factor}x): real time is shown beside them.`;
}

export function timeLine(label: string, actual: number | null, target: number, speed: DrillClockSpeed | undefined, missing = 'never'): string {
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
  // Under a minute always to the tenth: `9m46s [20s real]` stood above `9m48s [19.6s real]`, a later time read earlier.
  if (tenths || real < 60_000) return ` [${(real / 1000).toFixed(1)}s real]`;
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
export function markedWhileBurning(events: readonly StoredEvent[]): string[] {
  return events.flatMap((e) => {
    // Resolved so too: the timeline, the postmortem and the JSON said it, the report nothing.
    if ((e.kind !== 'incident.mitigated' && e.kind !== 'incident.resolved') || e.data.burning === undefined) return [];
    const burning = e.data.burning.replace(/^(\S+) is burning/, '$1 was burning');
    return [`${e.kind === 'incident.mitigated' ? 'Marked mitigated' : 'Resolved'} at ${e.at.slice(11, 19)} UTC while ${burning}${e.data.reason === undefined ? '' : ` (why: ${e.data.reason})`} (not scored).`];
  });
}

/**
 * The burn back after a mitigated mark made while nothing burned (not scored): a drill's burn
 * came back 35 minutes under the mark, and its report said nothing. Each mark up to the next.
 */
export function burnBackAfterMarks(events: readonly StoredEvent[]): string[] {
  const marks = events.filter((e) => e.kind === 'incident.mitigated');
  return marks.flatMap((mark, i) => {
    if (mark.kind !== 'incident.mitigated' || mark.data.burning !== undefined) return [];
    const back = burnCameBack(events, mark.seq);
    const next = marks[i + 1];
    if (back === undefined || (next !== undefined && Date.parse(back.at) >= Date.parse(next.at))) return [];
    return [`Marked mitigated at ${mark.at.slice(11, 19)} UTC; the burn came back at ${back.at.slice(11, 19)} UTC (5m ${back.burn.toFixed(1)}x) (not scored).`];
  });
}

/** "No status update posted …": the runbook's ask, unanswered (not scored: the scenario judges the mitigation). */
export function missedUpdateLines(missed: StatusUpdateMissed | undefined): string[] {
  if (missed === undefined) return [];
  return [`No status update posted (not scored): the runbook asks for one${missed.asks === undefined ? '' : ` ${missed.asks}`}; the cockpit reminded at ${missed.remindedAt.slice(11, 19)} UTC.`];
}

