import type { ChartChange } from './mermaid';
import type { StoredEvent } from './events';
import { compareText } from './compareText';

/**
 * "What changed before": the deploys and flag changes a postmortem reader looks through for the
 * cause. A fixed window before the opening misses the cause as soon as the page came late (a
 * deploy 60m0.8s before the opening fell outside "the hour before"), so the window reaches back
 * from the impact's start, and always far enough to hold the last deploy and the last flag
 * change before it, however old: the reader must see them to rule them in or out.
 */

/** How far before the impact's start changes are listed at least (`cockpit export --changes-since`). */
export const DEFAULT_CHANGE_LOOKBACK_MS = 60 * 60 * 1000;

export interface Change extends ChartChange {
  readonly type: 'deploy' | 'flag';
  /** Who made it, when the provider says. */
  readonly by?: string;
  readonly details: string;
  /** One row per deploy (its latest observation) and per flag change. */
  readonly key: string;
}

/**
 * The change an event reports, dated by the change's own time (a deploy's start, a flag's
 * `changedAt`), never by when the cockpit saw it: the first sighting of a flag at opening is not
 * a change made at opening. A flag with no time of its own dates nothing.
 */
export function changeOf(event: StoredEvent): Change | undefined {
  if (event.kind === 'deploy.observed') {
    const d = event.data;
    const at = d.startedAt ?? d.finishedAt;
    if (at === undefined || Number.isNaN(Date.parse(at))) return undefined;
    const migration = d.labels?.migration ? `, migration: ${d.labels.migration}` : '';
    const images = d.artifacts && d.artifacts.length > 0 ? `, ${d.artifacts.join(', ')}` : '';
    return {
      type: 'deploy',
      at: new Date(Date.parse(at)).toISOString(),
      label: `deploy ${d.revision}`,
      ...(d.actor ? { by: d.actor } : {}),
      details: `${d.status}${migration}${images}`,
      key: `deploy:${d.id}`,
    };
  }
  // A flag seen at open dates its last change by the provider's own time, as a change seen later does.
  if (event.kind === 'flag.changed' || event.kind === 'flag.observed') {
    const d = event.kind === 'flag.observed' ? { ...event.data, from: undefined } : event.data;
    if (d.changedAt === undefined || Number.isNaN(Date.parse(d.changedAt))) return undefined;
    return {
      type: 'flag',
      at: new Date(Date.parse(d.changedAt)).toISOString(),
      label: `flag ${d.key} → ${d.to ?? 'default'}`,
      ...(d.by ? { by: d.by } : {}),
      details: d.from === undefined ? '' : `was ${d.from ?? 'default'}`,
      key: `flag:${d.key}:${d.changedAt}`,
    };
  }
  return undefined;
}

/**
 * The changes to list: made before the opening (what responders did after it is in the
 * timeline), from `lookbackMs` before the impact's start, plus the last deploy and the last flag
 * change before the impact's start if they are older (the changes between them and the window
 * are left out: the reader needs the last one of each, not the whole history). Oldest first.
 * An impact begun after the opening (`impactUntil`: the latest it can have begun) takes what was
 * made until then too: a deploy 6 s after the opening, the cause, was left out.
 */
export function changesBefore(all: Iterable<Change>, openedMs: number, impactMs: number | undefined, lookbackMs = DEFAULT_CHANGE_LOOKBACK_MS, impactUntil = openedMs): Change[] {
  const anchor = Math.min(impactMs ?? openedMs, openedMs);
  const until = Math.max(openedMs, impactUntil);
  const before = [...all].filter((c) => Date.parse(c.at) < until).sort((a, b) => compareText(a.at, b.at) || compareText(a.key, b.key));
  const lastAt = (type: Change['type']) => before.filter((c) => c.type === type && Date.parse(c.at) <= anchor).pop()?.at;
  const lasts = new Set([lastAt('deploy'), lastAt('flag')]);
  return before.filter((c) => Date.parse(c.at) >= anchor - lookbackMs || (lasts.has(c.at) && Date.parse(c.at) <= anchor));
}
