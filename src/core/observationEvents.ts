import type { NewEvent } from './events';
import type { Deploy } from './deploys';
import type { Flag } from './flags';

/** What the timeline already says of a deploy. */
export interface KnownDeploy {
  readonly status: string;
  readonly current?: boolean;
}

/** What the timeline already says of a flag. */
export interface KnownFlag {
  readonly variant: string | null;
  readonly state?: 'ENABLED' | 'DISABLED';
  /** When the cockpit last saw it so (ms since the epoch): a provider's change time before it is not this change's. */
  readonly seenAt?: number;
}

/**
 * Whether an observation is the cockpit's first look at the world (the incident's baseline) or
 * what it saw while the incident was open. The first look records what is, with the deploys' and
 * flags' own times and actors; only later differences are changes (DESIGN "Additions": "Baseline
 * observations at open are recorded as observed state").
 */
export type ObservationMoment = 'baseline' | 'while-open';

/**
 * What a poll of deploys tells the timeline: a deploy not seen before, or one whose status or
 * "current" mark changed. Deploys already on the timeline as they are stay silent.
 */
export function deployObservations(known: Readonly<Record<string, KnownDeploy>>, observed: readonly Deploy[], moment: ObservationMoment = 'while-open'): NewEvent[] {
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
        ...(d.automaticRollback ? { automaticRollback: d.automaticRollback } : {}),
        ...(d.formerRevisions?.length ? { formerRevisions: d.formerRevisions } : {}),
        ...(moment === 'baseline' ? { baseline: true as const } : {}),
      },
    }));
}

/**
 * A provider's change stamp older than a flip the timeline saw and dated by its own look (the stamp was left aside as
 * stale then, `flagObservations`): the stamp and its author are an earlier change's, not what the flag serves now.
 */
export const staleStamp = (known: { readonly changeTime: string; readonly changedAt: string } | undefined, reportedAt: string | undefined): boolean =>
  known?.changeTime === 'observed' && reportedAt !== undefined && Date.parse(reportedAt) < Date.parse(known.changedAt);

/**
 * At the baseline, every flag as it is (`flag.observed`, with the provider's own change time
 * and author when it has them). While open, a flag whose served variant or state changed, with
 * before and after, or one that appeared.
 */
export function flagObservations(known: Readonly<Record<string, KnownFlag>>, observed: readonly Flag[], moment: ObservationMoment = 'while-open'): NewEvent[] {
  return observed.flatMap((f): NewEvent[] => {
    const seen = known[f.key];
    if (seen && seen.variant === f.defaultVariant && seen.state === f.state) return [];
    // A flag file edited by hand keeps the metadata of the change before (the cockpit's own kill switch, 23m earlier): a
    // change time from before the last look at the old value is stale, and so is its author. The change is the look's.
    const stale = seen?.seenAt !== undefined && f.changedAt !== undefined && Date.parse(f.changedAt) <= seen.seenAt;
    const provider = stale ? {} : { ...(f.changedAt ? { changedAt: f.changedAt } : {}), ...(f.changedBy ? { by: f.changedBy } : {}) };
    // The first look is what is, not a change: observed, like a deploy seen at open.
    if (moment === 'baseline' && seen === undefined) {
      return [{ kind: 'flag.observed', data: { key: f.key, to: f.defaultVariant, state: f.state, ...provider, baseline: true } }];
    }
    return [{ kind: 'flag.changed', data: { key: f.key, ...(seen ? { from: seen.variant } : {}), to: f.defaultVariant, state: f.state, ...provider } }];
  });
}
