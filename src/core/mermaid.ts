import { markedMitigatedAt, type IncidentState } from './incident';

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

/** Facts beyond the fold that decide how a bar is drawn (see postmortemFacts.ts). */
export interface ChartFacts {
  /** Steps whose last check failed: never drawn as done, even if marked complete afterwards. */
  readonly failedChecks?: ReadonlySet<string>;
  /** Steps and actions pushed through by hand or past a safety block. */
  readonly overridden?: ReadonlySet<string>;
  /** When the users' pain began (estimated), if known. */
  readonly impactAt?: string;
  /** When the burn stopped for good (the 5m window under 1x), if it did: the impact's end, before any mark. */
  readonly impactEndAt?: string;
  /** Stretches the burn had stopped before it came back (after impactAt): the impact is drawn in parts around them. */
  readonly impactPauses?: readonly { readonly stoppedAt: string; readonly at: string }[];
  /** The mitigated mark was made while an SLO still burned: it ends no impact. */
  readonly markedWhileBurning?: boolean;
  /**
   * Each firing of each trigger, oldest first: one bar each. Without them, one bar per trigger from
   * its first firing (the fold keeps no more), which drew a trigger that cleared and fired again
   * as firing all along.
   */
  readonly firings?: readonly { readonly trigger: string; readonly firedAt: string; readonly clearedAt?: string }[];
}

/** The impact's bar, cut where the burn had stopped before it came back: `Impact`, then `Impact again`. */
function impactTasks(from: string, to: string, pauses: ChartFacts['impactPauses'] & {}): string[] {
  const inside = pauses.filter((p) => p.stoppedAt > from && p.at < to);
  const starts = [from, ...inside.map((p) => p.at)];
  const ends = [...inside.map((p) => p.stoppedAt), to];
  return starts.map((start, i) => task(i === 0 ? 'Impact' : 'Impact again', ['crit'], start, ends[i]!));
}

export function mermaidGantt(state: IncidentState, changes: readonly ChartChange[], facts: ChartFacts = {}): string {
  const failedChecks = facts.failedChecks ?? new Set<string>();
  const overridden = facts.overridden ?? new Set<string>();
  const end = state.resolvedAt ?? state.lastAt;
  // A trigger still firing, and the impact it measures, go on past a resolve: to the log's end.
  const stillFiring = Object.values(state.triggers).some((t) => t.active);
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

  const incident: string[] = [];
  const mitigatedAt = markedMitigatedAt(state);
  // The impact ends when the errors stopped: the mark came 20 to 47 minutes later in responders' drills.
  const markEnds = mitigatedAt !== undefined && facts.markedWhileBurning !== true ? mitigatedAt : undefined;
  const impactEnd = facts.impactEndAt !== undefined && facts.impactAt !== undefined && facts.impactEndAt > facts.impactAt ? facts.impactEndAt : (markEnds ?? (stillFiring ? state.lastAt : end));
  if (facts.impactAt !== undefined) incident.push(...impactTasks(facts.impactAt, impactEnd, facts.impactPauses ?? []));
  incident.push(milestone('Opened', state.openedAt, true));
  // When someone first took a role: named for what it is, not "acknowledged" (a role taken an hour in read as an hour to acknowledge).
  if (state.acknowledgedAt !== undefined) incident.push(milestone('First role taken', state.acknowledgedAt));
  if (mitigatedAt !== undefined) incident.push(milestone('Mitigated', mitigatedAt));
  if (state.resolvedAt !== undefined) incident.push(milestone('Resolved', state.resolvedAt));
  section('Incident', incident);

  section(
    'Changes before',
    changes.map((c) => milestone(c.label, c.at)),
  );

  const firings = facts.firings ?? Object.values(state.triggers).map((t) => ({ trigger: t.trigger, firedAt: t.firstFiredAt, ...(t.active || t.clearedAt === undefined ? {} : { clearedAt: t.clearedAt }) }));
  section(
    'Triggers',
    firings.map((f, i) => task(`${f.trigger} fired${firings.slice(0, i).some((e) => e.trigger === f.trigger) ? ' again' : ''}`, ['crit'], f.firedAt, f.clearedAt ?? state.lastAt)),
  );

  section(
    'Steps',
    state.steps
      .filter((s) => s.startedAt !== undefined || s.finishedAt !== undefined)
      .map((s) => {
        const start = s.startedAt ?? (s.finishedAt as string);
        // A step done by hand past a failed or skipped check is not "done" on the chart: the chart must not say more than the log.
        const unsound = s.status === 'done' && (failedChecks.has(s.id) || overridden.has(s.id));
        // Started, and its action over without it (declined, failed): not active until the end, but until that action ended.
        const ended = s.status === 'in-progress' ? lastActionEnd(state, s.id) : undefined;
        const tags: Tag[] = unsound ? ['crit'] : s.status === 'done' ? ['done'] : s.status === 'in-progress' && ended === undefined ? ['active'] : [];
        const label = s.status === 'skipped' ? `${s.title} (skipped)` : unsound ? `${s.title} (${overridden.has(s.id) ? 'overridden' : 'check failed'})` : s.title;
        return task(label, tags, start, s.finishedAt ?? ended ?? end);
      }),
  );

  section(
    'Actions',
    state.actions.map((a) => {
      const unsound = a.verification?.outcome === 'failed' || overridden.has(a.id);
      // Not watched to its end: made, its effect not known (it was drawn done, as verified ones are).
      const done = a.status === 'succeeded' && !unsound && a.verification?.outcome !== 'unwatched';
      const tags: Tag[] = done ? ['done'] : a.status === 'failed' || a.status === 'interrupted' || unsound ? ['crit'] : a.status === 'running' ? ['active'] : [];
      const check = a.verification?.outcome === 'failed' ? ', check failed' : a.verification?.outcome === 'passed' ? ', verified' : a.verification?.outcome === 'unwatched' ? ', not watched to its end' : '';
      // Forced through a block and then its check failed: both (it read "succeeded, safety overridden" alone).
      const note = `${overridden.has(a.id) ? ', safety overridden' : ''}${check}`;
      // The bar runs until the effect was verified, not until the provider call returned; interrupted, until it was last
      // heard of (it ran to the lease's expiry, 30 s after its output stopped).
      const heard = a.status === 'interrupted' ? (a.lastOutputAt ?? (state.mode === 'drill-sandbox' ? undefined : a.interrupted?.leaseExpiredAt)) : undefined;
      return task(`${a.name} ${a.status}${note}`, tags, a.startedAt ?? a.plannedAt, heard ?? (a.verification?.outcome === 'unwatched' ? undefined : a.verification?.at) ?? a.finishedAt ?? end);
    }),
  );

  lines.push('```');
  return lines.join('\n');
}

/**
 * When the step's last action ended, if every one of them ended without doing it (declined,
 * cancelled, failed, or its check failed: an aborted Rollout's step was drawn active to the end).
 */
function lastActionEnd(state: IncidentState, step: string): string | undefined {
  const actions = state.actions.filter((a) => a.step === step);
  const endOf = (a: IncidentState['actions'][number]): string | undefined =>
    a.verification?.outcome === 'failed' ? a.verification.at : a.status === 'cancelled' || a.status === 'failed' ? a.finishedAt : undefined;
  const ends = actions.map(endOf);
  if (actions.length === 0 || ends.some((at) => at === undefined)) return undefined;
  return (ends as string[]).sort().at(-1);
}
