import type { IncidentState } from './incident';

/**
 * The incident as a Mermaid gantt chart (GitHub renders ```mermaid blocks). Gantt syntax: one
 * `Label :tags, start, end` per task; in a label `:` ends it (it becomes the look-alike ∶), `#` and `;` start entity codes
 * and comments, so they are replaced, and a label that begins with a keyword (`section`,
 * `title`, ...) would be read as that keyword, so it gets a leading mark.
 */

export interface ChartChange {
  readonly at: string;
  readonly label: string;
}

const KEYWORD_RE = /^(title|section|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|weekday|weekend|inclusiveenddates|topaxis|acctitle|accdescr|click|gantt)\b/i;
const MAX_LABEL = 60;
/** A chart with hundreds of bars helps nobody; the table has everything. */
export const MAX_CHART_TASKS = 40;

export function mermaidLabel(text: string): string {
  let label = text
    .replace(/:/g, '∶')
    .replace(/;/g, ',')
    .replace(/#/g, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (label.length > MAX_LABEL) label = `${label.slice(0, MAX_LABEL - 1)}…`;
  if (label === '') label = 'untitled';
  return KEYWORD_RE.test(label) ? `› ${label}` : label;
}

/** `2026-11-22 02:31:07`: matches the chart's dateFormat. */
function chartTime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

type Tag = 'done' | 'active' | 'crit' | 'milestone';

function task(label: string, tags: readonly Tag[], start: string, end: string): string {
  const prefix = tags.length === 0 ? '' : `${tags.join(', ')}, `;
  return `    ${mermaidLabel(label)} :${prefix}${chartTime(start)}, ${chartTime(end)}`;
}

function milestone(label: string, at: string, crit = false): string {
  const prefix = crit ? 'crit, milestone' : 'milestone';
  return `    ${mermaidLabel(label)} :${prefix}, ${chartTime(at)}, 0s`;
}

export function mermaidGantt(state: IncidentState, changes: readonly ChartChange[]): string {
  const end = state.resolvedAt ?? state.lastAt;
  const lines = [
    '```mermaid',
    'gantt',
    `    title ${mermaidLabel(`${state.id} (UTC)`)}`,
    '    dateFormat YYYY-MM-DD HH:mm:ss',
    '    axisFormat %H:%M',
  ];
  let budget = MAX_CHART_TASKS;
  const section = (name: string, rows: string[]) => {
    const kept = rows.slice(0, Math.max(0, budget));
    budget -= kept.length;
    if (kept.length > 0) lines.push(`    section ${mermaidLabel(name)}`, ...kept);
  };

  const incident = [milestone('Opened', state.openedAt, true)];
  if (state.acknowledgedAt !== undefined) incident.push(milestone('Acknowledged', state.acknowledgedAt));
  if (state.mitigatedAt !== undefined) incident.push(milestone('Mitigated', state.mitigatedAt));
  if (state.resolvedAt !== undefined) incident.push(milestone('Resolved', state.resolvedAt));
  section('Incident', incident);

  section(
    'Changes before',
    changes.map((c) => milestone(c.label, c.at)),
  );

  section(
    'Triggers',
    Object.values(state.triggers).map((t) => task(`${t.trigger} fired`, ['crit'], t.firstFiredAt, t.clearedAt ?? end)),
  );

  section(
    'Steps',
    state.steps
      .filter((s) => s.startedAt !== undefined || s.finishedAt !== undefined)
      .map((s) => {
        const start = s.startedAt ?? (s.finishedAt as string);
        const tags: Tag[] = s.status === 'done' ? ['done'] : s.status === 'in-progress' ? ['active'] : [];
        return task(s.status === 'skipped' ? `${s.title} (skipped)` : s.title, tags, start, s.finishedAt ?? end);
      }),
  );

  section(
    'Actions',
    state.actions.map((a) => {
      const tags: Tag[] = a.status === 'succeeded' ? ['done'] : a.status === 'failed' ? ['crit'] : a.status === 'running' ? ['active'] : [];
      return task(`${a.name} ${a.status}`, tags, a.startedAt ?? a.plannedAt, a.finishedAt ?? end);
    }),
  );

  lines.push('```');
  return lines.join('\n');
}
