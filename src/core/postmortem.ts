import type { PlannedCall } from './actions';
import { argvText, shellWord } from './argvText';
import { describeEvent } from './describeEvent';
import { formatDuration } from './duration';
import type { StoredEvent } from './events';
import { incidentStatus, type ActionState, type IncidentState } from './incident';
import { mermaidGantt, type ChartChange } from './mermaid';
import type { ResponseMetrics } from './metrics';
import { commsLog } from './postmortemComms';
import { compareText } from './compareText';

/**
 * The Markdown postmortem (DESIGN "Export"), in the shape teams already use (summary, impact,
 * detection and response, what changed, timeline, actions, root cause, action items). Facts
 * come from the fold and the events; the sections only people can write are left empty.
 */

/** Changes this long before opening count as "what changed before it started". */
export const CHANGE_LOOKBACK_MS = 60 * 60 * 1000;
/** Streamed output and raw SLO samples are summarised in their own sections, not listed. */
const NOT_IN_TABLE = new Set<string>(['action.output', 'slo.observed']);
const OUTPUT_LINES = 20;

export function utc(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')}`;
}

function duration(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDuration(Math.round(ms / 1000) * 1000);
}

/** A table cell: no pipes, no line breaks. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim();
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}\n${text}\n${ticks}`;
}

export function describeCall(call: PlannedCall): string {
  switch (call.kind) {
    case 'argv':
      return `${call.cwd ? `(cd ${shellWord(call.cwd)}) ` : ''}${argvText(call.argv)}${call.timeoutMs ? `   # timeout ${formatDuration(call.timeoutMs)}` : ''}`;
    case 'api':
      return `${call.operation} ${JSON.stringify(call.args)}`;
    case 'file':
      return `${call.path}: ${call.change}`;
  }
}

interface Change extends ChartChange {
  readonly details: string;
  /** One row per deploy (its latest observation) and per flag toggle. */
  readonly key: string;
}

/** Deploys and flag toggles whose own timestamps fall in the hour before the incident opened. */
function changeOf(event: StoredEvent, openedMs: number): Change | undefined {
  let at: string | undefined;
  let label: string;
  let details: string;
  let key: string;
  if (event.kind === 'deploy.observed') {
    const d = event.data;
    key = `deploy:${d.id}`;
    at = d.startedAt ?? d.finishedAt;
    label = `deploy ${d.revision}`;
    const migration = d.labels?.migration ? `, migration: ${d.labels.migration}` : '';
    const images = d.artifacts && d.artifacts.length > 0 ? `, ${d.artifacts.join(', ')}` : '';
    details = `${d.status}${d.current ? ', current' : ''}${d.actor ? `, by ${d.actor}` : ''}${migration}${images}`;
  } else if (event.kind === 'flag.changed') {
    const d = event.data;
    at = d.changedAt;
    key = `flag:${d.key}:${d.changedAt ?? ''}`;
    label = `flag ${d.key} → ${d.to ?? 'default'}`;
    details = `${d.from === undefined ? '' : `was ${d.from ?? 'default'}`}${d.by ? `${d.from === undefined ? '' : ', '}by ${d.by}` : ''}`;
  } else {
    return undefined;
  }
  if (at === undefined) return undefined;
  const ms = Date.parse(at);
  // Strictly before: what the responders did once the incident was open is in the timeline.
  if (Number.isNaN(ms) || ms >= openedMs || ms < openedMs - CHANGE_LOOKBACK_MS) return undefined;
  return { at: new Date(ms).toISOString(), label, details, key };
}

function summarySection(state: IncidentState, metrics: ResponseMetrics): string[] {
  const role = (r: 'commander' | 'ops' | 'comms') => state.roles[r] ?? '—';
  const rows: [string, string][] = [
    ['Service', state.service],
    ['Environment', state.environment],
    ['Severity', state.severity === state.openedSeverity ? state.severity : `${state.severity} (opened as ${state.openedSeverity})`],
    ['Status', incidentStatus(state)],
    ['Opened', `${utc(state.openedAt)} UTC by ${state.openedBy}`],
    ['Mitigated', state.mitigatedAt ? `${utc(state.mitigatedAt)} UTC` : '—'],
    ['Resolved', state.resolvedAt ? `${utc(state.resolvedAt)} UTC` : '—'],
    ['Duration', `${duration(metrics.durationMs)}${state.resolvedAt ? '' : ' (still open at export)'}`],
    ['Commander', role('commander')],
    ['Ops', role('ops')],
    ['Comms', role('comms')],
  ];
  if (state.runbook !== undefined) rows.push(['Runbook', state.runbook]);
  return [
    '## Summary',
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`),
    '',
    '_What happened, who was affected, and how it was fixed, in two or three sentences._',
  ];
}

function impactSection(state: IncidentState, metrics: ResponseMetrics): string[] {
  const out = ['## Impact', ''];
  if (metrics.errorBudget.length === 0) {
    out.push('No SLO observations were recorded during the incident; describe the impact by hand.');
  } else {
    out.push(
      'Error budget consumed while the incident was open (from the SLO observations on the timeline):',
      '',
      '| SLO | objective | period | budget consumed | observations |',
      '|---|---|---|---|---|',
      ...metrics.errorBudget.map(
        (b) => `| ${cell(b.slo)} | ${b.objective}% | ${formatDuration(b.periodMs)} | ${(b.consumed * 100).toFixed(2)}% | ${b.observations} (${formatDuration(b.windowMs)} window) |`,
      ),
    );
  }
  const triggers = Object.values(state.triggers);
  if (triggers.length > 0) {
    out.push(
      '',
      'Burn-rate triggers that fired:',
      '',
      ...triggers.map(
        (t) => `- ${t.trigger} (${t.slo}): first at ${utc(t.firstFiredAt)} UTC, peak ${t.peakBurnRate.toFixed(1)}x, ${t.clearedAt ? `cleared ${utc(t.clearedAt)} UTC` : 'still firing'}`,
      ),
    );
  }
  return out;
}

function responseSection(metrics: ResponseMetrics): string[] {
  return [
    '## Detection and response',
    '',
    '| metric | since opening |',
    '|---|---|',
    `| Time to acknowledge | ${duration(metrics.timeToAcknowledgeMs)} |`,
    `| Time to first action | ${duration(metrics.timeToFirstActionMs)} |`,
    `| Time to mitigate | ${duration(metrics.timeToMitigateMs)} |`,
    `| Time to resolve | ${duration(metrics.timeToResolveMs)} |`,
  ];
}

function changesSection(changes: readonly Change[]): string[] {
  const out = ['## What changed in the hour before', ''];
  if (changes.length === 0) {
    out.push('No deploy or flag change with a recorded time in the hour before the incident opened.');
    return out;
  }
  return [
    ...out,
    '| time (UTC) | change | details |',
    '|---|---|---|',
    ...changes.map((c) => `| ${utc(c.at)} | ${cell(c.label)} | ${cell(c.details) || '—'} |`),
  ];
}

function actionSection(action: ActionState, index: number): string[] {
  const out = [`### ${index + 1}. ${action.summary} — \`${action.name}\` (${action.status})`, ''];
  if (action.step !== undefined) out.push(`- Step: ${action.step}`);
  out.push(`- Planned: ${utc(action.plannedAt)} UTC`);
  if (action.safety !== undefined) {
    out.push(`- Safety: ${action.safety.level}${action.safety.reasons.length > 0 ? ` — ${action.safety.reasons.join('; ')}` : ''}`);
  }
  if (action.confirmedAt !== undefined) out.push(`- Confirmed: ${utc(action.confirmedAt)} UTC${action.confirmedBy ? ` by ${action.confirmedBy}` : ''}`);
  if (action.startedAt !== undefined) out.push(`- Started: ${utc(action.startedAt)} UTC`);
  if (action.finishedAt !== undefined) {
    const took = action.startedAt === undefined ? '' : ` (took ${duration(Date.parse(action.finishedAt) - Date.parse(action.startedAt))})`;
    out.push(`- Finished: ${utc(action.finishedAt)} UTC${took}`);
  }
  if (action.outcome !== undefined) out.push(`- Outcome: ${action.outcome}`);
  if (action.error !== undefined) out.push(`- Error (${action.error.kind}): ${action.error.message}`);
  if (action.calls.length > 0) out.push('', 'Calls:', '', fence(action.calls.map(describeCall).join('\n')));
  if (action.outputChars > 0) {
    const lines = action.outputTail.trimEnd().split('\n').slice(-OUTPUT_LINES);
    out.push('', `Output (last ${lines.length} lines of ${action.outputChars} characters):`, '', fence(lines.join('\n')));
  }
  return out;
}

function actionsSection(state: IncidentState): string[] {
  if (state.actions.length === 0) return ['## Actions', '', 'No action was run from the cockpit.'];
  return ['## Actions', '', ...state.actions.flatMap((a, i) => [...actionSection(a, i), ''])].slice(0, -1);
}

/**
 * Builds the postmortem in one pass over the verified log (`add` each event in order, then
 * `render`), so a 100,000-event incident is never held in memory as events: only its table rows
 * and the few changes before the opening are kept.
 */
export class PostmortemBuilder {
  private openedMs = Number.NaN;
  private readonly changes = new Map<string, Change>();
  private readonly rows: string[] = [];
  private readonly actionNames = new Map<string, string>();
  private readonly comms: StoredEvent[] = [];

  add(event: StoredEvent): void {
    if (event.kind === 'comms.sent') this.comms.push(event);
    if (event.kind === 'incident.opened' && Number.isNaN(this.openedMs)) this.openedMs = Date.parse(event.at);
    if (event.kind === 'action.planned') this.actionNames.set(event.data.action, event.data.name);
    const change = changeOf(event, this.openedMs);
    if (change !== undefined) this.changes.set(change.key, change);
    if (!NOT_IN_TABLE.has(event.kind)) {
      const text = describeEvent(event, (id) => this.actionNames.get(id));
      this.rows.push(`| ${utc(event.at)} | ${cell(event.actor)} | ${cell(text)} |`);
    }
  }

  render(state: IncidentState, metrics: ResponseMetrics): string {
    const changes = [...this.changes.values()].sort((a, b) => compareText(a.at, b.at));
    return renderSections(state, metrics, changes, this.rows, commsLog(this.comms));
  }
}

function renderSections(state: IncidentState, metrics: ResponseMetrics, changes: readonly Change[], rows: readonly string[], comms: readonly string[]): string {
  const title = state.title ?? `${state.service} ${state.severity} incident`;
  const parts: string[][] = [
    [
      `# Postmortem: ${title}`,
      '',
      `Incident \`${state.id}\` · generated from its timeline (${state.lastSeq} events, last hash \`${state.lastHash}\`).`,
      `Keep this hash: \`cockpit verify ${state.id} --expect-head ${state.lastHash}\` later shows whether the timeline was cut or rewritten since.`,
    ],
  ];
  if (state.drill) parts.push([`> **Drill.** This incident was a rehearsal (${state.mode}), not a production outage.`]);
  parts.push(
    summarySection(state, metrics),
    impactSection(state, metrics),
    responseSection(metrics),
    changesSection(changes),
    ['## Timeline', '', '| time (UTC) | actor | event |', '|---|---|---|', ...rows],
    actionsSection(state),
    [...comms],
    ['## Timeline chart', '', mermaidGantt(state, changes)],
  );
  if (state.drillScore !== undefined) {
    const s = state.drillScore;
    parts.push(['## Drill score', '', `**${s.score} / ${s.max}**${s.summary ? ` — ${s.summary}` : ''}`]);
  }
  if (state.anomalies.length > 0) {
    parts.push(['## Timeline anomalies', '', 'Events the cockpit could not apply (kept in the log as written):', '', ...state.anomalies.map((a) => `- ${a}`)]);
  }
  parts.push(
    ['## Root cause', '', '_To be written by the team._'],
    [
      '## Action items',
      '',
      '| item | type (mitigate / prevent / process) | owner | ticket |',
      '|---|---|---|---|',
      '| | | | |',
    ],
    ['## Lessons learned', '', '- What went well:', '- What went wrong:', '- Where we got lucky:'],
  );
  return `${parts.map((p) => p.join('\n')).join('\n\n')}\n`;
}
