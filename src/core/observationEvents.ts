import type { NewEvent } from './events';
import type { Deploy } from './deploys';
import type { Flag } from './flags';

/**
 * What a poll of deploys tells the timeline: a deploy not seen before, or one whose status or
 * "current" mark changed. Deploys already on the timeline as they are stay silent.
 */
/** What the timeline already says of a deploy. */
export interface KnownDeploy {
  readonly status: string;
  readonly current?: boolean;
}

/** What the timeline already says of a flag. */
export interface KnownFlag {
  readonly variant: string | null;
  readonly state?: 'ENABLED' | 'DISABLED';
}

export function deployObservations(known: Readonly<Record<string, KnownDeploy>>, observed: readonly Deploy[]): NewEvent[] {
  return observed
    .filter((d) => {
      const seen = known[d.id];
      return !seen || seen.status !== d.status || Boolean(seen.current) !== d.current;
    })
    .reverse() // oldest first, so the timeline reads in the order things happened
    .map((d) => ({
      kind: 'deploy.observed',
      data: {
        id: d.id,
        revision: d.revision,
        status: d.status,
        current: d.current,
        ...(d.startedAt ? { startedAt: d.startedAt } : {}),
        ...(d.finishedAt ? { finishedAt: d.finishedAt } : {}),
        ...(d.actor ? { actor: d.actor } : {}),
        ...(d.artifacts.length > 0 ? { artifacts: d.artifacts } : {}),
        ...(Object.keys(d.labels).length > 0 ? { labels: d.labels } : {}),
      },
    }));
}

/** A flag seen for the first time, or whose served variant or state changed, with before and after. */
export function flagObservations(known: Readonly<Record<string, KnownFlag>>, observed: readonly Flag[]): NewEvent[] {
  return observed.flatMap((f): NewEvent[] => {
    const seen = known[f.key];
    if (seen && seen.variant === f.defaultVariant && seen.state === f.state) return [];
    return [
      {
        kind: 'flag.changed',
        data: {
          key: f.key,
          ...(seen ? { from: seen.variant } : {}),
          to: f.defaultVariant,
          state: f.state,
          ...(f.changedAt ? { changedAt: f.changedAt } : {}),
          ...(f.changedBy ? { by: f.changedBy } : {}),
        },
      },
    ];
  });
}
