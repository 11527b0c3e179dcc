import { argvText } from './argvText';
import { changesBefore, DEFAULT_CHANGE_LOOKBACK_MS } from './changesBefore';
import { describeEvent } from './describeEvent';
import type { StoredEvent } from './events';
import { incidentStatus, markedMitigatedAt, type ActionState, type IncidentState } from './incident';
import { mermaidGantt } from './mermaid';
import { openEnds } from './openEnds';
import { judgeRollbacks, type RollbackJudgement } from './burnWentOn';
import type { ResponseMetrics } from './metrics';
import { PostmortemFacts, type MarkedBurning } from './postmortemFacts';
import type { ImpactStart } from './impactStart';
import { formatDuration } from './duration';
import { actionsText, deploysMeanwhile, detectionSection, relapsesAfterActing, responderChangesBefore, estimateImpact, impactSection, SHORT_WINDOW, type ImpactOptions } from './postmortemImpact';
import { actionsSection, changesSection, commsSection, rolesSection, teamSections, timelineSection } from './postmortemSections';
import { cell, span, utc } from './postmortemText';

export { describeCall, utc } from './postmortemText';

/**
 * The Markdown postmortem (DESIGN "Export"), in the shape of the Google SRE workbook's and
 * PagerDuty's templates: summary, impact, detection, what changed, response timeline,
 * communications, roles, actions, chart, then the sections only people can write, clearly marked.
 * Facts come from the fold and the events; each section lives in the module that owns its
 * reasoning (impact in postmortemImpact.ts, lists in postmortemSections.ts).
 */

export interface PostmortemOptions extends ImpactOptions {
  /** Changes at least this long before the impact's start are listed (default 1h). */
  readonly changeLookbackMs?: number;
  /** Where the log lives, for the `cockpit verify` it prints (`--store …`; none for the default store). */
  readonly verifyArgs?: readonly string[];
}

/**
 * Builds the postmortem in one pass over the verified log (`add` each event in order, then
 * `render`), so a 100,000-event incident is never held in memory as events: only its table rows
 * and the facts the sections need are kept.
 */
export class PostmortemBuilder {
  private readonly facts = new PostmortemFacts();

  constructor(private readonly options: PostmortemOptions = {}) {}

  add(event: StoredEvent): void {
    this.facts.add(event, describeEvent);
  }

  /**
   * `broken`: where the log stopped verifying (export renders the part before it). The document
   * says so at its top: the warning went to stderr only, and a resolved incident's postmortem read
   * "Status open, Mitigated —, Resolved —" as if that were the whole story. `unanchored`: the log has no anchor (its
   * index holds none): the head it gives is not proven.
   */
  render(state: IncidentState, metrics: ResponseMetrics, broken?: { readonly seq: number; readonly reason: string }, unanchored = false): string {
    const facts = this.facts;
    // What the burn says of each change, judged once for every section that says it.
    const judged = judgeRollbacks(state.actions, facts.shortBurns);
    const impact = estimateImpact(facts);
    const lookbackMs = this.options.changeLookbackMs ?? DEFAULT_CHANGE_LOOKBACK_MS;
    const openedMs = Date.parse(state.openedAt);
    // Begun after the opening, as the samples saw it: what was made until its latest start is before it too.
    const begunAfter = impact.basis === 'live' && impact.at !== undefined && impact.at + (impact.precisionMs ?? 0) > openedMs;
    const changes = begunAfter ? changesBefore([...facts.changes.values(), ...facts.laterChanges.values()], openedMs, impact.at, lookbackMs, impact.at! + (impact.precisionMs ?? 0)) : changesBefore(facts.changes.values(), openedMs, impact.at, lookbackMs);
    const reference = impact.at === undefined ? { at: openedMs, name: 'opening' } : { at: impact.at, name: 'impact start', ...(impact.precisionMs === undefined ? {} : { precisionMs: impact.precisionMs }), ...(begunAfter ? { afterOpening: true as const } : {}) };
    const parts: string[][] = [header(state)];
    if (broken !== undefined) {
      parts.push([
        `> **Warning: the timeline is broken at seq ${broken.seq}** (${cell(broken.reason)}). This document is made of the ${state.lastSeq} events before it; what was recorded after is not in it, and the head hash is theirs. See \`cockpit verify ${state.id}\`.`,
      ]);
    }
    if (facts.notRecorded.length > 0) {
      parts.push([
        `> **Warning: events are missing from this timeline.** ${facts.notRecorded.map((text) => `${cell(text)}.`).join(' ')} What happened then is not all here: a time read from the events after such a stretch (a trigger cleared, a check's verdict, a step done) may be when the cockpit could record again, not when it happened.`,
      ]);
    }
    if (state.drill) parts.push([`> **Drill.** This incident was a rehearsal (${state.mode}), not a production outage.`]);
    parts.push(
      summarySection(state, facts, impact, judged),
      impactSection(state, metrics, facts, impact, this.options),
      detectionSection(state, facts, impact),
      changesSection(changes, reference, lookbackMs, { deploys: Object.keys(state.deploys).length > 0, flags: Object.keys(state.flags).length > 0 }),
      timelineSection(facts),
      commsSection(facts),
      rolesSection(state, facts),
      actionsSection(state, facts, judged),
      ['## Timeline chart', '', mermaidGantt(state, changes, { failedChecks: facts.failedChecks, overridden: facts.overridden, firings: facts.firings, markedWhileBurning: mitigatedBurning(state, facts) !== undefined, ...(impact.at === undefined ? {} : { impactAt: new Date(impact.at).toISOString() }), ...(facts.burnStoppedAt() === undefined ? {} : { impactEndAt: facts.burnStoppedAt()! }), impactPauses: relapsesAfterActing(state, facts) })],
    );
    if (state.drillScore !== undefined) {
      const s = state.drillScore;
      // A drill quit and resumed was scored at each quit: the earlier scores stay in the timeline, this one counts.
      const earlier = facts.drillScores > 1 ? [``, `Scored ${facts.drillScores} times (the drill was quit and resumed): this is the last score; the earlier ones are in the Response timeline.`] : [];
      // Resumed and not ended again: the score is of the drill as it was at the quit (helper-138: "The world did NOT recover"
      // beside the same document's "the burn stopped at 02:41:44 UTC").
      const at = facts.lastScoredAt();
      const since = at !== undefined && at < state.lastAt && (state.resolvedAt === undefined || state.resolvedAt > at) ? [``, `Scored at ${at.slice(11, 19)} UTC, when its cockpit quit; the drill went on after it and has not ended since: this is the drill as it was then (it is scored again when it ends).`] : [];
      parts.push(['## Drill score', '', `**${s.score} / ${s.max}**${s.summary ? ` — ${s.summary}` : ''}`, ...earlier, ...since]);
    }
    if (state.anomalies.length > 0) {
      parts.push(['## Timeline anomalies', '', 'Events the cockpit could not apply (kept in the log as written):', '', ...state.anomalies.map((a) => `- ${a}`)]);
    }
    parts.push(...teamSections(), anchorSection(state, this.options.verifyArgs ?? [], unanchored));
    return `${parts.map((p) => p.join('\n')).join('\n\n')}\n`;
  }
}

function header(state: IncidentState): string[] {
  const title = state.title ?? `${state.service} ${state.severity} incident`;
  return [`# Postmortem: ${title}`, '', `Incident \`${state.id}\` · generated from its timeline (${state.lastSeq} events, head hash \`${state.lastHash}\`; see "Timeline anchor" at the end).`];
}

/** The anchor lets a reader check this document against the log it came from. */
function anchorSection(state: IncidentState, verifyArgs: readonly string[], unanchored: boolean): string[] {
  // Said in the document, not on stderr alone: its "Keep these" read as a proven head of a log whose anchor was removed.
  const unproven = unanchored ? ['**The log has no anchor** (its index holds none): events cut from its end would not show, so this head is not proven.', ''] : [];
  return [
    '## Timeline anchor',
    '',
    ...unproven,
    '| | |',
    '|---|---|',
    `| Events | ${state.lastSeq} |`,
    `| Head hash | \`${state.lastHash}\` |`,
    '',
    `Keep these: \`${argvText(['cockpit', 'verify', state.id, ...verifyArgs, '--expect-head', state.lastHash])}\` later shows whether the timeline was cut or rewritten since this document was made.`,
  ];
}

/** ", while availability was burning 120.9x on 5m (why: …)": a mark made past a burn, said where it is read. */
function whileBurning(marked: MarkedBurning | undefined): string {
  return marked === undefined ? '' : `, while ${marked.burning.replace(/^(\S+) is burning/, '$1 was burning')}${marked.reason === undefined ? '' : ` (why: ${marked.reason})`}`;
}

/** What burned when the mitigated mark that stands (the fold's) was made, if anything did. */
function mitigatedBurning(state: IncidentState, facts: PostmortemFacts): MarkedBurning | undefined {
  const marked = markedMitigatedAt(state);
  return marked === undefined ? undefined : facts.mitigatedWhileBurning.get(marked);
}

function mitigatedCell(state: IncidentState, facts: PostmortemFacts, judged: RollbackJudgement): string {
  const marked = markedMitigatedAt(state);
  // The mark is when a responder said so; when the errors stopped, and after which change, is what the reader needs beside it.
  const seen = burnStoppedText(state, facts, judged);
  if (marked !== undefined) return `${utc(marked)} UTC (marked${whileBurning(mitigatedBurning(state, facts))})${seen === undefined ? '' : `; ${seen}`}`;
  if (state.mitigatedByResolve) return `not marked: resolved without a mitigated mark${seen === undefined ? '' : `; ${seen}`}`;
  // A bare "—" beside a burn that stopped (a drill's score counts it) read as "never mitigated".
  return seen === undefined ? '—' : `not marked; ${seen}`;
}

/** The 5m window falls under 1x up to a window after the errors end: a reader adding up the impact must not count that. */
const WINDOW_UNDER_1X = `${SHORT_WINDOW} window under 1x: the burn ended within the ${SHORT_WINDOW} before`;

/**
 * "the burn stopped at … (5m window under 1x…), after …", and, while a burn goes on that had
 * stopped, ", and came back at …, after …": the kill switch that ended it and the forced rollback
 * that brought it back were both missing from a postmortem that said only "—".
 */
function burnStoppedText(state: IncidentState, facts: PostmortemFacts, judged: RollbackJudgement): string | undefined {
  const after = (actions: readonly ActionState[]) => (actions.length === 0 ? '' : `, after ${actionsText(actions)}`);
  const cameBack = (back: { readonly stoppedAt: string; readonly at: string }) => {
    const mine = responderChangesBefore(state, back.at, back.stoppedAt);
    const others = mine.length > 0 ? [] : deploysMeanwhile(state, back.stoppedAt, back.at);
    return `came back at ${utc(back.at)} UTC${others.length > 0 ? `, after ${others.join(' and ')}` : after(mine)}`;
  };
  const stopped = facts.burnStoppedAt();
  if (stopped !== undefined) {
    // Stopped, back and stopped again: the stop the responders made first, what brought it back, and what ended it (the
    // Summary credited the undo of the responder's own harmful rollback alone, the kill switch that first stopped it unsaid).
    const relapses = relapsesAfterActing(state, facts);
    const [first, last] = [relapses[0], relapses.at(-1)];
    // A change undone while the burn stayed stopped, or made once the errors were over, did not stop it (the Mitigated
    // row credited an undone flag change, and a kill switch turned after the rollback had stopped the errors).
    const final = `${utc(stopped)} UTC (${WINDOW_UNDER_1X})${after(responderChangesBefore(state, stopped, last?.at, new Set([...judged.undoneClean, ...judged.madeWhileFalling.keys()])))}`;
    if (first === undefined || last === undefined) return `the burn stopped at ${final}`;
    const times = relapses.length > 1 ? ` (the last of ${relapses.length} returns)` : '';
    return `the burn first stopped at ${utc(first.stoppedAt)} UTC${after(responderChangesBefore(state, first.stoppedAt))}, ${cameBack(last)}${times}, and stopped again at ${final}`;
  }
  const back = facts.burnCameBack();
  if (back === undefined) return undefined;
  return `the burn stopped at ${utc(back.stoppedAt)} UTC (${WINDOW_UNDER_1X})${after(responderChangesBefore(state, back.stoppedAt))}, and ${cameBack(back)}`;
}

/**
 * The impact's start as the Summary gives it, with how sure it is: A's read "11:14:00 UTC", 2m11s
 * before the deploy that caused it, and only the Impact section said "give or take 3m".
 */
function impactCell(impact: ImpactStart): string {
  if (impact.at === undefined) return 'unknown (see Impact)';
  const at = `${utc(new Date(impact.at).toISOString())} UTC`;
  const within = impact.precisionMs === undefined ? undefined : formatDuration(impact.precisionMs);
  // A live sample's start is the earliest its window allows; an estimate is either way; a bound only earlier.
  const sure = impact.basis === 'live' && within !== undefined ? ` or up to ${within} later` : within !== undefined ? `, give or take ${within}` : impact.basis === 'windows-lower-bound' || impact.basis === 'trigger-lower-bound' ? ' or earlier' : '';
  return `${at}${sure} (see Impact for how it was estimated)`;
}

function summarySection(state: IncidentState, facts: PostmortemFacts, impact: ImpactStart, judged: RollbackJudgement): string[] {
  const role = (r: 'commander' | 'ops' | 'comms') => state.roles[r] ?? '—';
  const rows: [string, string][] = [
    ['Service', state.service],
    ['Environment', state.environment],
    ['Severity', state.severity === state.openedSeverity ? state.severity : `${state.severity} (opened as ${state.openedSeverity})`],
    ['Status', incidentStatus(state)],
    ['Impact began', impactCell(impact)],
    ['Opened', `${utc(state.openedAt)} UTC by ${state.openedBy}`],
    ['Mitigated', mitigatedCell(state, facts, judged)],
    ['Resolved', state.resolvedAt ? `${utc(state.resolvedAt)} UTC${whileBurning(facts.resolvedBurning)}` : '—'],
    // A resolve taken back is part of the story: resolved while burning, then reopened, read as one resolve.
    ...facts.reopenings.map((r): [string, string] => ['Reopened', `${utc(r.reopenedAt)} UTC by ${r.by} (${r.reason}), after a resolve at ${utc(r.resolvedAt)} UTC${whileBurning(r.burning)}`]),
    ['Duration (opened to resolved)', `${span(Date.parse(state.openedAt), Date.parse(state.resolvedAt ?? state.lastAt))}${state.resolvedAt ? '' : ' (still open at export)'}`],
    ['Commander', role('commander')],
    ['Ops', role('ops')],
    ['Comms', role('comms')],
  ];
  if (state.runbook !== undefined) rows.push(['Runbook', state.runbook]);
  // What the incident left behind: follow-ups nobody should have to find in the timeline.
  const ends = openEnds(state, judged);
  if (ends.steps.length > 0) rows.push(['Runbook steps not done', ends.steps.join('; ')]);
  // A step skipped is a decision, said with its reason: order-worker's `1. Pause the consumers`, skipped, was in no row.
  const skipped = state.steps.flatMap((step, i) => (step.status === 'skipped' ? [`${i + 1}. ${step.title}${step.reason === undefined ? '' : ` (${step.reason})`}`] : []));
  if (skipped.length > 0) rows.push(['Runbook steps skipped', skipped.join('; ')]);
  if (ends.changes.length > 0) rows.push(['Left changed (as last seen)', ends.changes.join('; ')]);
  if (ends.inFlight.length > 0) rows.push(['Under way at the end of the timeline', ends.inFlight.join('; ')]);
  return [
    '## Summary',
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`),
    '',
    '_TO FILL IN (team): what happened, who was affected, and how it was fixed, in two or three sentences._',
  ];
}
