import { errorBudget, SHORT_WINDOW_MS } from './burnRate';
import { formatCount } from './bounds';
import { formatDuration } from './duration';
import { impactStart, impactStartOf, type ImpactStart, type SloEvidence } from './impactStart';
import { markedMitigatedAt, type ActionState, type IncidentState } from './incident';
import type { ResponseMetrics } from './metrics';
import type { PostmortemFacts, TriggerFiring } from './postmortemFacts';
import { changeOf } from './responderActions';
import { cell, span, utc } from './postmortemText';

/**
 * The postmortem's impact and detection sections: when the users' pain began (estimated from
 * the SLO evidence, see impactStart.ts), what it cost from then on (not only while the incident
 * was open), and the response times measured from both the impact's start and the opening.
 */

export interface ImpactOptions {
  /** Requests per second the service serves, for the estimate of failed requests; unknown if absent. */
  readonly requestsPerSecond?: number;
}

export function estimateImpact(facts: PostmortemFacts): ImpactStart {
  return impactStart(facts.sloEvidence());
}

const pct = (ratio: number, digits = 2) => `${(ratio * 100).toFixed(digits)}%`;

/** The budget fraction the impact consumed before the SLO's first sample: what the samples cannot count. */
export function budgetBeforeSamples(budget: ResponseMetrics['errorBudget'][number], evidence: SloEvidence | undefined): number {
  return evidence === undefined ? 0 : impactStartOf(evidence).errorMsBeforeSamples / (errorBudget(budget.objective) * budget.periodMs);
}

export function impactSection(state: IncidentState, metrics: ResponseMetrics, facts: PostmortemFacts, impact: ImpactStart, options: ImpactOptions): string[] {
  const out = ['## Impact', ''];
  if (impact.at === undefined) {
    out.push(`Impact start: unknown (${impact.how}); describe the impact by hand.`);
  } else {
    const opened = Date.parse(state.openedAt);
    const lead = opened - impact.at;
    out.push(
      `- **Impact began:** ${utc(new Date(impact.at).toISOString())} UTC${lead > 0 ? `, ${span(impact.at, opened)} before the incident was opened` : ''} (${impact.basis === 'live' ? 'measured' : 'estimated'}: ${impact.how}).`,
      `- **Incident opened:** ${utc(state.openedAt)} UTC by ${state.openedBy}.`,
    );
  }
  const evidence = new Map(facts.sloEvidence().map((e) => [e.slo, e]));
  if (metrics.errorBudget.length === 0) {
    out.push('', 'No SLO observations were recorded; the budget consumed is unknown.');
  } else {
    const rps = options.requestsPerSecond;
    out.push(
      '',
      'Error budget consumed from the impact\'s start to resolution, or to the last event while still open (samples after the opening; before it, the estimate above):',
      '',
      '| SLO | objective | period | budget consumed | of which before opening | peak 5m error ratio | failed requests |',
      '|---|---|---|---|---|---|---|',
    );
    for (const b of metrics.errorBudget) {
      const before = budgetBeforeSamples(b, evidence.get(b.slo));
      const consumed = b.consumed + before;
      const peak = facts.peaks.get(b.slo);
      const failedMs = consumed * errorBudget(b.objective) * b.periodMs;
      const failed = rps === undefined ? 'unknown (no request rate given: `--requests-per-second`)' : `≈ ${formatCount(Math.round((failedMs / 1000) * rps))} (at ${rps}/s)`;
      out.push(
        `| ${cell(b.slo)} | ${b.objective}% | ${formatDuration(b.periodMs)} | ${pct(consumed)} | ${pct(before)} | ${peak ? `${pct(peak.errorRatio)} over the 5m to ${utc(peak.at)} UTC` : '—'} | ${cell(failed)} |`,
      );
    }
    out.push(...gapLines(metrics, facts));
  }
  if (facts.firings.length > 0) {
    out.push(
      '',
      'Burn-rate triggers that fired (peak: the highest burn read while it fired, on its own windows or the 5m one):',
      '',
      ...facts.firings.map(
        (t) => `- ${t.trigger} (${t.slo}): fired ${utc(t.firedAt)} UTC${t.atFirstLook ? ' (already firing at the cockpit\'s first look)' : ''}, peak ${t.peakBurn.toFixed(1)}x (${t.peakFrom}), ${t.clearedAt ? `cleared ${utc(t.clearedAt)} UTC` : 'still firing at export'}`,
      ),
    );
  }
  out.push('', '_Who was affected and how (customers, regions, features): to be written by the team._');
  return out;
}

/** Where the budget count stands on no data: each stretch without a sample, and the burn held through it. */
function gapLines(metrics: ResponseMetrics, facts: PostmortemFacts): string[] {
  const gaps = metrics.errorBudget.flatMap((b) => facts.sloGaps.of(b.slo, b.windowMs, Date.parse(b.to)));
  if (gaps.length === 0) return [];
  const held = (burn: number | null) => (burn === null ? 'counted as nothing (the sample before had no traffic)' : `counted at ${burn.toFixed(1)}x, the burn read before it`);
  const at = (ms: number) => utc(new Date(ms).toISOString());
  // The sample after a gap measured its last window: only the stretch before that stands on no data.
  const next = (gap: (typeof gaps)[number]) => (gap.nextSampleAt === undefined ? '' : `; the next sample, at ${at(gap.nextSampleAt)} UTC, measured the ${formatDuration(gap.windowMs)} before it`);
  return [
    '',
    'No SLO data for part of the count (no sample for a while: the provider did not answer, or the cockpit did not run): the budget above counts each stretch no sample measured at the burn read before it, so it may be too high or too low there.',
    '',
    ...gaps.map((gap) => `- ${gap.slo} (${formatDuration(gap.windowMs)} window): nothing measured from ${at(gap.from)} to ${at(gap.to)} UTC (${span(gap.from, gap.to)}${next(gap)}), ${held(gap.heldBurn)}.`),
  ];
}

/** `First action`, and, in a drill whose score calls it wrong, that it was (the drill report said so, the postmortem not). */
function firstActionLabel(state: IncidentState, facts: PostmortemFacts): string {
  const first = state.actions.find((a) => a.startedAt !== undefined && a.startedAt === state.firstActionAt);
  return first !== undefined && facts.wrongActions.has(first.id) ? `First action (${first.name} ${first.id}: a wrong one, see Drill score)` : 'First action';
}

export function detectionSection(state: IncidentState, facts: PostmortemFacts, impact: ImpactStart): string[] {
  const opened = Date.parse(state.openedAt);
  const first = facts.firings.reduce<TriggerFiring | undefined>((a, b) => (a === undefined || Date.parse(b.firedAt) < Date.parse(a.firedAt) ? b : a), undefined);
  const detected = first === undefined ? undefined : Date.parse(first.firedAt);
  // Seen firing at the first look, it had fired before: "Detected … 0s since opening" read as a
  // detection the cockpit made, of a burn paged for long before.
  const moments: [string, number | undefined][] = [
    [first?.atFirstLook ? "First trigger seen firing (at the cockpit's first look: it fired before)" : 'Detected (first trigger fired)', detected],
    ['Opened', opened],
    [firstActionLabel(state, facts), at(state.firstActionAt)],
    // A burn that stopped and came back: each stop, and the return (one "Burn stopped" row read as the relapse never happened).
    ...relapsesAfterActing(state, facts).flatMap(({ stoppedAt, at: backAt }): [string, number][] => [
      [`Burn stopped (${SHORT_WINDOW} window under 1x), then came back`, Date.parse(stoppedAt)],
      [`Burn came back (${SHORT_WINDOW} window over 1x)`, Date.parse(backAt)],
    ]),
    [`Burn stopped (${SHORT_WINDOW} window under 1x)`, at(facts.burnStoppedAt())],
    [state.mitigatedByResolve ? 'Mitigated (not marked)' : facts.mitigatedWhileBurning.has(markedMitigatedAt(state) ?? '') ? 'Mitigated (marked while burning)' : 'Mitigated', at(markedMitigatedAt(state))],
    ['Resolved', at(state.resolvedAt)],
  ];
  // In the order they happened (a mitigated mark made before the burn stopped came after it, and
  // "Detected" before "Opened" read as a cause coming first); those that did not happen last.
  const timed = moments.filter(([, t]) => t !== undefined).sort((a, b) => a[1]! - b[1]!);
  const ordered = [...timed, ...moments.filter(([, t]) => t === undefined)];
  const since = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? '—' : span(from, to));
  return [
    '## Detection and response',
    '',
    `| time to | since impact start${impact.at === undefined ? ' (unknown)' : ''} | since opening | at (UTC) |`,
    '|---|---|---|---|',
    ...ordered.map(([name, t]) => `| ${name} | ${since(impact.at, t)} | ${since(opened, t)} | ${t === undefined ? '—' : utc(new Date(t).toISOString())} |`),
    '',
    first === undefined
      ? facts.sloEvidence().length === 0
        ? 'No SLO observations were recorded: whether a burn-rate trigger fired is not known; say how the incident was found.'
        : 'No burn-rate trigger fired: no page came from these SLOs (the burn stayed under every trigger\'s long window); say how it was found.'
      : first.atFirstLook
        ? `${first.trigger} was already firing when the cockpit first read its windows: the burn was detected before the cockpit was opened. _How and when it was detected (alert, customer report, dashboard) and what delayed it: to be written by the team._`
        : '_How the incident was detected (alert, customer report, dashboard) and what delayed it: to be written by the team._',
  ];
}

/**
 * The stops of the burn that came back once the responders had acted (one before is no stop of
 * theirs: a burn near 1x flips under and over it), the newest three: the rows and the chart's gaps.
 */
export function relapsesAfterActing(state: IncidentState, facts: PostmortemFacts): readonly { readonly stoppedAt: string; readonly at: string }[] {
  const acted = state.firstActionAt;
  return acted === undefined ? [] : facts.relapses.filter((r) => Date.parse(r.stoppedAt) >= Date.parse(acted)).slice(-3);
}

function at(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso);
}

/** The short window whose burn says the errors stopped: `5m`. */
export const SHORT_WINDOW = formatDuration(SHORT_WINDOW_MS);

/** How long after a change finished the 5m window can take to fall under 1x: the window, and a poll. */
const STOP_LAG_MS = SHORT_WINDOW_MS + 60_000;

/**
 * The changes the burn stopped after: the rollbacks and flag changes the responder had started by
 * `stoppedAt` and finished no more than a 5m window (and a poll) before it, else the newest one
 * started before it. Not the first whose own check passed: that check says the change was made
 * (a flag set, a rollback rolled out), not that it ended the errors (a kill switch of a flag that
 * was not the cause passed its check, and the postmortem credited it with the mitigation). Two
 * changes close together are both named: the SLO cannot tell which of them worked. With `after`,
 * only changes started after it (what a burn that came back came back after). Never one `notNeeded` (undone while the
 * burn stayed stopped, or made once the errors were over: `RollbackJudgement.undoneClean`, `madeWhileFalling`).
 */
export function responderChangesBefore(state: IncidentState, stoppedAt: string, after?: string, notNeeded: ReadonlySet<string> = new Set()): ActionState[] {
  const stopped = Date.parse(stoppedAt);
  const from = after === undefined ? Number.NEGATIVE_INFINITY : Date.parse(after);
  const made = state.actions
    .filter((action) => !notNeeded.has(action.id))
    .flatMap((action) => {
      // An undo too: the one that ended a relapse was passed over, and the change that caused it credited.
      const change = changeOf(action);
      return change === undefined || change.status === 'running' || change.startedAt > stopped || change.startedAt <= from ? [] : [{ action, change }];
    })
    .sort((a, b) => a.change.startedAt - b.change.startedAt);
  const close = made.filter(({ change }) => change.at >= stopped - STOP_LAG_MS);
  return (close.length > 0 ? close : made.slice(-1)).map((m) => m.action);
}

/**
 * The deploys the incident saw start while its burn had stopped (from a 5m window before that
 * window fell under 1x: the burn may have ended then) up to when it came back: what it may have
 * come back with. A real incident's postmortem said the burn came back, and not that :43 went out.
 */
export function deploysMeanwhile(state: IncidentState, stoppedAt: string, backAt: string): string[] {
  const from = Date.parse(stoppedAt) - SHORT_WINDOW_MS;
  const to = Date.parse(backAt);
  return Object.values(state.deploys)
    .filter((d) => d.startedAt !== undefined && Date.parse(d.startedAt) > from && Date.parse(d.startedAt) <= to)
    .sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!))
    .map((d) => `deploy ${d.revision} (started ${utc(d.startedAt!)} UTC${d.actor === undefined ? '' : ` by ${d.actor}`})`);
}

/** "flags.set (act-1) and deploys.rollback (act-2)"; an undo says what it undid: "deploys.rollback (act-3, the undo of act-2)". */
export function actionsText(actions: readonly ActionState[]): string {
  const names = actions.map((a) => `${a.name} (${a.id}${a.undoes === undefined ? '' : `, the undo of ${a.undoes}`})`);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
